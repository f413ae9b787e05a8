import { describe, expect, it } from 'vitest';
import { cleanCustomers, rawCustomers, tableRows } from '../../src/index.js';
import { rawTable } from '../helpers/raw-table.js';

const customer = (id: string | null, name: string | null, more: Record<string, string | null> = {}) => ({
  'Customer ID': id,
  'Customer Name': name,
  Country: 'United States',
  ...more,
});

describe('cleanCustomers', () => {
  it('cleans names, phones, emails and postal codes, and counts each rule', () => {
    const raw = rawTable(rawCustomers, [
      customer('GH-14410', 'Gary567 Hansen', {
        phone: '001-542-415-0246x314',
        email: 'a@example.com',
        'Postal Code': '2005',
      }),
      customer('PB-1', 'Peter Bühler', { phone: '#ERROR!', email: 'not-an-email', 'Postal Code': '80027' }),
      customer(' AB-10015 ', '#$%', { phone: '7185624866', email: null, 'Postal Code': null }),
    ]);
    const { table, rejects, fixes } = cleanCustomers(raw);
    expect(rejects).toEqual([]);
    expect(
      tableRows(table).map((r) => [r['customer_id'], r['customer_name'], r['phone'], r['email'], r['postal_code']]),
    ).toEqual([
      ['GH-14410', 'Gary Hansen', '+1-542-415-0246 x314', 'a@example.com', '02005'],
      ['PB-1', 'Peter Bühler', null, null, '80027'],
      ['AB-10015', null, '+1-718-562-4866', null, null],
    ]);
    expect(fixes).toEqual({
      'customer_id.trim': { changed: 1, nulled: 0 },
      'name.clean': { changed: 1, nulled: 1 },
      'phone.normalise': { changed: 2, nulled: 1 },
      'email.validate': { changed: 0, nulled: 1 },
      'postal_code.normalise': { changed: 1, nulled: 0 },
    });
  });

  it('keeps the first row of a repeated customer_id and rejects the rest with their source row', () => {
    const raw = rawTable(rawCustomers, [
      customer('C1', 'First'),
      customer('C2', 'Other'),
      customer(' C1', 'Second'),
      customer(null, 'Nobody'),
    ]);
    const { table, rejects } = cleanCustomers(raw);
    expect(tableRows(table).map((r) => [r['customer_id'], r['customer_name'], r['source_row']])).toEqual([
      ['C1', 'First', 1n],
      ['C2', 'Other', 2n],
    ]);
    expect(rejects).toEqual([
      expect.objectContaining({ sourceRow: 3, key: 'C1', value: ' C1', rule: 'customer.duplicate_id' }),
      expect.objectContaining({ sourceRow: 4, key: null, rule: 'customer.missing_id' }),
    ]);
    expect(rejects[0]!.message).toContain('already seen at source row 1');
  });
});

import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawCustomers, rawOrders, rawProducts, readCsv, readJson, readXlsx, tableRows } from '../../src/index.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures');

/** The rows of a raw table keyed by one column. */
function byKey(rows: Record<string, unknown>[], key: string): Map<unknown, Record<string, unknown>> {
  return new Map(rows.map((r) => [r[key], r]));
}

describe('readers on the hand-written fixtures keep every dirty value exactly as written', () => {
  it('Customer.xlsx: numbers shown as text, names, ids and postal codes as read', async () => {
    const { table, issues } = await readXlsx(join(fixtures, 'Customer.xlsx'), rawCustomers);
    expect(issues).toEqual([]);
    const rows = tableRows(table);
    expect(rows).toHaveLength(15);
    const byRow = byKey(rows, 'source_row');
    expect(byRow.get(2n)).toMatchObject({ customer_name: 'Gary567 Hansen', phone: '001-542-415-0246x314' });
    expect(byRow.get(3n)).toMatchObject({
      customer_name: 'Tam&^*ara Smith',
      phone: '(563)647-4830',
      postal_code: '80027',
    });
    expect(byRow.get(4n)).toMatchObject({ customer_name: ' &&Tracy Blumstein', phone: '7185624866' });
    expect(byRow.get(5n)).toMatchObject({
      customer_name: 'Peter Bühler',
      phone: '421.580.0902x9815',
      postal_code: '2005',
    });
    expect(byRow.get(6n)).toMatchObject({ customer_name: 'Zoë Ängström', postal_code: '501' });
    expect(byRow.get(7n)).toMatchObject({ customer_name: 'José Núñez', phone: '#ERROR!', email: 'not-an-email' });
    expect(byRow.get(8n)).toMatchObject({ customer_name: null, phone: '-6181', email: 'a@b' });
    expect(byRow.get(9n)).toMatchObject({ customer_name: '#$%', phone: '12345', email: null });
    expect(byRow.get(10n)).toMatchObject({ customer_id: ' AB-10015 ', postal_code: null });
    expect(rows.filter((r) => r['customer_id'] === 'DP-13000').map((r) => r['customer_name'])).toEqual([
      'Darren Powers',
      'Dana Porter',
    ]);
    expect(String(byRow.get(3n)!['address'])).toContain('\n');
  });

  it('Products.csv: quoted names with commas and quotes, repeated ids, prices as written', async () => {
    const { table, issues } = await readCsv(join(fixtures, 'Products.csv'), rawProducts);
    expect(issues).toEqual([]);
    const rows = tableRows(table);
    expect(rows).toHaveLength(14);
    const byRow = byKey(rows, 'source_row');
    expect(byRow.get(6n)!['product_name']).toBe('GBC Pre-Punched Binding Paper, Plastic, White, 8-1/2" x 11"');
    expect(byRow.get(8n)!['product_name']).toBe('Executive Impressions 13" Clairmont Wall Clock');
    expect(byRow.get(1n)!['price_per_product']).toBe('81.882');
    expect(rows.filter((r) => r['product_id'] === 'FUR-FU-10004270').map((r) => r['state'])).toEqual([
      'Texas',
      'Oklahoma',
    ]);
  });

  it('Orders.json: stray-character prices, 4-decimal ties, bad values and an extra key, all as text', async () => {
    const { table, issues } = await readJson(join(fixtures, 'Orders.json'), rawOrders);
    expect(issues).toEqual([]);
    const rows = tableRows(table);
    expect(rows).toHaveLength(27);
    const byRow = byKey(rows, 'source_row');
    expect(byRow.get(2n)!['profit']).toBe('2.345');
    expect(byRow.get(3n)!['profit']).toBe('-2.345');
    expect(byRow.get(4n)).toMatchObject({ price: '4797%', profit: '1.005' });
    expect(byRow.get(6n)!['profit']).toBe('-0.005');
    expect(byRow.get(9n)!['quantity']).toBe('three');
    expect(byRow.get(10n)!['profit']).toBe('n/a');
    expect(byRow.get(11n)!['row_id']).toBeNull();
    expect(byRow.get(12n)!['coupon']).toBe('X1');
    expect(byRow.get(25n)!['order_date']).toBe('31/2/2016');
    expect(byRow.get(26n)!['quantity']).toBe('-2');
    expect(byRow.get(27n)!['discount']).toBe('1.5');
    expect(table.schema.names).toContain('coupon');
  });
});

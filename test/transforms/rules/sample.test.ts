import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { beforeAll, expect, it } from 'vitest';
import { readXlsx } from '../../../src/io/xlsx/read-xlsx.js';
import { rawCustomers } from '../../../src/schemas/raw.js';
import { columnValues } from '../../../src/table/columns.js';
import { cleaningRules, type CleaningRule } from '../../../src/transforms/rules/index.js';
import { describeWithSample } from '../../helpers/sample.js';
import { sampleDir } from '../../helpers/tmp.js';

const customerFile = join(sampleDir, 'Customer.xlsx');

/** What one rule did to one column: non-null values changed, non-null values nulled, values the rule saw. */
interface Counts {
  readonly seen: number;
  readonly changed: number;
  readonly nulled: number;
}

function countFixes(values: readonly unknown[], rule: CleaningRule): Counts {
  let seen = 0;
  let changed = 0;
  let nulled = 0;
  for (const value of values) {
    if (typeof value !== 'string') continue;
    seen++;
    const out = rule.clean(value);
    if (out === null) nulled++;
    else if (out !== value) changed++;
  }
  return { seen, changed, nulled };
}

describeWithSample('cleaning rules on the real sample (Customer.xlsx, 793 customers)', () => {
  let table: Table | null = null;
  const byId = new Map<string, Record<string, unknown>>();
  const values = (column: string): unknown[] => (table === null ? [] : columnValues(table, column));
  beforeAll(async () => {
    table = (await readXlsx(customerFile, rawCustomers)).table;
    const ids = values('customer_id');
    for (const column of ['customer_name', 'phone', 'email', 'postal_code']) {
      values(column).forEach((value, i) => {
        const id = String(ids[i]);
        byId.set(id, { ...byId.get(id), [column]: value });
      });
    }
  });
  const clean = (id: string, column: string, rule: CleaningRule): string | null =>
    rule.clean(String(byId.get(id)?.[column]));

  it('reads 793 customers', () => {
    expect(values('customer_id')).toHaveLength(793);
  });

  it('name.clean changes 65 of 785 names and nulls none (8 names are empty in the sheet)', () => {
    expect(countFixes(values('customer_name'), cleaningRules['name.clean'])).toEqual({
      seen: 785,
      changed: 65,
      nulled: 0,
    });
    const rule = cleaningRules['name.clean'];
    expect(clean('GH-14410', 'customer_name', rule)).toBe('Gary Hansen');
    expect(clean('AH-10075', 'customer_name', rule)).toBe('Ad am Hart');
    expect(clean('TB-21520', 'customer_name', rule)).toBe('Tracy Blumstein');
    expect(clean('HW-14935', 'customer_name', rule)).toBe('Helen Waerman');
    expect(clean('JF-15295', 'customer_name', rule)).toBe('Jason Fortune');
    expect(clean('PB-19105', 'customer_name', rule)).toBe('Peter Bühler');
  });

  it('phone.normalise rewrites 651 phones and nulls 142 (103 #ERROR!, 32 negative numbers, 7 of 9 digits)', () => {
    const phones = values('phone');
    const rule = cleaningRules['phone.normalise'];
    expect(countFixes(phones, rule)).toEqual({ seen: 793, changed: 651, nulled: 142 });
    const nulled = phones.filter((p): p is string => typeof p === 'string' && rule.clean(p) === null);
    expect(nulled.filter((p) => p === '#ERROR!')).toHaveLength(103);
    expect(nulled.filter((p) => /^-\d+$/.test(p))).toHaveLength(32);
    expect(nulled.filter((p) => /^\d{9}$/.test(p))).toHaveLength(7);
    expect(clean('PW-19240', 'phone', rule)).toBe('+1-421-580-0902 x9815');
    expect(clean('GH-14410', 'phone', rule)).toBe('+1-542-415-0246 x314');
    expect(clean('KL-16555', 'phone', rule)).toBe('+1-718-562-4866');
    expect(clean('SC-20680', 'phone', rule)).toBe('+1-563-647-4830 x5318');
    expect(clean('JR-15700', 'phone', rule)).toBeNull();
    expect(clean('LS-16945', 'phone', rule)).toBeNull();
    expect(clean('KN-16705', 'phone', rule)).toBeNull();
  });

  it('email.validate accepts all 793 emails unchanged', () => {
    expect(countFixes(values('email'), cleaningRules['email.validate'])).toEqual({ seen: 793, changed: 0, nulled: 0 });
  });

  it('postal_code.normalise restores the leading zero of 32 four-digit ZIP codes and nulls none', () => {
    const rule = cleaningRules['postal_code.normalise'];
    expect(countFixes(values('postal_code'), rule)).toEqual({ seen: 793, changed: 32, nulled: 0 });
    expect(clean('PW-19240', 'postal_code', rule)).toBe('80027');
    expect(clean('MA-17560', 'postal_code', rule)).toBe('02149');
  });

  it.each(['customer_id', 'segment', 'country', 'city', 'state', 'region'])(
    'text.trim leaves every %s as it is',
    (column) => {
      expect(countFixes(values(column), cleaningRules['text.trim'])).toEqual({ seen: 793, changed: 0, nulled: 0 });
    },
  );

  it('cleans every value of the sample 20 times over in well under a second', () => {
    const started = performance.now();
    for (let round = 0; round < 20; round++) {
      countFixes(values('customer_name'), cleaningRules['name.clean']);
      countFixes(values('phone'), cleaningRules['phone.normalise']);
      countFixes(values('email'), cleaningRules['email.validate']);
      countFixes(values('postal_code'), cleaningRules['postal_code.normalise']);
      countFixes(values('customer_id'), cleaningRules['text.trim']);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

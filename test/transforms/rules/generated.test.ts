/**
 * The cleaning rules on generated sources (fixtures/generate.ts), read by the real readers: each rule changes
 * and empties exactly the values the generator made dirty for it, and every rule has work to do — so a clone
 * without the shared sample still covers every rule on data shaped like the export.
 */
import type { Table } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSources, type GeneratedSources } from '../../../fixtures/generate.js';
import { readCsv } from '../../../src/io/csv/read-csv.js';
import { readXlsx } from '../../../src/io/xlsx/read-xlsx.js';
import { rawCustomers, rawProducts } from '../../../src/schemas/raw.js';
import { columnValues } from '../../../src/table/columns.js';
import { cleaningRules, type CleaningRule } from '../../../src/transforms/rules/index.js';
import { tempDir } from '../../helpers/tmp.js';

/** What one rule did to one column: values it saw (non-null), changed, and emptied. */
function countFixes(
  table: Table,
  column: string,
  rule: CleaningRule,
): { seen: number; changed: number; nulled: number } {
  let seen = 0;
  let changed = 0;
  let nulled = 0;
  for (const value of columnValues(table, column)) {
    if (typeof value !== 'string') continue;
    seen++;
    const out = rule.clean(value);
    if (out === null) nulled++;
    else if (out !== value) changed++;
  }
  return { seen, changed, nulled };
}

describe('cleaning rules on generated sources (20,000 lines: 2,000 customers, 4,000 products)', () => {
  let made: GeneratedSources;
  let customers: Table;
  let products: Table;
  beforeAll(async () => {
    made = await generateSources({ lines: 20_000, out: tempDir('ecomflow-rules-'), seed: 11 });
    customers = (await readXlsx(made.customers.path, rawCustomers)).table;
    products = (await readCsv(made.products.path, rawProducts)).table;
  });
  const dirt = (): GeneratedSources['customers']['dirt'] => made.customers.dirt;

  it('reads every generated row', () => {
    expect([customers.numRows, products.numRows]).toEqual([made.customers.rows, made.products.rows]);
  });

  it('name.clean changes every name with junk in it and empties the symbol-only ones', () => {
    expect(countFixes(customers, 'customer_name', cleaningRules['name.clean'])).toEqual({
      seen: made.customers.rows - dirt().emptyName,
      changed: dirt().junkName,
      nulled: dirt().symbolOnlyName,
    });
  });

  it('phone.normalise rewrites phones to one form and empties negative, #ERROR! and 5-digit ones', () => {
    const counts = countFixes(customers, 'phone', cleaningRules['phone.normalise']);
    expect(counts.seen).toBe(made.customers.rows);
    expect(counts.nulled).toBe(dirt().negativePhone + dirt().errorPhone + dirt().shortPhone);
    expect(counts.changed).toBeGreaterThan(made.customers.rows / 2);
  });

  it('email.validate empties the invalid emails and changes no valid one', () => {
    expect(countFixes(customers, 'email', cleaningRules['email.validate'])).toEqual({
      seen: made.customers.rows - dirt().emptyEmail,
      changed: 0,
      nulled: dirt().invalidEmail,
    });
  });

  it('postal_code.normalise restores lost leading zeros and empties none', () => {
    const counts = countFixes(customers, 'postal_code', cleaningRules['postal_code.normalise']);
    expect(counts.seen).toBe(made.customers.rows - dirt().emptyPostal);
    expect(counts.nulled).toBe(0);
    expect(counts.changed).toBeGreaterThan(0);
    const restored = columnValues(customers, 'postal_code').filter((p) => typeof p === 'string' && p.length < 5);
    expect(counts.changed).toBe(restored.length);
  });

  it('text.trim trims the spaced customer ids and product names, and leaves the clean labels alone', () => {
    const trim = cleaningRules['text.trim'];
    expect(countFixes(customers, 'customer_id', trim).changed).toBe(dirt().spacedId);
    expect(countFixes(products, 'product_name', trim).changed).toBe(made.products.spacedNames);
    for (const column of ['segment', 'country', 'city', 'state', 'region'])
      expect(countFixes(customers, column, trim), column).toMatchObject({ changed: 0, nulled: 0 });
  });

  it('gives every cleaning rule work to do', () => {
    const columnsOf: Record<keyof typeof cleaningRules, [Table, string][]> = {
      'name.clean': [[customers, 'customer_name']],
      'phone.normalise': [[customers, 'phone']],
      'email.validate': [[customers, 'email']],
      'postal_code.normalise': [[customers, 'postal_code']],
      'text.trim': [
        [customers, 'customer_id'],
        [products, 'product_name'],
      ],
    };
    for (const [name, rule] of Object.entries(cleaningRules)) {
      const work = columnsOf[name as keyof typeof cleaningRules].map(([t, c]) => countFixes(t, c, rule));
      expect(
        work.reduce((n, w) => n + w.changed + w.nulled, 0),
        name,
      ).toBeGreaterThan(0);
    }
  });
});

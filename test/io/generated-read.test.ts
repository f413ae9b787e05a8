/**
 * The three readers on generated sources (fixtures/generate.ts) of the real export's shape: every row read,
 * nothing lost, values as written — what the shared sample's reader tests check, on data the repo makes.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSources, type GeneratedSources } from '../../fixtures/generate.js';
import { rawCustomers, rawOrders, rawProducts, readCsv, readJson, readXlsx, tableRows } from '../../src/index.js';
import { orderLineTexts } from '../helpers/profit-oracle.js';
import { tempDir } from '../helpers/tmp.js';

describe('the readers on generated sources (20,000 lines)', () => {
  let made: GeneratedSources;
  beforeAll(async () => {
    made = await generateSources({ lines: 20_000, out: tempDir('ecomflow-read-gen-'), seed: 13 });
  });

  it('readJson reads every order line with its values as written, whatever the chunk size', async () => {
    const r = await readJson(made.orders.path, rawOrders);
    expect([r.rowsRead, r.table.numRows, r.issues]).toEqual([made.orders.rows, made.orders.rows, []]);
    const names: string[] = r.table.schema.names; // the type lists the declared columns; open ones are extra
    expect(names.includes('coupon')).toBe(made.orders.dirt.extraKey > 0); // the extra key, kept
    expect(names.filter((n) => n !== 'coupon')).toEqual([
      'row_id',
      'order_id',
      'order_date',
      'ship_date',
      'ship_mode',
      'customer_id',
      'product_id',
      'quantity',
      'price',
      'discount',
      'profit',
      'source_row',
    ]);
    const rows = tableRows(r.table);
    const texts = orderLineTexts(readFileSync(made.orders.path, 'utf8'));
    expect(rows.map((row) => [Number(row['source_row']), row['profit'], row['order_date']])).toEqual(
      texts.map((t) => [t.sourceRow, t.profit, t.orderDate]),
    );
    expect(rows.filter((row) => row['row_id'] === null)).toHaveLength(made.orders.dirt.missingRowId);
    const odd = await readJson(made.orders.path, rawOrders, { chunkSize: 4093 });
    expect(tableRows(odd.table)).toEqual(rows);
  });

  it('readCsv reads every product record, repeated ids and stray spaces kept', async () => {
    const r = await readCsv(made.products.path, rawProducts);
    expect([r.table.numRows, r.issues]).toEqual([made.products.rows, []]);
    const rows = tableRows(r.table);
    const ids = rows.map((x) => x['product_id']);
    expect(ids.length - new Set(ids).size).toBe(made.products.repeated);
    expect(rows.filter((x) => / $| {2}/.test(String(x['product_name'])))).toHaveLength(made.products.spacedNames);
    expect(rows.some((x) => String(x['product_name']).includes(','))).toBe(true);
  });

  it('readXlsx reads every customer as Excel shows it: number cells as their digits, #ERROR! as text', async () => {
    const r = await readXlsx(made.customers.path, rawCustomers);
    expect([r.rowsRead, r.sheet, r.fixes, r.issues]).toEqual([made.customers.rows, 'Worksheet', {}, []]);
    const rows = tableRows(r.table);
    expect(rows[0]!['source_row']).toBe(2n);
    const d = made.customers.dirt;
    const phones = rows.map((x) => x['phone']);
    expect(phones.filter((p) => typeof p === 'string' && /^-?\d+$/.test(p))).toHaveLength(
      d.numberPhone + d.negativePhone + d.shortPhone,
    );
    expect(phones.filter((p) => p === '#ERROR!')).toHaveLength(d.errorPhone);
    expect(rows.every((x) => String(x['address']).includes('\n'))).toBe(true);
    expect(rows.filter((x) => x['customer_name'] === null)).toHaveLength(d.emptyName);
  });
});

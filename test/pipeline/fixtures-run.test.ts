import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPipeline, type RunSummary } from '../../src/index.js';
import { sqlPath, withDuck } from '../helpers/duckdb.js';
import { tempDir } from '../helpers/tmp.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures');

describe('runPipeline on the hand-written fixtures', () => {
  let out = '';
  let run: Promise<RunSummary>;
  beforeAll(async () => {
    out = join(tempDir(), 'wh');
    run = Promise.resolve(await runPipeline({ input: fixtures, out }));
  });

  it('accounts for every row of every source (fixtures/README.md)', async () => {
    const s = await run;
    const t = s.quality.tables;
    expect([t.customers.rows_read, t.customers.rows_written, t.customers.rejected_by_reason]).toEqual([
      15,
      14,
      { 'customer.duplicate_id': 1 },
    ]);
    expect([t.products.rows_read, t.products.rows_written, t.products.rejected_by_reason]).toEqual([
      14,
      11,
      { 'product.duplicate_id': 3 },
    ]);
    expect([t.orders.rows_read, t.orders.rows_written, t.orders.rejected_by_reason]).toEqual([
      27,
      21,
      {
        'order.bad_order_date': 1,
        'order.bad_profit': 1,
        'order.bad_quantity': 1,
        'order.discount_out_of_range': 1,
        'order.missing_row_id': 1,
        'order.nonpositive_quantity': 1,
      },
    ]);
    expect(JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(s.quality)));
  });

  it('reconciles the total profit across enriched orders and every aggregate', async () => {
    await run;
    await withDuck(async (q) => {
      const total = async (f: string) =>
        (await q(`select sum(profit)::varchar as p from ${sqlPath(join(out, f))}`))[0]!['p'];
      expect(await total('enriched/orders.parquet')).toBe('-1213.76');
      for (const a of [
        'profit_by_year',
        'profit_by_category',
        'profit_by_sub_category',
        'profit_by_customer',
        'profit_summary',
      ]) {
        expect(await total(`aggregates/${a}.parquet`), a).toBe('-1213.76');
      }
    });
  });

  it('writes rejects with file, source row, column, value and rule', async () => {
    await run;
    await withDuck(async (q) => {
      expect(
        await q(
          `select source_row, column_name, value, rule from ${sqlPath(join(out, 'rejects/orders.parquet'))} ` +
            'order by source_row',
        ),
      ).toEqual([
        { source_row: '9', column_name: 'quantity', value: 'three', rule: 'order.bad_quantity' },
        { source_row: '10', column_name: 'profit', value: 'n/a', rule: 'order.bad_profit' },
        { source_row: '11', column_name: 'row_id', value: null, rule: 'order.missing_row_id' },
        { source_row: '25', column_name: 'order_date', value: '31/2/2016', rule: 'order.bad_order_date' },
        { source_row: '26', column_name: 'quantity', value: '-2', rule: 'order.nonpositive_quantity' },
        { source_row: '27', column_name: 'discount', value: '1.5', rule: 'order.discount_out_of_range' },
      ]);
    });
  });
});

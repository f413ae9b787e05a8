import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline, type RunEvent } from '../../src/index.js';
import { generateSources } from '../../fixtures/generate.js';
import { sqlPath, withDuck } from '../helpers/duckdb.js';
import { tempDir } from '../helpers/tmp.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures');

/** Every table's rows as exact text, in a fixed order, read through DuckDB. */
async function contents(warehouse: string): Promise<Record<string, unknown>> {
  const tables = [
    'raw/orders',
    'enriched/orders',
    'rejects/orders',
    'aggregates/profit_by_year',
    'aggregates/profit_by_category',
    'aggregates/profit_by_sub_category',
    'aggregates/profit_by_customer',
    'aggregates/profit_summary',
  ];
  return withDuck(async (q) => {
    const out: Record<string, unknown> = {};
    for (const t of tables) {
      const f = sqlPath(join(warehouse, `${t}.parquet`));
      out[t] = { columns: await q(`describe select * from ${f}`), rows: await q(`select * from ${f} order by all`) };
    }
    return out;
  });
}

let batchCount = 0;
/** Notes how many batches the order lines came in (from the enrich stage's line). */
const countBatches = (e: RunEvent): void => {
  if (e.kind === 'stage-end' && e.stage === 'enrich') batchCount = Number(/in (\d+) batch/.exec(e.detail)?.[1] ?? 0);
};

describe('order lines in batches', () => {
  it('gives the same tables, rejects and quality whatever the batch size (27 fixture lines in 16s)', async () => {
    const one = join(tempDir(), 'one');
    const many = join(tempDir(), 'many');
    const a = await runPipeline({ input: fixtures, out: one });
    const b = await runPipeline({ input: fixtures, out: many, orderBatchRows: 16, onEvent: countBatches });
    expect(batchCount).toBeGreaterThan(1);
    expect(b.quality).toEqual(a.quality);
    expect(await contents(many)).toEqual(await contents(one));
  });

  it('tells an exact duplicate from a conflicting line when the first is in an earlier batch', async () => {
    const input = tempDir();
    for (const f of ['Customer.xlsx', 'Products.csv']) copyFileSync(join(fixtures, f), join(input, f));
    const lines = (JSON.parse(readFileSync(join(fixtures, 'Orders.json'), 'utf8')) as Record<string, unknown>[]).slice(
      0,
      6,
    );
    const orders = [...lines, { ...lines[0] }, { ...lines[1], Profit: 999.99 }];
    writeFileSync(join(input, 'Orders.json'), JSON.stringify(orders, null, 2));
    const one = await runPipeline({ input, out: join(tempDir(), 'one') });
    const many = await runPipeline({ input, out: join(tempDir(), 'many'), orderBatchRows: 2, onEvent: countBatches });
    expect(batchCount).toBeGreaterThan(2);
    expect(many.quality.tables.orders.rejected_by_reason).toEqual({
      'order.conflicting_row_id': 1,
      'order.duplicate_line': 1,
    });
    expect(many.quality).toEqual(one.quality);
  });

  it('stops with json.late_column when a column first appears after the first batch', async () => {
    const input = tempDir();
    for (const f of ['Customer.xlsx', 'Products.csv']) copyFileSync(join(fixtures, f), join(input, f));
    const lines = (JSON.parse(readFileSync(join(fixtures, 'Orders.json'), 'utf8')) as Record<string, unknown>[])
      .slice(0, 6)
      .map(({ Coupon: _drop, ...rest }) => rest);
    lines[5] = { ...lines[5], Coupon: 'LATE' };
    writeFileSync(join(input, 'Orders.json'), JSON.stringify(lines));
    await expect(runPipeline({ input, out: join(tempDir(), 'w'), orderBatchRows: 2 })).rejects.toThrow(
      new RegExp(
        `^${join(input, 'Orders.json').replace(/[.]/g, '\\.')}: batch columns .*coupon.* cannot join a file written in batches$`,
      ),
    );
    const whole = await runPipeline({ input, out: join(tempDir(), 'w2') });
    expect(whole.quality.tables.orders.rows_read).toBe(6);
  });

  it('gives the same warehouse on 20,000 generated dirty lines in batches of 1,500', async () => {
    const input = tempDir();
    await generateSources({ lines: 20_000, out: input, seed: 11 });
    const one = join(tempDir(), 'one');
    const many = join(tempDir(), 'many');
    const a = await runPipeline({ input, out: one });
    const b = await runPipeline({ input, out: many, orderBatchRows: 1_500 });
    expect(b.quality).toEqual(a.quality);
    expect(await contents(many)).toEqual(await contents(one));
  });
});

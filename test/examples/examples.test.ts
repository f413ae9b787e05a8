/**
 * The examples never rot: each runs as a user would run it (a child process on the fixtures) and must exit 0
 * printing its key tables and figures (the fixtures' expected totals, see fixtures/README.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSources } from '../../fixtures/generate.js';
import { runPipeline, tableRows, readParquet } from '../../src/index.js';
import { orderLineTexts, profitByYear, totalProfit } from '../helpers/profit-oracle.js';
import { hasSample, sampleDir, tempDir } from '../helpers/tmp.js';

const root = resolve(import.meta.dirname, '../..');
const fixtures = join(root, 'fixtures');

/** Runs `examples/<file>` with node + tsx; returns its exit code and output. */
function runExample(file: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('examples', file), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Asserts exit 0, nothing on stderr, and every expected piece of text in stdout. */
function expectRun(r: ReturnType<typeof runExample>, expected: readonly string[]): void {
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  for (const text of expected) expect(r.out).toContain(text);
}

describe('examples', () => {
  it('01 reads the three sources into raw tables and writes raw Parquet into --out', () => {
    const out = tempDir();
    const r = runExample('01-raw-tables.ts', fixtures, '--out', out);
    expectRun(r, [
      'raw.customers\ncustomer_id │ customer_name      │ email',
      ' Gary567 Hansen ',
      '(15 rows × 12 columns)',
      'raw.products',
      '(14 rows × 7 columns)',
      'raw.orders',
      '│ 4797%  │',
      '(27 rows × 13 columns)',
      'raw/customers.parquet: 15 rows × 12 columns (round trip ok)',
      'raw/orders.parquet: 27 rows × 13 columns (round trip ok)',
    ]);
    for (const name of ['customers', 'products', 'orders'])
      expect(existsSync(join(out, 'raw', `${name}.parquet`))).toBe(true);
  });

  it('01 defaults to the fixtures and a temp folder', () => {
    expectRun(runExample('01-raw-tables.ts'), [
      '(27 rows × 13 columns)',
      'raw/products.parquet: 14 rows × 7 columns (round trip ok)',
    ]);
  });

  it('02 cleans customers and products and shows fixes, rejects and before/after rows', () => {
    expectRun(runExample('02-enriched-customers-products.ts', fixtures), [
      'enriched.customers',
      '(14 rows × 12 columns)',
      'name.clean            │       3 │      1',
      'postal_code.normalise │       3 │      0',
      'customer.duplicate_id',
      '         2 │ GH-14410    │ Gary567 Hansen      │ Gary Hansen',
      '         5 │ PB-19150    │ 2005              │ 02005',
      '         1 │ FUR-CH-10002961 │ 81.882                  │                   81.8820',
      '(11 rows × 7 columns)',
      'customers: 15 raw rows → 14 enriched + 1 rejected',
      'products: 14 raw rows → 11 enriched + 3 rejected',
    ]);
  });

  it('03 enriches order lines: exact rounding, cleaned price, joined names, rejects', () => {
    expectRun(runExample('03-enriched-orders.ts', fixtures), [
      'enriched.orders',
      '(21 rows × 17 columns)',
      "'profit.round_2dp': { changed: 10, nulled: 0 }",
      '         4 │      4 │ 1.005             │      1.01',
      '         3 │      3 │ -2.345            │     -2.35',
      '         4 │      4 │ 4797%            │   4797.00',
      '     7 │ LC-16870    │ null          │ null          │ FUR-CH-10002961 │ Furniture │ Chairs',
      'unknown customer lines: 1, unknown product lines: 1',
      'order.bad_order_date',
      'orders: 27 raw lines → 21 enriched + 6 rejected',
    ]);
  });

  it('04 builds the aggregates and shows that their totals reconcile', () => {
    const r = runExample('04-aggregates.ts', fixtures);
    expectRun(r, [
      'profit by year',
      '      2014 │    123.35 │           3',
      '      2016 │  -1685.09 │           7',
      'Technology      │  -1651.04 │           6',
      'null            │     41.91 │           1',
      'BH-11710    │ Brosina Hoffman │  -1802.88 │           3',
      'aggregates.profit_summary',
      'aggregates.profit_by_customer     │   14 │     -1213.76 │          21 │ yes',
      'every aggregate totals -1213.76 / 21 (profit / lines)',
    ]);
    expect(r.out).not.toContain('│ NO');
  });

  it('05 runs the pipeline and answers the four questions with SQL', () => {
    expectRun(runExample('05-sql.ts', fixtures), [
      'profit_by_year',
      '      2014 │    123.35',
      '      2016 │  -1685.09',
      'profit_by_year_category',
      'profit_by_customer',
      'profit_by_customer_year',
      'BH-11710    │ Brosina Hoffman │  -1802.88',
      'DP-13000    │ Darren Powers   │       2017 │     35.10',
      '     -1213.76 │       -1213.76 │           -1213.76 │              6',
    ]);
  });

  it('04 reconciles on generated sources, to the lines and total the pipeline keeps', async () => {
    const input = tempDir('ecomflow-example-gen-');
    await generateSources({ lines: 5_000, out: input, seed: 3 });
    const out = join(tempDir(), 'warehouse');
    const kept = (await runPipeline({ input, out })).quality.tables.orders.rows_written;
    const rejected = tableRows(await readParquet(join(out, 'rejects', 'orders.parquet'))).map((r) =>
      Number(r['source_row']),
    );
    const total = totalProfit(
      profitByYear(orderLineTexts(readFileSync(join(input, 'Orders.json'), 'utf8')), new Set(rejected)),
    );
    const r = runExample('04-aggregates.ts', input);
    expectRun(r, [`enriched.orders: ${kept} lines`, `every aggregate totals ${total} / ${kept} (profit / lines)`]);
    expect(r.out).not.toContain('│ NO');
  });

  it.skipIf(!hasSample)('04 reconciles on the real sample too', () => {
    const r = runExample('04-aggregates.ts', sampleDir);
    expectRun(r, [
      'enriched.orders: 9994 lines',
      '(793 rows × 4 columns)',
      'every aggregate totals 278417.03 / 9994 (profit / lines)',
    ]);
    expect(r.out).not.toContain('│ NO');
  });
});

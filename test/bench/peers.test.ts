/**
 * The benchmark's peers do the work they claim: the same-work DuckDB script writes every table `ecomflow run`
 * writes, equal row for row, on an input with every kind of dirt the rules handle; the core scripts agree on the
 * totals; the comparison notices a difference; a measured process reports its CPU and memory.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { compareWarehouses } from '../../bench/compare.js';
import { measure } from '../../bench/measure.js';
import { arrayToNdjson, writeCustomersCsv } from '../../bench/prepare-input.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const root = join(import.meta.dirname, '..', '..');
const dir = tempDir('ecomflow-bench-');
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** One order line as JSON text; values are JSON literals as written (numbers unquoted, strings quoted). */
function line(values: Record<string, string | undefined>): string {
  return `{${Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `"${k}": ${v!}`)
    .join(', ')}}`;
}
const base = {
  'Row ID': '1',
  'Order ID': '"CA-2014-100006"',
  'Order Date': '"7/9/2014"',
  'Ship Date': '"13/9/2014"',
  'Ship Mode': '"Standard Class"',
  'Customer ID': '"GH-14410"',
  'Product ID': '"TEC-PH-10002275"',
  Quantity: '3',
  Price: '377.97',
  Discount: '0.2',
  Profit: '109.61',
};
// Every rule of docs/cleaning.md's order lines, plus the repairs. DuckDB's JSON reader writes numbers back from a
// double (1e2 → 100.0, 1.50 → 1.5), so numbers in other spellings are given as strings, as the export does too.
const lines = [
  line(base),
  line({ ...base, 'Row ID': '2', Profit: '2.345', 'Customer ID': '" TS-21340\\u00a0"' }),
  line(base), // order.duplicate_line
  line({ ...base, 'Row ID': '2', Profit: '-2.345' }), // order.conflicting_row_id
  line({ ...base, 'Row ID': '"x1"' }), // order.bad_row_id
  line({ ...base, 'Row ID': '" "' }), // order.missing_row_id
  line({ ...base, 'Row ID': undefined }), // order.missing_row_id
  line({ ...base, 'Row ID': '"30.0"', 'Order Date': '"2016-02-29"', Profit: '"1.5e-1"' }),
  line({ ...base, 'Row ID': '" +31 "', 'Order Date': '" 7/9/2014 "', Quantity: '"7."' }),
  line({ ...base, 'Row ID': '40', 'Order Date': '"31/2/2016"' }), // order.bad_order_date
  line({ ...base, 'Row ID': '40', Profit: '"-0.005"' }), // kept: the first 40 was not usable
  line({ ...base, 'Row ID': '40', Profit: '"-0.005"' }), // order.duplicate_line of the second
  line({ ...base, 'Row ID': '41', 'Order Date': 'null' }), // order.missing_order_date
  line({ ...base, 'Row ID': '42', 'Ship Date': '"29/2/2015"' }), // order.bad_ship_date
  line({ ...base, 'Row ID': '43', Quantity: '"2.5"' }), // order.bad_quantity
  line({ ...base, 'Row ID': '44', Quantity: 'null' }), // order.bad_quantity (missing)
  line({ ...base, 'Row ID': '45', Discount: '"lots"' }), // order.bad_discount
  line({ ...base, 'Row ID': '46', Price: '"abc"' }), // order.bad_price
  line({ ...base, 'Row ID': '47', Price: '"$1,234.50"', 'Product ID': '"NOPE-1"' }), // cleaned; unknown product
  line({ ...base, 'Row ID': '48', Price: '"-$5"', 'Customer ID': '"ZZ-99999"' }), // cleaned; unknown customer
  line({ ...base, 'Row ID': '49', Price: undefined, Profit: '1.005' }),
  line({ ...base, 'Row ID': '50', Price: '"5%"', Profit: '"n/a"' }), // order.bad_profit, price cleaned first
  line({ ...base, 'Row ID': '51', Profit: 'null' }), // order.missing_profit
  line({ ...base, 'Row ID': '52', Profit: '"12%"' }), // order.bad_profit
  line({ ...base, 'Row ID': '53', Profit: '0.125', Coupon: '"X7"' }),
  line({ ...base, 'Row ID': '54', 'Order ID': '"  CA-2017-1  "', 'Ship Mode': '"Same\\tDay"', Profit: '"1e2"' }),
];
const input = {
  customersXlsx: join(root, 'fixtures', 'Customer.xlsx'),
  customersCsv: join(dir, 'customers.csv'),
  products: join(root, 'fixtures', 'Products.csv'),
  orders: join(dir, 'Orders.json'),
  ndjson: join(dir, 'Orders.ndjson'),
};

/** Runs a peer script to completion; fails the test with its stderr when it fails. */
function peer(script: string, out: string, orders: string, format: string, extra: string[] = []): void {
  const args = ['--customers', input.customersCsv, '--products', input.products, '--orders', orders, '--out', out];
  const r = spawnSync(process.execPath, [join(root, 'bench', script), ...args, '--orders-format', format, ...extra], {
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

/** ecomflow run on the test input (in-process); returns the warehouse. */
async function ecomflow(name: string, orders: string): Promise<string> {
  const out = join(dir, name);
  const r = await cli(
    'run',
    '--customers',
    input.customersXlsx,
    '--products',
    input.products,
    '--orders',
    orders,
    '--out',
    out,
    '--quiet',
  );
  expect(r.code).toBe(0);
  return out;
}

describe('bench peers', () => {
  it('arrayToNdjson writes one object per line, every value as written', async () => {
    const from = join(dir, 'a.json');
    writeFileSync(from, '[\n  {"a": 1.50, "b": "x, [y] {z}", "c": "q\\"\\\\"},\n  {\n    "n": {"d": [1, 2]}\n  }\n]\n');
    await arrayToNdjson(from, join(dir, 'a.ndjson'));
    expect(readFileSync(join(dir, 'a.ndjson'), 'utf8')).toBe(
      '{"a":1.50,"b":"x, [y] {z}","c":"q\\"\\\\"}\n{"n":{"d":[1,2]}}\n',
    );
  });

  it('the same-work DuckDB peer writes every table ecomflow run writes, equal row for row', async () => {
    writeFileSync(input.orders, `[\n${lines.join(',\n')}\n]\n`);
    await writeCustomersCsv(input.customersXlsx, input.customersCsv);
    const eco = await ecomflow('eco', input.orders);
    const quality = JSON.parse(readFileSync(join(eco, 'quality.json'), 'utf8')) as {
      tables: { orders: { rejected_by_reason: Record<string, number>; fixes: Record<string, unknown> } };
    };
    // the input reaches every order rule
    expect(Object.keys(quality.tables.orders.rejected_by_reason).sort()).toEqual(
      [
        'order.bad_discount',
        'order.bad_order_date',
        'order.bad_price',
        'order.bad_profit',
        'order.bad_quantity',
        'order.bad_row_id',
        'order.bad_ship_date',
        'order.conflicting_row_id',
        'order.duplicate_line',
        'order.missing_order_date',
        'order.missing_profit',
        'order.missing_row_id',
      ].sort(),
    );
    expect(Object.keys(quality.tables.orders.fixes).sort()).toEqual(['price.stray_characters', 'profit.round_2dp']);

    const same = join(dir, 'same-work');
    peer('duckdb-pipeline.mjs', same, input.orders, 'array', [
      '--customers-label',
      input.customersXlsx,
      '--products-label',
      input.products,
      '--orders-label',
      input.orders,
    ]);
    const c = await compareWarehouses(eco, same, { quality: true, full: true });
    expect(c.differences).toEqual([]);
    expect(c.checks).toBeGreaterThan(35);
  });

  it('reads NDJSON orders to the same tables', async () => {
    await arrayToNdjson(input.orders, input.ndjson);
    const eco = await ecomflow('eco-ndjson', input.ndjson);
    const same = join(dir, 'same-work-ndjson');
    peer('duckdb-pipeline.mjs', same, input.ndjson, 'newline_delimited');
    expect((await compareWarehouses(eco, same, { quality: true, full: true })).differences).toEqual([]);
    expect((await compareWarehouses(join(dir, 'eco'), eco, { quality: true })).differences).toEqual([]);
  });

  it('the core DuckDB peer agrees with ecomflow on the aggregates of the fixtures', async () => {
    const fixtures = join(dir, 'fixtures');
    const eco = join(dir, 'eco-fixtures');
    const r = await cli('run', '--input', join(root, 'fixtures'), '--out', eco, '--quiet');
    expect(r.code).toBe(0);
    copyFileSync(join(root, 'fixtures', 'Orders.json'), `${fixtures}-Orders.json`);
    peer('duckdb-core.mjs', join(dir, 'core'), `${fixtures}-Orders.json`, 'array');
    const c = await compareWarehouses(eco, join(dir, 'core'));
    expect(c.differences).toEqual([]);
    expect(c.checks).toBe(11); // enriched orders + 5 aggregates, counts and totals
  });

  it('compareWarehouses reports a changed total and a missing row', async () => {
    const eco = join(dir, 'eco-fixtures');
    const bad = join(dir, 'bad');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const q = (s: string): string => `'${s.replaceAll("'", "''")}'`;
    mkdirSync(join(bad, 'aggregates'), { recursive: true });
    mkdirSync(join(bad, 'enriched'), { recursive: true });
    const years = q(join(eco, 'aggregates', 'profit_by_year.parquet'));
    await c.run(
      `COPY (SELECT order_year, profit + 0.01 AS profit, order_lines FROM read_parquet(${years}))` +
        ` TO ${q(join(bad, 'aggregates', 'profit_by_year.parquet'))} (FORMAT parquet)`,
    );
    await c.run(
      `COPY (SELECT * FROM read_parquet(${q(join(eco, 'enriched', 'orders.parquet'))}) LIMIT 3)` +
        ` TO ${q(join(bad, 'enriched', 'orders.parquet'))} (FORMAT parquet)`,
    );
    c.closeSync();
    db.closeSync();
    const got = await compareWarehouses(eco, bad, { full: true });
    expect(got.ok).toBe(false);
    expect(got.differences.join('\n')).toMatch(/aggregates\/profit_by_year\.parquet: totals/);
    expect(got.differences.join('\n')).toMatch(/enriched\/orders\.parquet: 3 rows, ecomflow 21/);
  });

  it('measure reports the wall time, CPU time and peak memory of a child process', async () => {
    const busy = 'const b = Buffer.alloc(64 << 20, 1); const t = Date.now(); while (Date.now() - t < 300) b[0]++;';
    const m = await measure(['-e', busy], root, join(root, 'bench', 'rss-preload.mjs'));
    expect(m.cpuMs).toBeGreaterThan(150);
    expect(m.wallMs).toBeGreaterThanOrEqual(300);
    expect(m.peakRssMb).toBeGreaterThan(64);
  });
});

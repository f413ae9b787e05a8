// `--engine spark` against a real local Spark: the warehouse it writes equals the local engine's, to the cent —
// every table row by row (raw, enriched, rejects, aggregates), the four SQL answers and quality.json — on the
// fixtures, on a generated dirty input, and on the shared sample when present.
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPipeline } from '../../../src/pipeline/run-pipeline.js';
import { generateSources } from '../../../fixtures/generate.js';
import { hasSample, sampleDir, tempDir } from '../../helpers/tmp.js';
import { clientFiles, warehouseRows } from './warehouse-compare.js';

const fixtures = join(import.meta.dirname, '../../../fixtures');

/** Runs both engines on `input` into `root`/local and `root`/spark. */
async function runBoth(input: string, root: string): Promise<{ local: string; spark: string }> {
  const local = join(root, 'local');
  const spark = join(root, 'spark');
  await runPipeline({ input, out: local });
  await runPipeline({ input, out: spark, engine: 'spark', remote: inject('sparkRemote') });
  return { local, spark };
}

const madeDirs: string[] = [];

function equalityCases(name: string, input: () => Promise<string>, skip = false, rules: string[] = []): void {
  describe.skipIf(skip)(`spark engine equals the local engine: ${name}`, () => {
    let root = '';
    let w = { local: '', spark: '' };
    beforeAll(async () => {
      root = tempDir('ecomflow-spark-eq-');
      w = await runBoth(await input(), root);
    }, 1_200_000);
    afterAll(() => {
      if (root !== '') rmSync(root, { recursive: true, force: true });
    });

    it('writes the same tables, row by row', async () => {
      const [local, spark] = [await warehouseRows(w.local), await warehouseRows(w.spark)];
      expect(Object.keys(spark).sort()).toEqual(Object.keys(local).sort());
      for (const table of Object.keys(local)) {
        expect(spark[table]?.length, table).toBe(local[table]!.length);
        expect(spark[table], table).toEqual(local[table]);
      }
      expect(local['enriched/orders']!.length).toBeGreaterThan(0);
    });

    it.skipIf(rules.length === 0)('exercises the reject rules it is meant to', async () => {
      const quality = JSON.parse((await clientFiles(w.local))['quality.json']!) as {
        tables: { orders: { rejected_by_reason: Record<string, number> } };
      };
      for (const rule of rules) expect(quality.tables.orders.rejected_by_reason[rule], rule).toBeGreaterThan(0);
    });

    it('writes the same SQL answers and quality.json', async () => {
      expect(await clientFiles(w.spark)).toEqual(await clientFiles(w.local));
    });
  });
}

/** Order lines with every reject rule, duplicates and conflicts (also of rejected lines), NDJSON or array. */
function dirtyOrders(): Record<string, unknown>[] {
  const line = (id: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    'Row ID': id,
    'Order ID': ' CA-2016-1  ',
    'Order Date': '21/8/2016',
    'Ship Date': '25/8/2016',
    'Ship Mode': 'Standard  Class',
    'Customer ID': 'GH-14410',
    'Product ID': 'TEC-PH-10002275',
    Quantity: 2,
    Price: 10.5,
    Discount: 0.2,
    Profit: 2.345,
    ...extra,
  });
  return [
    line(1),
    line(1), // exact duplicate
    line(1, { Profit: 3 }), // conflicting row id
    line(2, { 'Order Date': '29/2/2015' }), // impossible date: rejected, so the next line 2 is kept
    line(2),
    line(2, { 'Ship Date': 'soon' }), // conflicts with the kept line 2 (the dup check comes first)
    line(3, { 'Order Date': null }),
    line(4, { 'Ship Date': '31/4/2016' }),
    line(5, { Quantity: 'three' }),
    line(6, { Quantity: null }),
    line(7, { Quantity: 0 }),
    line(8, { Quantity: 2147483648 }),
    line(9, { Discount: 'x' }),
    line(10, { Discount: 1.5 }),
    line(11, { Price: 'abc' }),
    line(12, { Price: '$4,797.50%', Profit: null }), // price cleaned, then rejected for the profit
    line(13, { Profit: '12%' }),
    line(14, { Price: ' 7 ' }),
    line(null),
    line('  '),
    line('7.5'),
    line('0015', { Profit: -2.345, 'Order Date': '2016-08-21' }),
    line(16, { 'Customer ID': 'nobody', 'Product ID': null }),
    line(17, { Profit: '1.005e1', coupon: 'X1' }),
    line(18, { Profit: 1.5e-7, Discount: 1 }),
    line(19, { 'Order Date': ' 1/1/1999 ', Quantity: '3.00' }),
    line(15), // same id as '0015', other text: conflicting
    line(20, { Profit: ('1😀' + 'ab').repeat(375) }), // 1,500 characters with emoji: value and message cut
  ];
}

function writeDirty(layout: 'array' | 'ndjson'): string {
  const dir = tempDir('ecomflow-spark-dirty-');
  madeDirs.push(dir);
  for (const f of ['Customer.xlsx', 'Products.csv']) copyFileSync(join(fixtures, f), join(dir, f));
  const rows = dirtyOrders();
  if (layout === 'array') writeFileSync(join(dir, 'Orders.json'), JSON.stringify(rows, null, 2));
  else writeFileSync(join(dir, 'Orders.ndjson'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return dir;
}

/** NDJSON with the reader's row issues: non-objects, repeated keys (also by snake case), blank and array lines. */
function writeJsonIssues(): string {
  const dir = tempDir('ecomflow-spark-json-issues-');
  madeDirs.push(dir);
  for (const f of ['Customer.xlsx', 'Products.csv']) copyFileSync(join(fixtures, f), join(dir, f));
  const rows = dirtyOrders().map((r) => JSON.stringify(r));
  const lines = [
    rows[0]!,
    '',
    '[1, 2]',
    '  "just text"  ',
    rows[5]!,
    '42',
    'null',
    'true',
    rows[6]!.replace('{', '{"Row ID": 99, '), // "Row ID" twice
    rows[7]!.replace('{', '{"row_id": 98, '), // twice by its column name
    '   ',
    `[${rows[8]!}, ${rows[9]!}]`, // an array of objects: Spark's reader would make two rows of it
    '[]',
    `[${rows[10]!}, 7]`,
    '"' + 'long😀'.repeat(100) + '"', // a long non-object: its value cut to 200 characters
    rows[11]!,
    ...rows.slice(12),
  ];
  writeFileSync(join(dir, 'Orders.ndjson'), lines.join('\n') + '\n');
  return dir;
}

/** An input folder with the three order files of fixtures/multi (array, NDJSON, JSONL; repeats across files). */
function writeMulti(): string {
  const dir = tempDir('ecomflow-spark-multi-');
  madeDirs.push(dir);
  for (const f of ['Customer.xlsx', 'Products.csv']) copyFileSync(join(fixtures, f), join(dir, f));
  for (const f of ['Orders_2016.json', 'Orders_2017.ndjson', 'orders_2018.jsonl']) {
    copyFileSync(join(fixtures, 'multi', f), join(dir, f));
  }
  return dir;
}

let generated = '';
equalityCases('fixtures', () => Promise.resolve(fixtures));
equalityCases('several order files, repeats across them', () => Promise.resolve(writeMulti()), false, [
  'order.duplicate_line',
  'order.conflicting_row_id',
]);
const everyRule = [
  'order.duplicate_line',
  'order.conflicting_row_id',
  'order.missing_row_id',
  'order.bad_row_id',
  'order.missing_order_date',
  'order.bad_order_date',
  'order.bad_ship_date',
  'order.bad_quantity',
  'order.nonpositive_quantity',
  'order.bad_discount',
  'order.discount_out_of_range',
  'order.bad_price',
  'order.missing_profit',
  'order.bad_profit',
];
equalityCases(
  'every reject rule, duplicates and conflicts (JSON array)',
  () => Promise.resolve(writeDirty('array')),
  false,
  everyRule,
);
equalityCases(
  'every reject rule, duplicates and conflicts (NDJSON)',
  () => Promise.resolve(writeDirty('ndjson')),
  false,
  everyRule,
);
equalityCases(
  'JSON reader issues: non-objects, repeated keys, blank and array lines (NDJSON)',
  () => Promise.resolve(writeJsonIssues()),
  false,
  ['json.not_an_object', 'json.duplicate_key'],
);
equalityCases(
  'JSON reader issues: repeated keys (JSON array)',
  () => {
    const dir = tempDir('ecomflow-spark-json-array-');
    madeDirs.push(dir);
    for (const f of ['Customer.xlsx', 'Products.csv']) copyFileSync(join(fixtures, f), join(dir, f));
    const rows = dirtyOrders().map((r) => JSON.stringify(r, null, 1));
    rows[3] = rows[3]!.replace('{', '{"Profit": "1", '); // "Profit" twice
    rows[9] = rows[9]!.replace('{', '{"orderDate": 5, '); // "Order Date" twice by its column name
    writeFileSync(join(dir, 'Orders.json'), `[\n${rows.join(',\n')}\n]\n`);
    return Promise.resolve(dir);
  },
  false,
  ['json.duplicate_key'],
);
equalityCases('generated 200,000 dirty lines', async () => {
  generated = tempDir('ecomflow-spark-gen-');
  await generateSources({ lines: Number(process.env['ECOMFLOW_SPARK_EQ_LINES'] ?? 200_000), out: generated });
  return generated;
});
equalityCases('the shared sample', () => Promise.resolve(sampleDir), !hasSample);
afterAll(() => {
  for (const dir of [generated, ...madeDirs]) if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

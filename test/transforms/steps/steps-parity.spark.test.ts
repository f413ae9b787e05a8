/**
 * Parity of every step's two forms — its Arrow function and its Spark SQL — on a real Spark: each step's SQL runs
 * over the same input as its Arrow form (the fixtures, a generated 20k-line dirty sample, the shared sample when
 * it is beside the project, and hand-made duplicate/conflict lines), and the outputs are compared row by row,
 * every value as text (money exactly: DECIMAL as its digits).
 */
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSources } from '../../../fixtures/generator/generate-sources.js';
import { readCsv } from '../../../src/io/csv/read-csv.js';
import { readJson } from '../../../src/io/json/read-json.js';
import { readXlsx } from '../../../src/io/xlsx/read-xlsx.js';
import { rawCustomers, rawOrders, rawProducts } from '../../../src/schemas/raw.js';
import type { SparkSession } from '../../../src/spark/index.js';
import { tableRows } from '../../../src/table/columns.js';
import { cleanKeyed, customerKeyed, type KeyedSpec } from '../../../src/transforms/clean-customers.js';
import { productKeyed } from '../../../src/transforms/clean-products.js';
import type { Reject } from '../../../src/transforms/rejects-builder.js';
import {
  STEP_NAMES,
  dedupeCustomersStep,
  dedupeLines,
  dedupeLinesStep,
  dedupeProductsStep,
  lineColumnsOf,
  lookupCustomer,
  lookupCustomerStep,
  lookupProduct,
  lookupProductStep,
  addOrderYear,
  orderYearStep,
  profitByCategoryStep,
  profitByCustomerStep,
  profitBySubCategoryStep,
  profitByYearStep,
  profitSummaryStep,
  roundProfit,
  roundProfitStep,
  stageOrders,
  stageOrdersStep,
  summariseProfit,
  type StepName,
} from '../../../src/transforms/steps/index.js';
import { formatDay } from '../../../src/transforms/values/index.js';
import { formatScaled } from '../../../src/table/columns.js';
import { rawTable } from '../../helpers/raw-table.js';
import { sampleDir, tempDir } from '../../helpers/tmp.js';
import { openSpark } from '../../spark/live/spark.js';

const fixtures = resolve(import.meta.dirname, '../../../fixtures');

interface Sources {
  readonly name: string;
  readonly customers: Table;
  readonly products: Table;
  readonly orders: Table;
}

let spark: SparkSession;
let generated: string;
const sources: Sources[] = [];
const tested = new Set<StepName>();

async function readSources(name: string, dir: string): Promise<void> {
  const customers = (await readXlsx(join(dir, 'Customer.xlsx'), rawCustomers)).table;
  const products = (await readCsv(join(dir, 'Products.csv'), rawProducts)).table;
  const orders = (await readJson(join(dir, 'Orders.json'), rawOrders)).table;
  sources.push({ name, customers, products, orders });
}

/** Order lines that exercise dedupe_lines: exact duplicates, conflicts, a bad line before a good one. */
function edgeSources(base: Sources): Sources {
  const line = (rowId: string | null, more: Record<string, string | null> = {}): Record<string, string | null> => ({
    'Row ID': rowId,
    'Order ID': ' CA-2016-1 ',
    'Order Date': '21/8/2016',
    'Ship Date': '2016-08-25',
    'Ship Mode': 'Standard\u00a0Class',
    'Customer ID': 'CG-12520',
    'Product ID': 'FUR-BO-10001798',
    Quantity: '7',
    Price: '$573.17',
    Discount: '0.3',
    Profit: '63.695',
    ...more,
  });
  const orders = rawTable(rawOrders, [
    line('1'),
    line('1'),
    line('1', { Profit: '1' }),
    line('2', { 'Order Date': '31/2/2016' }),
    line('2'),
    line('2', { Quantity: 'x' }),
    line('3', { Quantity: '0' }),
    line('3', { Quantity: '0' }),
    line(null),
    line(' '),
    line('4.5'),
    line('5', { 'Ship Date': null, Discount: null, Price: null, Profit: '-2.345' }),
    line('6', { Discount: '1.5' }),
    line('7', { Discount: 'abc' }),
    line('8', { Price: '12..5' }),
    line('9', { Profit: null }),
    line('10', { Profit: '1e3' }),
    line('11', { Quantity: '2147483648' }),
    line('12', { 'Order Date': null }),
    line('13', { 'Order Date': '1/1/999' }),
    line('14', { 'Order Date': '29/2/2016', 'Customer ID': null, 'Product ID': 'nope' }),
    line('15', { 'Ship Date': '2016-8-25' }),
    line('007', { Quantity: ' +7.00 ' }),
    line('9007199254740993'),
  ]);
  return { name: 'edge', customers: base.customers, products: base.products, orders };
}

beforeAll(async () => {
  spark = await openSpark();
  generated = tempDir('ecomflow-steps-parity-');
  await generateSources({ lines: 20_000, out: generated });
  await readSources('fixtures', fixtures);
  await readSources('generated', generated);
  if (existsSync(join(sampleDir, 'Orders.json'))) await readSources('sample', sampleDir);
  sources.push(edgeSources(sources[0]!));
});

afterAll(async () => {
  await spark.close();
  rmSync(generated, { recursive: true, force: true });
});

/** A value as comparable text: decimals as their digits, dates as yyyy-mm-dd, null as null. */
function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** Every row of a Spark query with each column cast to STRING (dates ISO, decimals plain). */
async function sparkText(query: string, columns: readonly string[]): Promise<(string | null)[][]> {
  const casts = columns.map((c) => `CAST(\`${c}\` AS STRING) AS \`${c}\``).join(', ');
  const t = await spark.sql(`SELECT ${casts} FROM (${query})`);
  return tableRows(t).map((r) => columns.map((c) => text(r[c])));
}

/** Every row of an Arrow table as text (dates as day numbers → ISO, decimals as digits). */
function arrowText(table: Table, columns: readonly string[]): (string | null)[][] {
  const types = new Map(table.schema.fields.map((f) => [f.name, String(f.type)]));
  return tableRows(table).map((r) =>
    columns.map((c) => {
      const v = r[c];
      if (v === null || v === undefined) return null;
      if (types.get(c)?.startsWith('Date')) return formatDay(Number(v) / 86_400_000);
      return text(v);
    }),
  );
}

const byFirst = (rows: (string | null)[][]): (string | null)[][] =>
  [...rows].sort((a, b) => Number(a[0]) - Number(b[0]) || String(a).localeCompare(String(b)));
const sorted = (rows: (string | null)[][]): (string | null)[][] =>
  [...rows].map((r) => r.map((v) => v)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const rejectRow = (r: Reject): (string | null)[] => [String(r.sourceRow), r.key, r.column, r.value, r.rule, r.message];

describe.each(['fixtures', 'generated', 'sample', 'edge'])('steps on %s', (name) => {
  const get = (): Sources | undefined => sources.find((s) => s.name === name);

  it.each([
    ['customers', dedupeCustomersStep, customerKeyed],
    ['products', dedupeProductsStep, productKeyed],
  ] as const)('dedupe %s', async (entity, step, spec: KeyedSpec) => {
    const src = get();
    if (!src || name === 'edge') return;
    tested.add(step.name);
    const raw = entity === 'customers' ? src.customers : src.products;
    await spark.createTempView('raw_keyed', raw);
    const query = step.sql({ raw: 'raw_keyed' }, spec);
    const cleaned = cleanKeyed(raw, spec);
    const cols = spec.columns.map((c) => c.name);
    const kept = await sparkText(`SELECT * FROM (${query}) WHERE reject_rule IS NULL`, cols);
    expect(sorted(kept)).toEqual(sorted(arrowText(cleaned.table, cols)));
    const rejected = await sparkText(
      `SELECT source_row, reject_key, reject_column, reject_value, reject_rule, reject_message FROM (${query}) ` +
        'WHERE reject_rule IS NOT NULL',
      ['source_row', 'reject_key', 'reject_column', 'reject_value', 'reject_rule', 'reject_message'],
    );
    expect(byFirst(rejected)).toEqual(byFirst(cleaned.rejects.map(rejectRow)));
  });

  it('stage_orders, round_profit and dedupe_lines', async () => {
    const src = get();
    if (!src) return;
    tested.add('stage_orders').add('round_profit').add('dedupe_lines');
    await spark.createTempView('raw_orders', src.orders);
    const lineColumns = lineColumnsOf(src.orders);
    const staged = stageOrders(src.orders, { lineColumns });
    const stageSql = stageOrdersStep.sql({ raw_orders: 'raw_orders' }, { lineColumns });

    // stage: every line's verdict, and the typed values of the lines without one
    const verdictCols = ['source_row', 'key', 'reject_column', 'reject_value', 'reject_rule', 'reject_message'];
    const verdicts = await sparkText(`SELECT * FROM (${stageSql}) WHERE reject_rule IS NOT NULL`, verdictCols);
    expect(byFirst(verdicts)).toEqual(byFirst([...staged.verdicts.values()].map(rejectRow)));
    const valueCols = ['source_row', 'row_id', 'order_date', 'ship_date', 'quantity', 'price', 'discount', 'profit'];
    const values = await sparkText(`SELECT * FROM (${stageSql}) WHERE reject_rule IS NULL`, [
      ...valueCols,
      'order_id',
      'ship_mode',
      'customer_id',
      'product_id',
      'price_fix',
      'profit_fix',
    ]);
    const at = (codes: { codes: Int32Array; parsed: readonly unknown[] }, i: number): unknown =>
      codes.codes[i]! < 0 ? null : codes.parsed[codes.codes[i]!];
    const day = (d: unknown): string | null => (d === null ? null : formatDay(d as number));
    const expected = [];
    for (let i = 0; i < src.orders.numRows; i++) {
      if (staged.verdicts.has(i)) continue;
      const discount = at(staged.discount, i) as bigint | null;
      expected.push([
        String(staged.sourceRow[i]),
        String(staged.rowIds[i]),
        day(at(staged.orderDate, i)),
        day(at(staged.shipDate, i)),
        String(at(staged.quantity, i)),
        staged.priceNull[i] ? null : formatScaled(staged.prices[i]!, 2),
        discount === null ? null : formatScaled(discount, 4),
        formatScaled(staged.profits[i]!, 2),
        text(at(staged.orderId, i)),
        text(at(staged.shipMode, i)),
        text(at(staged.customerId, i)),
        text(at(staged.productId, i)),
        staged.priceCleaned[i] ? 'true' : 'false',
        staged.profitRounded[i] ? 'true' : 'false',
      ]);
    }
    expect(byFirst(values)).toEqual(byFirst(expected));

    // round_profit on its own, over every line's profit text
    const rounded = roundProfit({ lines: src.orders }, { column: 'profit' });
    const roundedSql = await sparkText(roundProfitStep.sql({ lines: 'raw_orders' }, { column: 'profit' }), [
      'source_row',
      'profit_rounded',
      'profit_round_fix',
    ]);
    const srIndex = new Map(Array.from(staged.sourceRow, (sr, i) => [String(sr), i]));
    expect(byFirst(roundedSql.map((r) => r.slice(0, 2)))).toEqual(
      byFirst(
        Array.from(staged.sourceRow, (sr, i) => [
          String(sr),
          rounded.parsed[i] ? formatScaled(rounded.values[i]!, 2) : null,
        ]),
      ),
    );
    for (const [sr, value, fix] of roundedSql) {
      const i = srIndex.get(sr!)!;
      if (value !== null) expect([sr, fix]).toEqual([sr, rounded.rounded[i] ? 'true' : 'false']);
    }

    // dedupe_lines over the staged view
    await spark.command(`CREATE OR REPLACE TEMP VIEW staged_orders AS ${stageSql}`);
    const deduped = dedupeLines(staged);
    const dedupeSql = dedupeLinesStep.sql({ staged: 'staged_orders' }, {});
    const lineCols = deduped.table.schema.names.map(String);
    const kept = await sparkText(`SELECT * FROM (${dedupeSql}) WHERE reject_rule IS NULL`, lineCols);
    expect(byFirst(kept.map((r) => [r[lineCols.indexOf('source_row')]!, ...r]))).toEqual(
      byFirst(arrowText(deduped.table, lineCols).map((r) => [r[lineCols.indexOf('source_row')]!, ...r])),
    );
    const rejects = await sparkText(`SELECT * FROM (${dedupeSql}) WHERE reject_rule IS NOT NULL`, verdictCols);
    expect(byFirst(rejects)).toEqual(byFirst(deduped.rejects.map(rejectRow)));
    const fixes = tableRows(
      await spark.sql(
        `SELECT count_if(price_fix) AS p, count_if(profit_fix) AS f FROM (${dedupeSql}) ` + 'WHERE reject_rule IS NULL',
      ),
    )[0]!;
    expect([Number(fixes['p']), Number(fixes['f'])]).toEqual([
      deduped.fixes['price.stray_characters']?.changed ?? 0,
      deduped.fixes['profit.round_2dp']?.changed ?? 0,
    ]);
    if (name === 'edge') {
      expect(deduped.rejects.map((r) => r.rule)).toEqual(
        expect.arrayContaining(['order.duplicate_line', 'order.conflicting_row_id', 'order.bad_order_date']),
      );
    }
  });

  it('lookup_customer, lookup_product, order_year and the aggregates', async () => {
    const src = get();
    if (!src) return;
    for (const s of ['lookup_customer', 'lookup_product', 'order_year'] as const) tested.add(s);
    const customers = cleanKeyed(src.customers, customerKeyed).table;
    const products = cleanKeyed(src.products, productKeyed).table;
    const lines = dedupeLines(stageOrders(src.orders, { lineColumns: lineColumnsOf(src.orders) })).table;
    await spark.createTempView('lines', lines);
    await spark.createTempView('customers', customers);
    await spark.createTempView('products', products);

    const withCustomer = lookupCustomer({ lines, customers });
    const cCols = withCustomer.table.schema.names.map(String);
    const cSql = lookupCustomerStep.sql({ lines: 'lines', customers: 'customers' }, {});
    expect(sorted(await sparkText(cSql, cCols))).toEqual(sorted(arrowText(withCustomer.table, cCols)));
    const unknown = tableRows(
      await spark.sql(
        `SELECT count_if(country IS NULL AND customer_name IS NULL) AS n ` +
          `FROM (${cSql}) WHERE customer_id IS NULL OR customer_id NOT IN (SELECT customer_id FROM customers)`,
      ),
    )[0]!;
    expect(Number(unknown['n'])).toBe(withCustomer.unknown);

    await spark.createTempView('lines_c', withCustomer.table);
    const withProduct = lookupProduct({ lines: withCustomer.table, products });
    const pCols = withProduct.table.schema.names.map(String);
    const pSql = lookupProductStep.sql({ lines: 'lines_c', products: 'products' }, {});
    expect(sorted(await sparkText(pSql, pCols))).toEqual(sorted(arrowText(withProduct.table, pCols)));

    await spark.createTempView('lines_cp', withProduct.table);
    const enriched = addOrderYear({ lines: withProduct.table });
    const eCols = enriched.schema.names.map(String);
    expect(sorted(await sparkText(orderYearStep.sql({ lines: 'lines_cp' }, {}), eCols))).toEqual(
      sorted(arrowText(enriched, eCols)),
    );

    await spark.createTempView('enriched_lines', enriched);
    const summary = summariseProfit({ lines: enriched });
    const sCols = summary.schema.names.map(String);
    tested.add('profit_summary');
    expect(sorted(await sparkText(profitSummaryStep.sql({ lines: 'enriched_lines' }, {}), sCols))).toEqual(
      sorted(arrowText(summary, sCols)),
    );
    await spark.createTempView('profit_summary', summary);
    for (const step of [profitByYearStep, profitByCategoryStep, profitBySubCategoryStep, profitByCustomerStep]) {
      tested.add(step.name);
      const out = step.arrow({ summary }, {});
      const cols = out.schema.names.map(String);
      expect(sorted(await sparkText(step.sql({ summary: 'profit_summary' }, {}), cols))).toEqual(
        sorted(arrowText(out, cols)),
      );
    }
  });
});

describe('the parity suite', () => {
  it('ran every step of STEP_NAMES', () => {
    expect(STEP_NAMES.filter((s) => !tested.has(s))).toEqual([]);
  });
});

/**
 * Holds the TypeScript pipeline against an independent engine: the same documented rules written in DuckDB SQL
 * (test/reference/*.sql) run over the raw Parquet the pipeline wrote, and every enriched value, reject, aggregate
 * and fix count must match exactly.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSources } from '../../fixtures/generate.js';
import { writeCustomerXlsx, type CustomerCell } from '../../fixtures/generator/customer-xlsx.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { describeWithSample } from '../helpers/sample.js';
import { sampleDir, tempDir } from '../helpers/tmp.js';
import {
  aggregateNames,
  enrichedKeys,
  entityNames,
  rawSourceRows,
  readPipelineTables,
  runReference,
  type EntityName,
  type ReferenceTables,
  type Row,
  type Tables,
} from '../reference/run-reference.js';

const fixturesDir = join(import.meta.dirname, '../../fixtures');

/** Temp folders this file made (inputs it wrote, warehouses), removed after all tests. */
const madeDirs: string[] = [];
/** A fresh temp folder, removed after all tests. */
function ownTempDir(prefix: string): string {
  const dir = tempDir(prefix);
  madeDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

/** quality.json as far as these tests read it. */
interface Quality {
  tables: Record<
    EntityName,
    {
      rows_read: number;
      rows_written: number;
      rows_rejected: number;
      fixes: Record<string, { changed: number; nulled: number }>;
      counts: Record<string, number>;
    }
  >;
}

/** Everything one dataset's comparison needs. */
interface Run {
  warehouse: string;
  pipeline: Tables;
  reference: ReferenceTables;
  quality: Quality;
  /** source_row of every raw row, per table (rows the reference sees). */
  raw: Record<EntityName, Set<string>>;
}

/**
 * Differences between two row lists matched by `keyOf`: missing/extra keys and every differing column (first
 * `limit`).
 */
function keyedDiffs(
  keyOf: (r: Row) => string,
  pipeline: readonly Row[],
  reference: readonly Row[],
  limit = 25,
): string[] {
  const out: string[] = [];
  const byKey = (rows: readonly Row[], side: string): Map<string, Row> => {
    const m = new Map<string, Row>();
    for (const r of rows) {
      const k = keyOf(r);
      if (m.has(k)) out.push(`${side}: key ${k} appears twice`);
      m.set(k, r);
    }
    return m;
  };
  const a = byKey(pipeline, 'pipeline');
  const b = byKey(reference, 'reference');
  for (const [k, ra] of a) {
    const rb = b.get(k);
    if (rb === undefined) {
      out.push(`${k}: only in pipeline ${JSON.stringify(ra)}`);
      continue;
    }
    for (const col of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
      if (JSON.stringify(ra[col]) !== JSON.stringify(rb[col])) {
        out.push(
          `${k} ${col}: pipeline ${JSON.stringify(ra[col])} ≠ reference ${JSON.stringify(rb[col])} (row ` +
            `${JSON.stringify(rb)})`,
        );
      }
    }
  }
  for (const [k, rb] of b) if (!a.has(k)) out.push(`${k}: only in reference ${JSON.stringify(rb)}`);
  return out.slice(0, limit);
}

/** Cents of a DECIMAL(18,2) text such as '-12.30'. */
function cents(text: unknown): bigint {
  if (typeof text !== 'string' || !/^-?\d+\.\d{2}$/.test(text))
    throw new Error(`not a 2-place decimal: ${String(text)}`);
  return BigInt(text.replace('.', ''));
}

const total = (rows: readonly Row[]): bigint => rows.reduce((s, r) => s + cents(r['profit']), 0n);

/** Fix counts of the reference, shaped like quality.json's `fixes`. */
function referenceFixes(
  reference: ReferenceTables,
  table: EntityName,
): Record<string, { changed: number; nulled: number }> {
  const out: Record<string, { changed: number; nulled: number }> = {};
  for (const r of reference.fixes) {
    if (r['table_name'] === table)
      out[String(r['rule'])] = { changed: Number(r['changed']), nulled: Number(r['nulled']) };
  }
  return out;
}

/** Runs the pipeline on `input` into a fresh warehouse, then the reference over its raw tables. */
async function runBoth(input: string): Promise<Run> {
  const warehouse = join(ownTempDir('ecomflow-ref-'), 'warehouse');
  await runPipeline({ input, out: warehouse });
  const [pipeline, reference] = await Promise.all([readPipelineTables(warehouse), runReference(warehouse)]);
  const quality = JSON.parse(readFileSync(join(warehouse, 'quality.json'), 'utf8')) as Quality;
  const raw = {} as Record<EntityName, Set<string>>;
  for (const name of entityNames) raw[name] = await rawSourceRows(warehouse, name);
  return { warehouse, pipeline, reference, quality, raw };
}

/** The comparison every dataset goes through. */
function compareWithReference(makeInput: () => Promise<string>, extra?: (run: () => Run) => void): void {
  let run: Run | undefined;
  const get = (): Run => {
    if (run === undefined) throw new Error('the pipeline did not run');
    return run;
  };
  beforeAll(async () => {
    run = await runBoth(await makeInput());
  });

  it('writes every enriched and aggregate table with the reference columns and types', () => {
    const { pipeline, reference } = get();
    expect(pipeline.columns).toEqual(reference.columns);
  });

  for (const name of entityNames) {
    it(`matches enriched/${name} value by value, keyed by ${enrichedKeys[name]}`, () => {
      const { pipeline, reference } = get();
      const key = enrichedKeys[name];
      expect(pipeline.enriched[name].length).toBe(reference.enriched[name].length);
      expect(keyedDiffs((r) => String(r[key]), pipeline.enriched[name], reference.enriched[name])).toEqual([]);
    });

    it(`rejects the same ${name} source rows for the same rule`, () => {
      const { pipeline, reference, raw } = get();
      // rows a reader could not read never reach raw/, so the reference cannot see them
      const fromRaw = pipeline.rejects[name].filter((r) => raw[name].has(String(r['source_row'])));
      expect(keyedDiffs((r) => String(r['source_row']), fromRaw, reference.rejects[name])).toEqual([]);
    });
  }

  for (const name of aggregateNames) {
    it(`matches aggregates/${name} exactly (profit and order_lines per group)`, () => {
      const { pipeline, reference } = get();
      const keyOf = (r: Row): string =>
        JSON.stringify(Object.entries(r).filter(([k]) => k !== 'profit' && k !== 'order_lines'));
      expect(pipeline.aggregates[name].length).toBe(reference.aggregates[name].length);
      expect(keyedDiffs(keyOf, pipeline.aggregates[name], reference.aggregates[name])).toEqual([]);
    });
  }

  it('counts the same fixes per rule in quality.json', () => {
    const { quality, reference } = get();
    for (const name of entityNames) expect(quality.tables[name].fixes, name).toEqual(referenceFixes(reference, name));
  });

  it('reconciles: every aggregate totals enriched/orders; enriched + rejects = rows read', () => {
    const { pipeline, reference, quality, raw } = get();
    const orderTotal = total(pipeline.enriched.orders);
    expect(total(reference.enriched.orders)).toBe(orderTotal);
    for (const name of aggregateNames) {
      expect(total(pipeline.aggregates[name]), name).toBe(orderTotal);
      const lines = pipeline.aggregates[name].reduce((n, r) => n + Number(r['order_lines']), 0);
      expect(lines, `${name} order_lines`).toBe(pipeline.enriched.orders.length);
    }
    for (const name of entityNames) {
      const q = quality.tables[name];
      expect(q.rows_written, name).toBe(pipeline.enriched[name].length);
      expect(q.rows_rejected, name).toBe(pipeline.rejects[name].length);
      expect(q.rows_written + q.rows_rejected, name).toBe(q.rows_read);
      const readerIssues = pipeline.rejects[name].filter((r) => !raw[name].has(String(r['source_row']))).length;
      expect(reference.enriched[name].length + reference.rejects[name].length + readerIssues, name).toBe(q.rows_read);
    }
    const customerIds = new Set(reference.enriched.customers.map((r) => r['customer_id']));
    const productIds = new Set(reference.enriched.products.map((r) => r['product_id']));
    const orders = reference.enriched.orders;
    expect(quality.tables.orders.counts['unknown_customer_lines']).toBe(
      orders.filter((r) => !customerIds.has(r['customer_id'])).length,
    );
    expect(quality.tables.orders.counts['unknown_product_lines']).toBe(
      orders.filter((r) => !productIds.has(r['product_id'])).length,
    );
  });

  extra?.(get);
}

// ── A hand-made dataset of edge cases for every rule ─────────────────────────────────────────────────────────

/**
 * Customer rows in `customerHeader` order (id, name, email, phone, address, segment, country, city, state, postal
 * code, region).
 */
const edgeCustomers: CustomerCell[][] = [
  [
    'C-1',
    'Ann\u00a0 Lee',
    'Ann.Lee@Example.COM',
    '1 (202) 555-0143',
    'a\nb',
    ' Consumer ',
    'United\tStates',
    'New  York',
    'NY',
    '2005.0',
    'East',
  ],
  [
    'C-2',
    'e\u0301mile Zola',
    ' bob@mail.example.org ',
    '202-555-0143 ext. 12',
    null,
    'Corporate\u0085',
    'United States',
    'New\u200bYork',
    'Y',
    '123456789',
    'West',
  ],
  [
    'C-3',
    '\u0301Mark',
    'x@y.c',
    '+1 202 555 0143 EXTENSION: 9',
    '',
    'Consumer',
    '\ufeffUS\u2060',
    'X',
    'Y',
    '12345-6789',
    'West',
  ],
  ['C-4', "O''Brien--Smith\u00ad\u200d", 'a b@c.com', '2025550143x', 'x', 'Consumer', 'US', 'X', 'Y', '00000', 'West'],
  [
    'C-5',
    '-Jean- -Luc-',
    'ok@sub-domain.example.co',
    '202\u2028555 0143',
    'x',
    'Consumer',
    'US',
    'X',
    'Y',
    '0',
    'West',
  ],
  ['C-6', 'Иван Петров', 'UPPER@CASE.COM', '12025550143', 'x', 'Consumer', 'US', 'X', 'Y', 501, 'West'],
  ['C-7', '王小明', `${'l'.repeat(65)}@x.com`, '0012025550143', 'x', 'Consumer', 'US', 'X', 'Y', ' 7102 ', 'West'],
  [
    'C-8',
    'Zoë😀 Ä\u200bngström',
    '😀@emoji.com',
    '202.555.0143 x 0042',
    'x',
    'Consumer',
    'US',
    'X',
    'Y',
    '123456',
    'West',
  ],
  ['\u200bC-9\u3000', 'A\u2019B', 'a@-bad.com', '202555014', 'x', 'Consumer', 'US', 'X', 'Y', '02134-1234', 'West'],
  ['C-1', 'Dup Name', 'dup@example.com', '2025550143', 'x', 'Consumer', 'US', 'X', 'Y', '12345', 'West'],
  ['   ', 'Blank Id', 'b@example.com', '2025550143', 'x', 'Consumer', 'US', 'X', 'Y', '12345', 'West'],
  [
    'C-12',
    'José\u00a0\u00a0Núñez\t',
    'jose@EXAMPLE.com.',
    '+1.202.555.0143',
    'x',
    'Consumer',
    'US',
    'X',
    'Y',
    '1234.5',
    'West',
  ],
  ['C-13', 'ǅemal', 'a@b.co', 'abc', 'x', 'Consumer', 'US', 'X', 'Y', '98765-432', 'West'],
  ['C-14', '   ', `${'😀'.repeat(32)}@x.com`, '+12025550143', 'x', 'Consumer', 'US', 'X', 'Y', '001234567', 'West'],
  [
    'C-15',
    "Mary-'Ann",
    `${'😀'.repeat(33)}@x.com`,
    '1-202-555-0143 Ext 7',
    'x',
    'Consumer',
    'US',
    'X',
    'Y',
    '00000-1234',
    'West',
  ],
  ['C-16', 'e\u0301\u0301', 'a@b.c0m', '(202)5550143', 'x', 'Consumer', 'US', 'X', 'Y', '7.00', 'West'],
  ['C-17', 'a#\u0301b', 'a@@b.com', '202 555 0143 x12345678901', 'x', 'Consumer', 'US', 'X', 'Y', 2005, 'West'],
  [
    'C-18',
    '12345',
    'a.b-c_d+e@x-y.z.info',
    '2025550143\n',
    'x',
    'Consumer',
    'US',
    'X',
    'Y',
    '\u00a02005\u00a0',
    'West',
  ],
];

const edgeProducts = `Product ID,Category,Sub-Category,Product Name,State,Price per product
P-1,Furniture,Chairs,Chair,Texas,81.882
" P-2 ",Office Supplies, Paper ,"Paper, white",  Ohio  ,"$1,234.50"
P-3,Technology,Phones,Phone,Texas,-$5
P-4,Technology,Phones,Phone,Texas,12.34565
P-5,Technology,Phones,Phone,Texas,"1,23"
P-6,Technology,Phones,Phone,Texas,4797%
P-7,Technology,Phones,Phone,Texas,
P-8,Technology,Phones,Phone,Texas,'12'
P-9,Technology,Phones,Phone,Texas,1.5e2
P-10,Technology,Phones,Phone,Texas,abc
P-11,Technology,Phones,Phone,Texas,99999999999999.99995
P-1,Furniture,Tables,Table,Ohio,1
P-12,,,,,
P-13,Technology,Phones,Phone,Texas," € 12.5 "
P-14,Technology,Phones,Phone,Texas,+$7
P-15,Technology,Phones,Phone,Texas,- $5
P-16,Technology,Phones,Phone,Texas,"12,345,678.125"
P-17,Technology,Phones,Phone,Texas,"1,2345"
P-18,Technology,Phones,Phone,Texas,0.00005
`;

/** One order line as JSON lexemes by key (a string value is written with JSON.stringify, a number as its lexeme). */
type Line = Record<string, string>;
const s = (text: string): string => JSON.stringify(text);
const baseLine = (id: string): Line => ({
  'Row ID': id,
  'Order ID': s('O-1'),
  'Order Date': s('1/2/2016'),
  'Ship Date': s('3/2/2016'),
  'Ship Mode': s('Standard Class'),
  'Customer ID': s('C-1'),
  'Product ID': s('P-1'),
  Quantity: '2',
  Price: '10.5',
  Discount: '0',
  Profit: '1.25',
});
let nextId = 100;
const line = (changes: Line): Line => ({ ...baseLine(String(nextId++)), ...changes });
const edgeOrders: Line[] = [
  // profits: ties, exponents, double-rounding traps, strings, overflow
  ...[
    '2.345',
    '-2.345',
    '1.005e0',
    '0.0049999999999',
    '1.00499999999999',
    s('  12.5 '),
    '5e-3',
    '-0.0001',
    '1E2',
    '-5E-3',
    '0.125',
    '-1811.0784',
    '99999999999999.994',
    '1234567890123456.785',
    '0.995',
    '-0.995',
    s('12.'),
    s('.5'),
    s('+3.335'),
    '1.2345e2',
    '123456e-5',
    '0e999999999999',
  ].map((p) => line({ Profit: p })),
  line({ Profit: s('1,234.5') }),
  line({ Profit: '12345678901234567.5' }),
  line({ Profit: s('') }),
  line({ Profit: 'null' }),
  // row ids
  line({ 'Row ID': s('7.0') }),
  line({ 'Row ID': s('  8 ') }),
  line({ 'Row ID': '9', 'Order Date': s('31/4/2016') }),
  line({ 'Row ID': '9' }),
  line({ 'Row ID': '9', Profit: s('n/a') }),
  line({ 'Row ID': s('abc') }),
  line({ 'Row ID': s('') }),
  line({ 'Row ID': s('  ') }),
  line({ 'Row ID': '9007199254740992' }),
  line({ 'Row ID': '9007199254740991' }),
  line({ 'Row ID': '-3' }),
  line({ 'Row ID': '8' }),
  line({ 'Row ID': s('1e3') }),
  // exact duplicate lines vs conflicting Row IDs (a line equal to a rejected line is no duplicate)
  { ...baseLine('500') },
  { ...baseLine('500') },
  { ...baseLine('500'), Coupon: s('X1') },
  { ...baseLine('501'), Profit: s('bad') },
  { ...baseLine('501'), Profit: s('bad') },
  { ...baseLine('502'), Quantity: s('2') },
  { ...baseLine('502'), Quantity: '2' },
  // dates
  ...[
    '29/2/2016',
    '29/2/2015',
    '2016-02-29',
    '2016-2-29',
    ' 1/1/2016 ',
    '01/01/0999',
    '0/1/2016',
    '1/13/2016',
    '29/2/1900',
    '29/2/2000',
    '1/1/16',
    '12/12/2016x',
    '1//2016',
    '31/12/9999',
  ].map((d) => line({ 'Order Date': s(d) })),
  line({ 'Ship Date': s('') }),
  line({ 'Ship Date': s('30/2/2016') }),
  line({ 'Ship Date': 'null' }),
  // quantities
  ...[s('3.0'), '2147483648', '-2', s(' 4 '), s('4.5'), '2147483647', s('+1'), s(''), '0', s('-0'), s('-7.0')].map(
    (q) => line({ Quantity: q }),
  ),
  // discounts (a fraction in [0, 1] once stored at 4 places)
  ...[
    s('abc'),
    '0.12345',
    s(''),
    '-0.00005',
    '-0.00004',
    '1e-4',
    'null',
    '1',
    '1.00004',
    '1.00005',
    '1.5',
    '-0.2',
    s('100%'),
    '0.8',
  ].map((d) => line({ Discount: d })),
  // prices
  ...[
    s('4797%'),
    s('$1,234.50'),
    s('-$5'),
    s('1,23'),
    s('"12"'),
    s('12%%'),
    s('abc'),
    'null',
    s('£ 3'),
    s('“7”'),
    s('$-5'),
    s('-$-5'),
    s('1,234,567'),
    s('12,34.5'),
    s('%'),
    s('+€2.505'),
  ].map((p) => line({ Price: p })),
  // ids and labels to trim and join
  line({ 'Customer ID': s(' C-1\u00a0') }),
  line({ 'Customer ID': s('c-1') }),
  line({ 'Customer ID': s('C-9') }),
  line({ 'Customer ID': s('\u3000') }),
  line({ 'Product ID': s(' P-2 ') }),
  line({ 'Product ID': s('P-404') }),
  line({ 'Product ID': s('P-12') }),
  line({ 'Order ID': s('O\t\t1'), 'Ship Mode': s('  First  Class ') }),
  line({ 'Customer ID': s('C-14'), 'Product ID': s('P-2') }),
];

/** Writes the edge-case sources into a fresh folder and returns it. */
async function edgeCaseSources(): Promise<string> {
  const dir = ownTempDir('ecomflow-edge-');
  await writeCustomerXlsx(join(dir, 'Customer.xlsx'), edgeCustomers);
  writeFileSync(join(dir, 'Products.csv'), edgeProducts);
  const json = edgeOrders
    .map(
      (l) =>
        `  {${Object.entries(l)
          .map(([k, v]) => `${s(k)}: ${v}`)
          .join(', ')}}`,
    )
    .join(',\n');
  writeFileSync(join(dir, 'Orders.json'), `[\n${json}\n]\n`);
  return dir;
}

describe('pipeline against the SQL reference', () => {
  describe('bundled fixtures', () => {
    compareWithReference(() => Promise.resolve(fixturesDir));
  });

  describe('edge cases for every rule', () => {
    compareWithReference(edgeCaseSources);
  });

  describe('generated dataset of 50,000 dirty lines', () => {
    compareWithReference(async () => {
      const dir = ownTempDir('ecomflow-gen-');
      await generateSources({ lines: 50_000, out: dir, seed: 7 });
      return dir;
    });
  });

  describeWithSample('shared sample', () => {
    compareWithReference(
      () => Promise.resolve(sampleDir),
      (get) => {
        it('gives the known profit by year and 9,994 enriched lines', () => {
          const { pipeline, reference } = get();
          const byYear = (rows: readonly Row[]): Record<string, unknown> =>
            Object.fromEntries(rows.map((r) => [String(r['order_year']), r['profit']]));
          const expected = { '2014': '39185.75', '2015': '63073.09', '2016': '65073.23', '2017': '111084.96' };
          expect(byYear(pipeline.aggregates.profit_by_year)).toEqual(expected);
          expect(byYear(reference.aggregates.profit_by_year)).toEqual(expected);
          expect(pipeline.enriched.orders.length).toBe(9994);
          expect(reference.enriched.orders.length).toBe(9994);
        });
      },
    );
  });
});

import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { sqlPath, withDuck } from '../helpers/duckdb.js';
import { tempDir } from '../helpers/tmp.js';
import { freshOut, makeInput } from './harness.js';

// Random dirty orders files over the fixtures' customers and products: for every one, each line ends in exactly
// one of enriched and rejects, every line the generator made clean (and whose Row ID no other element uses) is
// enriched, and every aggregate's total equals the total profit of enriched/orders.
//
// Deterministic: fast-check runs from a fixed seed. Another seed: ECOMFLOW_PROPERTY_SEED=<n> (or `random`);
// the seed is printed, and a failure names it with the shrunk counterexample.
const DEFAULT_SEED = 20_261_202;
const seedSetting = process.env['ECOMFLOW_PROPERTY_SEED'];
const seed =
  seedSetting === undefined || seedSetting === ''
    ? DEFAULT_SEED
    : seedSetting === 'random'
      ? Math.floor(Math.random() * 2 ** 31)
      : Number(seedSetting);

const KNOWN_CUSTOMERS = ['GH-14410', 'TS-21340', ' AB-10015 ', 'DP-13000', 'EN-14020'];
const KNOWN_PRODUCTS = ['FUR-CH-10002961', 'TEC-AC-10004659', 'OFF-PA-10000659', 'FUR-FU-10004270'];
const MISSING = Symbol('missing');
/** A generated value; MISSING (a symbol) leaves the key out. */
type Value = unknown;

const unicode = fc.string({ unit: 'binary', maxLength: 8 });
const dirt =
  (...clean: fc.Arbitrary<Value>[]) =>
  (...dirty: fc.Arbitrary<Value>[]) =>
    fc.oneof(
      { arbitrary: fc.oneof(...clean), weight: 10 },
      { arbitrary: fc.oneof(...dirty, fc.constant(MISSING), fc.constant(null), unicode), weight: 1 },
    );

const validDate = fc
  .record({
    d: fc.integer({ min: 1, max: 28 }),
    m: fc.integer({ min: 1, max: 12 }),
    y: fc.integer({ min: 2014, max: 2017 }),
  })
  .map(({ d, m, y }) => `${d}/${m}/${y}`);
/** A decimal as a JSON number lexeme or a string, with 0–4 decimals (ties included). */
const decimal = fc
  .record({
    cents: fc.integer({ min: -5_000_000, max: 5_000_000 }),
    extra: fc.integer({ min: 0, max: 99 }),
    scale: fc.constantFrom(0, 1, 2, 3, 4),
    asText: fc.boolean(),
  })
  .map(({ cents, extra, scale, asText }) => {
    const digits = `${Math.abs(cents)}${String(extra).padStart(2, '0')}`.padStart(5, '0');
    const int = digits.slice(0, -4).replace(/^0+(?=\d)/, '');
    const frac = digits.slice(-4, -4 + scale || undefined).slice(0, scale);
    const text = `${cents < 0 ? '-' : ''}${int}${scale > 0 ? `.${frac}` : ''}`;
    return asText ? text : { raw: text };
  });

const line = fc.record({
  'Row ID': dirt(
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 12 }).map(String),
  )(fc.constantFrom('', 'x1', ' 3 ', '1e3', '4.0')),
  'Order ID': dirt(fc.constantFrom('CA-2016-100001', 'US-2015-100002'))(),
  'Order Date': dirt(validDate)(fc.constantFrom('31/2/2016', '2016-13-45', '29/2/2015', '2016-08-21', '0/1/2016')),
  'Ship Date': dirt(validDate)(fc.constantFrom('31/4/2016', '')),
  'Ship Mode': dirt(fc.constantFrom('Standard Class', 'First Class'))(),
  'Customer ID': dirt(fc.constantFrom(...KNOWN_CUSTOMERS))(fc.constantFrom('ZZ-00000', 'gh-14410')),
  'Product ID': dirt(fc.constantFrom(...KNOWN_PRODUCTS))(fc.constantFrom('TEC-PH-10009999')),
  Quantity: dirt(fc.integer({ min: 1, max: 14 }))(fc.constantFrom('three', '2.5', '1e10', '')),
  Price: dirt(decimal)(fc.constantFrom('4797%', 'abc', '$1,234.50', '12..5')),
  Discount: dirt(fc.constantFrom(0, 0.2, 0.45))(fc.constantFrom('lots', '-')),
  Profit: dirt(decimal)(fc.constantFrom('n/a', '12%', '', '1e400')),
  extra: fc.dictionary(
    fc.oneof(unicode, fc.constantFrom('__proto__', 'constructor', 'Coupon')),
    fc.oneof(unicode, fc.integer(), fc.constant(null)),
    { maxKeys: 2 },
  ),
  reversed: fc.boolean(),
});

/** One source element: an order line, an exact copy of an earlier element, or something that is not an object. */
const element = fc.oneof(
  { arbitrary: line.map((l) => ({ kind: 'line' as const, l })), weight: 8 },
  { arbitrary: fc.nat().map((n) => ({ kind: 'copy' as const, n })), weight: 1 },
  { arbitrary: fc.constantFrom('null', '1', '"x"', '[]').map((t) => ({ kind: 'other' as const, t })), weight: 1 },
);

const file = fc.record({
  first: line,
  rest: fc.array(element, { maxLength: 14 }),
  ndjson: fc.boolean(),
  bom: fc.boolean(),
  crlf: fc.boolean(),
});

type Line = typeof line extends fc.Arbitrary<infer T> ? T : never;
type DirtyFile = typeof file extends fc.Arbitrary<infer T> ? T : never;

/** The JSON text of one line: keys (plus extra keys) in order or reversed; `{ raw }` values as bare lexemes. */
function lineText(l: Line, complete: boolean): string {
  const { extra, reversed, ...values } = l;
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (v === MISSING && !complete) continue;
    const value =
      v === MISSING
        ? '"1"'
        : typeof v === 'object' && v !== null && 'raw' in v
          ? (v as { raw: string }).raw
          : JSON.stringify(v);
    pairs.push(`${JSON.stringify(k)}: ${value}`);
  }
  for (const [k, v] of Object.entries(extra)) {
    if (Object.hasOwn(values, k)) continue; // a repeated key would be a different kind of dirt (json.duplicate_key)
    pairs.push(`${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  }
  if (reversed) pairs.reverse();
  return `{${pairs.join(', ')}}`;
}

/** The orders file and how many source lines (elements) it holds. */
function ordersFile(f: DirtyFile): { text: string; lines: number } {
  const texts = [lineText(f.first, true)]; // the first line has every key, so every required column exists
  for (const e of f.rest) {
    if (e.kind === 'line') texts.push(lineText(e.l, false));
    else if (e.kind === 'copy') texts.push(texts[e.n % texts.length]!);
    else texts.push(e.t);
  }
  const eol = f.crlf ? '\r\n' : '\n';
  const body = f.ndjson ? `${texts.join(eol)}${eol}` : `[${eol}${texts.map((t) => `  ${t}`).join(`,${eol}`)}${eol}]`;
  return { text: `${f.bom ? '\ufeff' : ''}${body}`, lines: texts.length };
}

/** A Row ID as the cleaning reads it, for telling which elements share one (null: none, or not a number). */
function rowIdOf(v: Value): number | null {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return null;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : null;
}

const cleanDate = (v: Value): boolean => {
  const m = typeof v === 'string' ? /^(\d{1,2})\/(\d{1,2})\/(201[4-7])$/.exec(v) : null;
  return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= 28 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
};
const cleanDecimal = (v: Value): boolean =>
  (typeof v === 'object' && v !== null && 'raw' in v) || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v));
const oneOf =
  (...values: readonly unknown[]) =>
  (v: Value): boolean =>
    values.includes(v);

/** Every value of a line as the clean side of its generator makes it: such a line breaks no rule. */
const cleanValue: Record<Exclude<keyof Line, 'extra' | 'reversed'>, (v: Value) => boolean> = {
  'Row ID': (v) => {
    const n = rowIdOf(v);
    return (
      n !== null && Number.isInteger(n) && n >= 1 && n <= 12 && (typeof v === 'number' || /^\d+$/.test(v as string))
    );
  },
  'Order ID': oneOf('CA-2016-100001', 'US-2015-100002'),
  'Order Date': cleanDate,
  'Ship Date': cleanDate,
  'Ship Mode': oneOf('Standard Class', 'First Class'),
  'Customer ID': oneOf(...KNOWN_CUSTOMERS),
  'Product ID': oneOf(...KNOWN_PRODUCTS),
  Quantity: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 14,
  Price: cleanDecimal,
  Discount: oneOf(0, 0.2, 0.45),
  Profit: cleanDecimal,
};

/** Loosely as column names are compared: letters and digits, lower case. */
const loose = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Whether no two keys of the line (extra keys included) could name one column (`json.duplicate_key`). */
function distinctKeys(l: Line): boolean {
  const keys = [...Object.keys(cleanValue), ...Object.keys(l.extra).filter((k) => !Object.hasOwn(cleanValue, k))];
  const names = keys.map(loose);
  return names.every((n) => n !== '') && new Set(names).size === names.length;
}

/**
 * How many lines of `f` must be enriched whatever the rules' order: clean in every value and key, with a Row ID that no
 * other element of the file carries (a copy, a conflicting line, or a dirty spelling such as " 3 ").
 */
function surelyEnriched(f: DirtyFile): number {
  const lines: Line[] = [f.first];
  const ids: (number | null)[] = [rowIdOf(f.first['Row ID'])];
  const texts: (Line | null)[] = [f.first];
  for (const e of f.rest) {
    const copied = e.kind === 'copy' ? texts[e.n % texts.length]! : null;
    const l = e.kind === 'line' ? e.l : copied;
    texts.push(l);
    ids.push(l === null ? null : rowIdOf(l['Row ID']));
    if (e.kind === 'line') lines.push(e.l);
  }
  return lines.filter((l) => {
    const id = rowIdOf(l['Row ID']);
    const clean = Object.entries(cleanValue).every(([k, ok]) => ok(l[k as keyof typeof cleanValue]));
    return clean && distinctKeys(l) && ids.filter((other) => other === id).length === 1;
  }).length;
}

describe('dirty orders, property-based (30 runs of the whole pipeline, in-process)', () => {
  it('accounts for every line and reconciles every aggregate with the enriched total', async () => {
    const seen = new Map<string, number>();
    let enriched = 0;
    let planted = 0;
    await fc.assert(
      fc.asyncProperty(file, async (f) => {
        const { text, lines } = ordersFile(f);
        const input = makeInput(f.ndjson ? { 'Orders.ndjson': text } : { 'Orders.json': text });
        const out = freshOut();
        const summary = await runPipeline({ input, out });
        const q = summary.quality.tables.orders;
        for (const [rule, n] of Object.entries(q.rejected_by_reason)) seen.set(rule, (seen.get(rule) ?? 0) + n);
        enriched += q.rows_written;
        const sure = surelyEnriched(f);
        planted += sure;
        expect(q.rows_read).toBe(lines);
        expect(q.rows_written, 'lines the generator made clean, with a Row ID of their own').toBeGreaterThanOrEqual(
          sure,
        );
        expect(q.rows_written + q.rows_rejected).toBe(lines);
        await withDuck(async (query) => {
          const at = (layer: string, table: string): string => sqlPath(join(out, layer, `${table}.parquet`));
          const one = async (sql: string): Promise<unknown> => Object.values((await query(sql))[0]!)[0];
          const rows = await query(
            `select source_row, 'e' as side from ${at('enriched', 'orders')} union all select source_row, 'r' ` +
              `from ${at('rejects', 'orders')} order by 1`,
          );
          expect(rows.map((r) => Number(r['source_row']))).toEqual(Array.from({ length: lines }, (_, i) => i + 1));
          expect(rows.filter((r) => r['side'] === 'e')).toHaveLength(q.rows_written);
          expect(await one(`select count(*) - count(distinct row_id) from ${at('enriched', 'orders')}`)).toBe('0');
          const total = await one(
            `select coalesce(sum(profit), 0)::DECIMAL(38,2)::VARCHAR from ${at('enriched', 'orders')}`,
          );
          for (const agg of [
            'profit_by_year',
            'profit_by_category',
            'profit_by_sub_category',
            'profit_by_customer',
            'profit_summary',
          ]) {
            expect(
              await one(`select coalesce(sum(profit), 0)::DECIMAL(38,2)::VARCHAR from ${at('aggregates', agg)}`),
              agg,
            ).toBe(total);
          }
          const byReason = Object.values(q.rejected_by_reason).reduce((a, n) => a + n, 0);
          expect(byReason).toBe(q.rows_rejected);
        });
      }),
      { numRuns: 30, seed },
    );
    console.log(
      `property runs (seed ${seed}): ${enriched} lines enriched, ${planted} of them surely clean; ` +
        `rejects ${JSON.stringify(Object.fromEntries([...seen].sort()))}`,
    );
    // the generator really planted both: many kinds of reject, and clean lines. Fixed for the default seed (the
    // same 30 files every time); for another seed these are printed above, not asserted.
    if (seed === DEFAULT_SEED) {
      expect(seen.size).toBeGreaterThanOrEqual(8);
      expect(planted).toBeGreaterThanOrEqual(20);
    }
  }, 240_000);

  it('the generator makes the dirt it claims (a fixed example)', async () => {
    const example = fc.sample(file, { numRuns: 1, seed: 42 })[0]!;
    const { text, lines } = ordersFile({
      ...example,
      rest: [...example.rest, { kind: 'copy', n: 0 }, { kind: 'other', t: 'null' }],
      ndjson: true,
    });
    expect(text.trimEnd().split('\n')).toHaveLength(lines);
    const input = makeInput({ 'Orders.ndjson': text });
    const summary = await runPipeline({ input, out: join(tempDir(), 'w') });
    expect(summary.quality.tables.orders.rejected_by_reason['json.not_an_object']).toBeGreaterThanOrEqual(1);
    expect(summary.quality.tables.orders.rows_read).toBe(lines);
  });
});

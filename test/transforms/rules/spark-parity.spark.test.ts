/**
 * Parity of every cleaning rule's two forms — the TypeScript function and its Spark SQL expression — on a real
 * Spark: every distinct text value of the fixtures, of a generated sample (and of the shared sample when it is
 * beside the project), hand-picked Unicode edge cases and fast-check samples, value by value; and the fix
 * counts over the customers, products and orders columns the pipeline applies them to. The known differences
 * (docs/spark.md) are asserted as such, so a new one fails and a fixed one is noticed.
 */
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSources } from '../../../fixtures/generator/generate-sources.js';
import { readCsv } from '../../../src/io/csv/read-csv.js';
import { readJson } from '../../../src/io/json/read-json.js';
import { readXlsx } from '../../../src/io/xlsx/read-xlsx.js';
import { rawCustomers, rawOrders, rawProducts } from '../../../src/schemas/raw.js';
import type { SparkSession } from '../../../src/spark/index.js';
import { columnValues, formatScaled, tableRows } from '../../../src/table/columns.js';
import { applyRule } from '../../../src/transforms/apply-rule.js';
import { cleaningRules, type CleaningRule } from '../../../src/transforms/rules/index.js';
import { parseDecimalLenient, parseDecimalLenientSql } from '../../../src/transforms/values/decimal-text.js';
import { openSpark } from '../../spark/live/spark.js';
import { sampleDir, tempDir } from '../../helpers/tmp.js';
import { dirtyText, phoneLikeText } from './arbitraries.js';

const fixtures = resolve(import.meta.dirname, '../../../fixtures');
const rules = Object.values(cleaningRules);
/** Price scales the pipeline parses at: products (4), orders (2). */
const SCALES = [2, 4] as const;

/** Values where JavaScript and Java regexes, trims and casts could part: each Unicode space, marks, astral… */
const EDGE_CASES: string[] = [
  '',
  ' ',
  ...Array.from(
    '\t\n\v\f\r \u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u0085\u200b\u2060\u180e\u001c',
  ).flatMap((s) => [
    `${s}CG-12520${s}`,
    `Home${s}Office`,
    `${s}4797%${s}`,
    `${s}12.5${s}`,
    `Ann${s}Lee`,
    `a@b.com${s}`,
  ]),
  'x\n',
  '12345\n',
  '12345-6789\n',
  '(563)647-4830\n',
  '563.647.4830 x12\n',
  '563 647 4830 EXT: 99',
  '563 647 4830 Extension 0007',
  '+1 563 647 4830',
  '001-542-415-0246x314',
  '1(563)6474830',
  '563647483',
  '٣٤٥٦٧٨٩٠١٢',
  '5636474830x12345678901',
  'Jean-Luc O\u2019Neil',
  'Jean--Luc',
  '-\u0301-',
  '\u0301abc',
  'Zoe#\u0308',
  'Bu\u0308hler',
  '李小龍 😀',
  '😀'.repeat(40) + '@example.com',
  'a'.repeat(64) + '@example.com',
  'a'.repeat(65) + '@example.com',
  `a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(57)}.com`,
  `a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(58)}.com`,
  'Jane.Doe@Example.COM',
  'x'.repeat(10_000),
  ' '.repeat(5_000) + '5',
  '$1,234.50',
  '-$5',
  '+$ 5',
  '-$-5',
  '$-5',
  '1,234,5',
  '1,234.5,6',
  '12,34',
  '"4,797"',
  '\u201c12\u201d',
  '12..5',
  '.5',
  '5.',
  '+.5e1',
  '1e',
  '1e400',
  '9999999999999999.995',
  '99999999999999.99995',
  '0e2147483648',
  '1e-2147483649',
  '1234567890123456.123456789012345678901234567890',
  '0.000000000000000000000000000000000000000001234',
  '-0.005',
  '0x10',
  'NaN',
  'Infinity',
  '१२३',
  '2005',
  '2005.0',
  '2005.00',
  '00000',
  '00000-1234',
  '123456789',
  '000001234',
];

/**
 * Known differences between the forms, by rule: value → [TypeScript result, Spark result]. See docs/spark.md.
 * (name.clean's NFC difference is a class of values, checked apart.)
 */
const KNOWN: Record<string, Record<string, [string | null, string | null]>> = {
  'email.validate': {
    ['😀'.repeat(40) + '@example.com']: [null, '😀'.repeat(40) + '@example.com'],
  },
};
const KNOWN_PRICE: Record<string, [string | null, string | null]> = {
  '0e2147483648': ['0', null],
  '1e-2147483649': ['0', null],
};

let spark: SparkSession;
let generated: string;
/** The corpus as sent to Spark (view `parity_values`: id = index here). */
let texts: string[] = [];
/** Every distinct value of every corpus (real: read from source files), and the raw tables the pipeline cleans. */
const values = new Set<string>(EDGE_CASES);
const realValues = new Set<string>();
const raws: { name: string; customers: Table; products: Table; orders: Table }[] = [];

async function readSources(name: string, dir: string): Promise<void> {
  const customers = (await readXlsx(join(dir, 'Customer.xlsx'), rawCustomers)).table;
  const products = (await readCsv(join(dir, 'Products.csv'), rawProducts)).table;
  const orders = (await readJson(join(dir, 'Orders.json'), rawOrders)).table;
  for (const t of [customers, products, orders] as Table[]) {
    for (const column of t.schema.names) {
      for (const v of columnValues(t, String(column))) {
        if (typeof v !== 'string') continue;
        values.add(v);
        realValues.add(v);
      }
    }
  }
  raws.push({ name, customers, products, orders });
}

beforeAll(async () => {
  spark = await openSpark();
  generated = tempDir('ecomflow-parity-');
  await generateSources({ lines: 20_000, out: generated });
  await readSources('fixtures', fixtures);
  await readSources('generated', generated);
  if (existsSync(join(sampleDir, 'Orders.json'))) await readSources('sample', sampleDir);
  for (const arb of [dirtyText, phoneLikeText])
    for (const v of fc.sample(arb, { seed: 12, numRuns: 3000 })) values.add(v);
  texts = [...values].filter(utf8Safe);
  await viewOf('parity_values', texts);
  console.info(`parity corpus: ${texts.length} distinct values (${realValues.size} read from source files)`);
});

afterAll(async () => {
  await spark.close();
  rmSync(generated, { recursive: true, force: true });
});

/** A temp view `name` of (id, v, v_nfc) rows holding `texts` (v_nfc: the text in Unicode NFC). */
async function viewOf(name: string, texts: readonly string[]): Promise<void> {
  const table = new Table({
    id: vectorFromArray(
      texts.map((_, i) => i),
      new Int32(),
    ),
    v: vectorFromArray(texts, new Utf8()),
    v_nfc: vectorFromArray(
      texts.map((t) => t.normalize('NFC')),
      new Utf8(),
    ),
  });
  await spark.createTempView(name, table);
}

/** Values that Arrow's UTF-8 cannot carry unchanged (lone surrogates) are left out: Spark never sees them. */
function utf8Safe(v: string): boolean {
  return !/\p{Cs}/u.test(v);
}

/**
 * Characters whose Unicode category (letter \p{L} / mark \p{M}) Node and the server's JVM disagree on: each
 * runtime ships its own Unicode version (Node 20: 15.1; Java 17: 13.0), so letters added since read as symbols.
 */
async function categoryDisagreements(texts: readonly string[]): Promise<Set<string>> {
  const chars = [...new Set(texts.flatMap((t) => Array.from(t)))];
  await viewOf('parity_chars', chars);
  const t = await spark.sql(
    String.raw`SELECT id, v RLIKE r'^\p{L}\z' AS l, v RLIKE r'^\p{M}\z' AS m FROM parity_chars`,
  );
  const odd = new Set<string>();
  for (const row of tableRows(t)) {
    const c = chars[row.id as number]!;
    if (/^\p{L}$/u.test(c) !== row.l || /^\p{M}$/u.test(c) !== row.m) odd.add(c);
  }
  return odd;
}

describe('cleaning rules: TypeScript and Spark SQL agree value by value', () => {
  it.each(rules.map((r) => [r.name, r] as const))('%s', async (name, rule: CleaningRule) => {
    const result = await spark.sql(
      `SELECT id, ${rule.sql('v')} AS out, ${rule.sql('v_nfc')} AS out_nfc FROM parity_values`,
    );
    const out = new Map<number, string | null>();
    const outNfc = new Map<number, string | null>();
    for (const row of tableRows(result)) {
      out.set(row.id as number, row.out as string | null);
      outNfc.set(row.id as number, row.out_nfc as string | null);
    }
    expect(out.size).toBe(texts.length);
    const differences: Record<string, [string | null, string | null]> = {};
    const nfcOnly: string[] = [];
    const unicodeVersion: string[] = [];
    const inRealData: string[] = [];
    const odd = name === 'name.clean' ? await categoryDisagreements(texts) : new Set<string>();
    texts.forEach((text, id) => {
      const ts = rule.clean(text);
      const sql = out.get(id) ?? null;
      if (ts === sql) return;
      if (realValues.has(text)) inRealData.push(text);
      // Spark SQL has no Unicode normalisation: name.clean's SQL form leaves out its two NFC steps, and is
      // the same rule once they are done around it (input and output in NFC)
      if (name === 'name.clean' && ts === (outNfc.get(id)?.normalize('NFC') ?? null)) nfcOnly.push(text);
      else if (Array.from(text).some((c) => odd.has(c))) unicodeVersion.push(text);
      else differences[text] = [ts, sql];
    });
    expect(inRealData).toEqual([]);
    expect(differences).toEqual(KNOWN[name] ?? {});
    if (name === 'name.clean') expect(nfcOnly).toEqual(expect.arrayContaining(['Zoe#\u0308', 'Bu\u0308hler']));
    else expect(nfcOnly).toEqual([]);
    if (odd.size > 0) {
      const sample = [...odd].slice(0, 8).map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`);
      console.info(
        `${name}: ${unicodeVersion.length} values differ through ${odd.size} characters of newer Unicode: ` +
          `${sample.join(' ')} …`,
      );
    }
    expect(texts.length).toBeGreaterThan(20_000);
  });

  it.each(SCALES)('price.clean (parseDecimalLenient) at scale %i', async (scale) => {
    const { value, cleaned } = parseDecimalLenientSql('v', scale);
    const result = await spark.sql(
      `SELECT id, CAST(${value} AS STRING) AS out, ${cleaned} AS cleaned FROM parity_values`,
    );
    const differences: Record<string, unknown> = {};
    const inRealData: string[] = [];
    let parsed = 0;
    for (const row of tableRows(result)) {
      const text = texts[row.id as number]!;
      const ts = parseDecimalLenient(text, scale);
      const tsText = ts === null ? null : formatScaled(ts.value, scale);
      if (ts !== null) parsed++;
      if (tsText !== row.out || (ts?.cleaned ?? false) !== row.cleaned) {
        differences[text] = [tsText, row.out];
        if (realValues.has(text)) inRealData.push(text);
      }
    }
    expect(inRealData).toEqual([]);
    const known = Object.fromEntries(
      Object.entries(KNOWN_PRICE).map(([k, [ts, sql]]) => [
        k,
        [ts === null ? null : formatScaled(BigInt(ts), scale), sql],
      ]),
    );
    expect(differences).toEqual(known);
    expect(parsed).toBeGreaterThan(1_000);
  });
});

/** changed/nulled over the rows of `column`, computed in Spark from the rule's SQL form. */
/** changed/nulled of each column's rule over the rows of `view`, computed in Spark from the rules' SQL forms. */
async function sparkCounts(
  view: string,
  columnRules: Readonly<Record<string, CleaningRule>>,
): Promise<Record<string, { changed: number; nulled: number }>> {
  const counts = Object.entries(columnRules).flatMap(([column, rule], i) => {
    const c = rule.sql(column);
    return [
      `count_if(${c} IS NOT NULL AND ${c} <> ${column}) AS c${i}`,
      `count_if(${column} IS NOT NULL AND ${c} IS NULL) AS n${i}`,
    ];
  });
  const row = tableRows(await spark.sql(`SELECT ${counts.join(', ')} FROM ${view}`))[0]!;
  return Object.fromEntries(
    Object.keys(columnRules).map((column, i) => [
      column,
      { changed: Number(row[`c${i}`]), nulled: Number(row[`n${i}`]) },
    ]),
  );
}

const CUSTOMER_RULES: Record<string, CleaningRule> = {
  customer_id: cleaningRules['text.trim'],
  customer_name: cleaningRules['name.clean'],
  email: cleaningRules['email.validate'],
  phone: cleaningRules['phone.normalise'],
  segment: cleaningRules['text.trim'],
  country: cleaningRules['text.trim'],
  city: cleaningRules['text.trim'],
  state: cleaningRules['text.trim'],
  postal_code: cleaningRules['postal_code.normalise'],
  region: cleaningRules['text.trim'],
};
const PRODUCT_RULES: Record<string, CleaningRule> = {
  product_id: cleaningRules['text.trim'],
  category: cleaningRules['text.trim'],
  sub_category: cleaningRules['text.trim'],
  product_name: cleaningRules['text.trim'],
  state: cleaningRules['text.trim'],
};

describe('fix counts: the same in both forms', () => {
  it('customers and products columns, per rule (as quality.json counts them)', async () => {
    for (const { name, customers, products } of raws) {
      for (const [view, table, columnRules] of [
        ['parity_customers', customers, CUSTOMER_RULES],
        ['parity_products', products, PRODUCT_RULES],
      ] as const) {
        await spark.createTempView(view, table);
        const ts = Object.fromEntries(
          Object.entries(columnRules).map(([column, rule]) => [column, applyRule(table, column, rule).count]),
        );
        expect(await sparkCounts(view, columnRules), `${name} ${view}`).toEqual(ts);
      }
    }
  });

  it('prices: products at scale 4, orders at scale 2 (cleaned and unparseable)', async () => {
    for (const { name, products, orders } of raws) {
      for (const [view, table, column, scale] of [
        ['parity_products', products, 'price_per_product', 4],
        ['parity_orders', orders, 'price', 2],
      ] as const) {
        await spark.createTempView(view, table);
        let cleaned = 0;
        let nulled = 0;
        for (const v of columnValues(table, column)) {
          if (typeof v !== 'string') continue;
          const p = parseDecimalLenient(v, scale);
          if (p === null) nulled++;
          else if (p.cleaned) cleaned++;
        }
        const sql = parseDecimalLenientSql(column, scale);
        const t = await spark.sql(
          `SELECT count_if(${sql.cleaned}) AS cleaned, ` +
            `count_if(${column} IS NOT NULL AND ${sql.value} IS NULL) AS nulled FROM ${view}`,
        );
        const row = tableRows(t)[0]!;
        expect({ cleaned: Number(row.cleaned), nulled: Number(row.nulled) }, `${name} ${view}.${column}`).toEqual({
          cleaned,
          nulled,
        });
      }
    }
  });
});

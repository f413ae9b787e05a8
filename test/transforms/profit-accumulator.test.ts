import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal, type Data, type Table } from 'apache-arrow';
import { column, decimal, dictString, int32, plainString } from '../../src/schemas/types.js';
import { DictionaryBuilder, Int32Builder, Int64Builder, Utf8Builder } from '../../src/table/builders.js';
import { tableRows } from '../../src/table/columns.js';
import { concatTables } from '../../src/table/concat.js';
import { tableFromVectors } from '../../src/table/table.js';
import { ProfitSummaryAccumulator } from '../../src/transforms/profit-accumulator.js';
import { mergeProfitSummaries, partialProfitSummary } from '../../src/transforms/profit-aggregates.js';
import { summariseProfit } from '../../src/transforms/steps/aggregates.js';

/**
 * A table as its fields and buffers (values, offsets, validity bitmaps, dictionaries with their order), so two
 * tables compare equal only when they would be written alike; Arrow's dictionary ids (a global counter) left out.
 */
function physical(table: Table): unknown {
  const bytes = (a: ArrayBufferView | undefined | null): string =>
    a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex') : '';
  const data = (d: Data): unknown => ({
    length: d.length,
    nulls: d.nullCount,
    values: bytes(d.values as ArrayBufferView | undefined),
    offsets: bytes(d.valueOffsets as ArrayBufferView | undefined),
    validity: d.nullCount > 0 ? bytes(d.nullBitmap) : '',
    dictionary: d.dictionary ? d.dictionary.data.map(data) : null,
  });
  return table.schema.fields.map((f) => ({
    name: f.name,
    type: String(f.type),
    nullable: f.nullable,
    data: table.getChild(f.name)!.data.map(data),
  }));
}

interface Line {
  year: number | null;
  category: string | null;
  sub: string | null;
  customer: string | null;
  name: string | null;
  profit: bigint | null;
}

/** A batch of enriched order lines with the columns the summary reads (dictionary text, as enrichOrders makes). */
function batch(lines: readonly Line[], plainCategory = false): Table {
  const year = new Int32Builder();
  const category = plainCategory ? new Utf8Builder() : new DictionaryBuilder();
  const text = [new DictionaryBuilder(), new DictionaryBuilder(), new DictionaryBuilder()];
  const profit = new Int64Builder(new Decimal(2, 12, 128));
  for (const l of lines) {
    year.append(l.year);
    category.append(l.category);
    text[0]!.append(l.sub);
    text[1]!.append(l.customer);
    text[2]!.append(l.name);
    profit.append(l.profit);
  }
  return tableFromVectors(
    [
      column('order_year', int32(), 'y'),
      column('category', plainCategory ? plainString() : dictString(), 'c'),
      column('sub_category', dictString(), 's'),
      column('customer_id', dictString(), 'i'),
      column('customer_name', dictString(), 'n'),
      column('profit', decimal(12, 2), 'p'),
    ],
    [year.finish(), category.finish(), ...text.map((b) => b.finish()), profit.finish()],
  );
}

/** The enrich stage's summary before the accumulator: partial summaries merged. */
function merged(batches: readonly Table[]): Table {
  return mergeProfitSummaries(batches.map((b) => partialProfitSummary(b as never)));
}

function accumulate(batches: readonly Table[], maxSlots?: number): Table {
  const a = new ProfitSummaryAccumulator(maxSlots);
  for (const b of batches) a.add(b as never);
  return a.finish();
}

// names that sort differently by UTF-16 code unit and by code point (an emoji against U+FF21), accents, a space
const names = ['Ann', 'Émile', 'zoë', 'Ａnn', '😀 Smile', 'ann', 'Zoë', 'Ann ', '𝒜lpha'];
const customerIds = ['C1', 'C2', 'c1', 'C10', 'Ç3', '😀', 'C9'];
// the customers "known": one name per id (as the customers lookup gives), the rest unknown (null name)
const known = new Map(customerIds.slice(0, 5).map((id, k) => [id, names[k]!]));

const line = fc.record({
  year: fc.option(fc.constantFrom(2014, 2015, 2016, 2017, -1, 2_000_000_000), { nil: null, freq: 12 }),
  category: fc.option(fc.constantFrom('Furniture', 'Technology', 'Office Supplies', 'Ｔech'), { nil: null }),
  sub: fc.option(fc.constantFrom('Chairs', 'Phones', 'Äpfel', 'apples', '😀'), { nil: null }),
  customer: fc.option(fc.constantFrom(...customerIds), { nil: null, freq: 10 }),
  odd: fc.nat({ max: 20 }), // now and then a known id with another name (or none)
  profit: fc.option(
    fc.oneof(
      fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
      fc.constantFrom(4n * 10n ** 15n, -(4n * 10n ** 15n), 2n ** 53n, -(2n ** 53n) - 1n),
    ),
    { nil: null, freq: 8 },
  ),
});
interface Drawn {
  year: number | null;
  category: string | null;
  sub: string | null;
  customer: string | null;
  odd: number;
  profit: bigint | null;
}
const lineOf = (l: Drawn): Line => {
  const usual = l.customer === null ? null : (known.get(l.customer) ?? null);
  const name = l.odd === 0 ? null : l.odd === 1 ? names[(l.customer?.length ?? 0) % names.length]! : usual;
  return { year: l.year, category: l.category, sub: l.sub, customer: l.customer, name, profit: l.profit };
};
const batches = fc.array(fc.array(line, { maxLength: 40 }), { minLength: 1, maxLength: 5 });

describe('ProfitSummaryAccumulator', () => {
  it('equals groupBy over the concatenated batches and the merged partial summaries, buffer for buffer', () => {
    fc.assert(
      fc.property(batches, fc.constantFrom(undefined, 1, 40, 200), (raw, maxSlots) => {
        const tables = raw.map((ls) => batch(ls.map(lineOf)));
        let want: Table;
        try {
          want = merged(tables);
        } catch {
          // a sum past DECIMAL(18) (the same lines summed exactly): the accumulator refuses it too
          expect(() => accumulate(tables, maxSlots)).toThrow(/does not fit DECIMAL\(18\)/);
          return;
        }
        const got = accumulate(tables, maxSlots);
        expect(physical(got)).toEqual(physical(want));
        const all = tables.filter((t) => t.numRows > 0);
        if (all.length > 0)
          expect(tableRows(got)).toEqual(tableRows(summariseProfit({ lines: concatTables(all) as never })));
      }),
      { numRuns: 300 },
    );
  });

  it('sorts text as groupBy does (UTF-16 code units: an emoji before U+FF21), nulls last', () => {
    const ls: Line[] = ['Ａnn', '😀 Smile', 'Ann', null].map((name, k) => ({
      year: 2015,
      category: 'Furniture',
      sub: 'Chairs',
      customer: 'C1',
      name,
      profit: BigInt(k),
    }));
    const got = tableRows(accumulate([batch(ls.slice(0, 2)), batch(ls.slice(2))]));
    expect(got.map((r) => r['customer_name'])).toEqual(['Ann', '😀 Smile', 'Ａnn', null]);
  });

  it('accumulates many customers and blocks across batches exactly as the merged partial summaries', () => {
    const make = (seed: number, n: number): Line[] =>
      Array.from({ length: n }, (_, i) => {
        const k = (i * 7919 + seed * 104729) % 5000;
        return {
          year: 2014 + (k % 4),
          category: ['Furniture', 'Technology', 'Office Supplies'][k % 3]!,
          sub: `Sub ${k % 17}`,
          customer: `C${(i * 7 + seed * 13) % 9001}`, // more customers than one tile holds (4096)
          name: `Name ${(i * 7 + seed * 13) % 9001} é`,
          profit: BigInt(((i * 2654435761) % 2000001) - 1000000),
        };
      });
    const tables = [make(1, 3000), make(2, 2500), make(3, 6000)].map((ls) => batch(ls));
    expect(physical(accumulate(tables))).toEqual(physical(merged(tables)));
    // 204 blocks × one tile fit in 10^6 slots, × two tiles do not: the fallback takes over after the first batch
    expect(physical(accumulate(tables, 1_000_000))).toEqual(physical(merged(tables)));
  });

  it('falls back to the merged partial summaries for input it does not read densely (a plain text key)', () => {
    const ls: Line[] = [
      { year: 2015, category: 'Furniture', sub: 'Chairs', customer: 'C1', name: 'Ann', profit: 5n },
      { year: 2016, category: null, sub: null, customer: 'C2', name: null, profit: -3n },
    ];
    const tables = [batch(ls, true), batch(ls.slice(1), true)];
    expect(physical(accumulate(tables))).toEqual(physical(merged(tables)));
  });

  it('counts past a byte and sums past Int32 and ±2^53 in one group exactly', () => {
    const group = { year: 2015, category: 'Furniture', sub: 'Chairs', customer: 'C1', name: 'Ann' };
    const many = (n: number, profit: (i: number) => bigint | null): Line[] =>
      Array.from({ length: n }, (_, i) => ({ ...group, profit: profit(i) }));
    const tables = [
      many(600, (i) => (i % 5 === 0 ? null : BigInt(i))), // 600 lines: more than a byte of count
      many(300, () => 2n ** 31n - 7n), // past Int32: a double
      many(3, () => 2n ** 52n), // past ±2^53: a bigint
      many(700, (i) => -BigInt(i)),
    ].map((ls) => batch(ls));
    const got = accumulate(tables);
    expect(physical(got)).toEqual(physical(merged(tables)));
    expect(tableRows(got)[0]!['order_lines']).toBe(1603n);
  });

  it('refuses a group sum that does not fit DECIMAL(18)', () => {
    const many: Line[] = Array.from({ length: 300 }, () => ({
      year: 2015,
      category: 'Furniture',
      sub: 'Chairs',
      customer: 'C1',
      name: 'Ann',
      profit: 4n * 10n ** 15n,
    }));
    expect(() => accumulate([batch(many)])).toThrow(/does not fit DECIMAL\(18\)/);
  });

  it('gives the empty summary, with its columns, when no line was added', () => {
    const got = accumulate([batch([])]);
    expect(physical(got)).toEqual(physical(merged([batch([])])));
    expect(got.numRows).toBe(0);
  });
});

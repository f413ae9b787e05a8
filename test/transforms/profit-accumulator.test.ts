import { describe, expect, it } from 'vitest';
import type { Data, Table } from 'apache-arrow';
import { mergeProfitSummaries, partialProfitSummary } from '../../src/transforms/profit-aggregates.js';
import { ProfitSummaryBuilder } from '../../src/transforms/profit-accumulator.js';
import { DictionaryBuilder, Int32Builder, Int64Builder } from '../../src/table/builders.js';
import { tableRows } from '../../src/table/columns.js';
import { tableFromVectors } from '../../src/table/table.js';
import { Decimal } from 'apache-arrow';
import { column, decimal, dictString, int32 } from '../../src/schemas/types.js';

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

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
    validity: bytes(d.nullBitmap),
    dictionary: d.dictionary ? d.dictionary.data.map(data) : null,
  });
  return table.schema.fields.map((f) => ({
    name: f.name,
    type: String(f.type),
    nullable: f.nullable,
    metadata: [...f.metadata],
    data: table.getChild(f.name)!.data.map(data),
  }));
}

interface Line {
  year: number;
  category: string | null;
  sub: string | null;
  customer: string | null;
  name: string | null;
  profit: bigint | null;
}

/** A batch of enriched order lines with the columns the summary reads. */
function batch(lines: readonly Line[]): Table {
  const year = new Int32Builder();
  const text = [new DictionaryBuilder(), new DictionaryBuilder(), new DictionaryBuilder(), new DictionaryBuilder()];
  const profit = new Int64Builder(new Decimal(2, 18, 128));
  for (const l of lines) {
    year.append(l.year);
    text[0]!.append(l.category);
    text[1]!.append(l.sub);
    text[2]!.append(l.customer);
    text[3]!.append(l.name);
    profit.append(l.profit);
  }
  return tableFromVectors(
    [
      column('order_year', int32(), 'y', { nullable: false }),
      column('category', dictString(), 'c'),
      column('sub_category', dictString(), 's'),
      column('customer_id', dictString(), 'i'),
      column('customer_name', dictString(), 'n'),
      column('profit', decimal(18, 2), 'p'),
    ],
    [year.finish(), ...text.map((b) => b.finish()), profit.finish()],
  );
}

function lines(seed: number, count: number, big = false): Line[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: count }, () => {
    const c = Math.floor(r() * 60);
    return {
      year: 2014 + Math.floor(r() * 4),
      category: pick(['Furniture', 'Technology', 'Office Supplies', null]),
      sub: pick(['Chairs', 'Phones', 'Äpfel', 'apples', null]),
      customer: c === 0 ? null : `C${c}`,
      // the same id sometimes with two names (or none): the name is a key of its own
      name: c % 7 === 0 ? pick(['Ann', null, 'Émile']) : `Name ${c}`,
      profit: r() < 0.05 ? null : big && r() < 0.5 ? 4n * 10n ** 15n : BigInt(Math.floor(r() * 2_000_000) - 1_000_000),
    };
  });
}

describe('ProfitSummaryBuilder', () => {
  it('equals the merged partial summaries of the same batches, row for row and type for type', () => {
    const batches = [lines(1, 3000), lines(2, 1), lines(3, 2500), lines(4, 4000)].map(batch);
    const b = new ProfitSummaryBuilder();
    for (const t of batches) b.add(t);
    const got = b.finish();
    const want = mergeProfitSummaries(batches.map(partialProfitSummary));
    expect(got.schema.fields.map(String)).toEqual(want.schema.fields.map(String));
    expect(got.numRows).toBeGreaterThan(1000);
    expect(tableRows(got)).toEqual(tableRows(want));
    expect(physical(got)).toEqual(physical(want));
  });

  it('gives the same summary when there are too many key combinations to rank (sorted by groupBy)', () => {
    const batches = [lines(7, 3000), lines(8, 3000)].map(batch);
    const ranked = new ProfitSummaryBuilder();
    const sortedByGroupBy = new ProfitSummaryBuilder(16);
    for (const t of batches) {
      ranked.add(t);
      sortedByGroupBy.add(t);
    }
    expect(physical(sortedByGroupBy.finish())).toEqual(physical(ranked.finish()));
  });

  it('stays exact when sums leave ±2^53 (bigints from then on)', () => {
    const batches = [lines(5, 2000, true), lines(6, 2000, true)].map(batch);
    const b = new ProfitSummaryBuilder();
    for (const t of batches) b.add(t);
    const want = mergeProfitSummaries(batches.map(partialProfitSummary));
    expect(physical(b.finish())).toEqual(physical(want));
  });

  it('refuses a group sum that does not fit DECIMAL(18)', () => {
    const many = Array.from({ length: 300 }, () => ({
      year: 2015,
      category: 'Furniture',
      sub: 'Chairs',
      customer: 'C1',
      name: 'Ann',
      profit: 4n * 10n ** 15n,
    }));
    const b = new ProfitSummaryBuilder();
    b.add(batch(many));
    expect(() => b.finish()).toThrow(/does not fit DECIMAL\(18\)/);
  });

  it('gives the empty summary, with its columns, when no line was added', () => {
    const b = new ProfitSummaryBuilder();
    b.add(batch([]));
    const got = b.finish();
    const want = partialProfitSummary(batch([]));
    expect(got.numRows).toBe(0);
    expect(got.schema.fields.map(String)).toEqual(want.schema.fields.map(String));
  });
});

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import fc from 'fast-check';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { snappyUncompress } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { readParquet } from '../../../src/io/parquet/read-parquet.js';
import { writeParquet } from '../../../src/io/parquet/write-parquet.js';
import { ByteSink } from '../../../src/io/parquet/byte-sink.js';
import { bitWidthFor, writeHybrid } from '../../../src/io/parquet/hybrid.js';
import { SnappyCompressor } from '../../../src/io/parquet/snappy.js';
import {
  column,
  date,
  decimal,
  dictString,
  int32,
  int64,
  plainString,
  type ColumnSpec,
  type TableSchema,
} from '../../../src/schemas/types.js';
import { builderFor } from '../../../src/table/builders.js';
import { tableRows } from '../../../src/table/columns.js';
import { tableFromVectors } from '../../../src/table/table.js';
import { sqlPath, withDuck, type Query } from '../../helpers/duckdb.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir('ecomflow-pages-');
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Builds a one-batch table from column specs and column-major values (dates as day numbers). */
function tableOf(columns: readonly ColumnSpec[], values: readonly (readonly unknown[])[]): Table {
  const vectors = columns.map((c, j) => {
    const b = builderFor(c.type) as {
      append(v: unknown): void;
      appendNull(): void;
      finish(): ReturnType<ReturnType<typeof builderFor>['finish']>;
    };
    for (const v of values[j]!) {
      if (v === null) b.appendNull();
      else b.append(v);
    }
    return b.finish();
  });
  return tableFromVectors(columns, vectors);
}

const schemaOf = (columns: readonly ColumnSpec[]): TableSchema => ({
  name: 't',
  layer: 'enriched',
  grain: 'one row per i',
  columns,
});

/** DuckDB's rows of a Parquet file, ordered by `orderBy`. */
const duckRows = (q: Query, file: string, orderBy: string): Promise<Record<string, unknown>[]> =>
  q(`SELECT * FROM ${sqlPath(file)} ORDER BY ${orderBy}`);

const isoDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);
const cents = (v: bigint, scale: number): string => {
  const sign = v < 0n ? '-' : '';
  const abs = (v < 0n ? -v : v).toString().padStart(scale + 1, '0');
  return `${sign}${abs.slice(0, abs.length - scale)}.${abs.slice(abs.length - scale)}`;
};

const runsOf = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })), { minLength: 1, maxLength: 60 });
const expand = (runs: [number, number][], width: number): number[] =>
  runs.flatMap(([v, n]) => Array<number>(n).fill(v % 2 ** width));
const encode = (values: number[], width: number): Uint8Array => {
  const sink = new ByteSink(16);
  writeHybrid(sink, Int32Array.from(values), values.length, width);
  return sink.view();
};

/** A plain bit-by-bit decoder of the RLE / bit-packed hybrid, written from the Parquet spec. */
function referenceDecode(bytes: Uint8Array, width: number, count: number): number[] {
  const out: number[] = [];
  let p = 0;
  const varint = (): number => {
    let v = 0;
    for (let shift = 1; ; shift *= 128) {
      const b = bytes[p++]!;
      v += (b & 0x7f) * shift;
      if (b < 0x80) return v;
    }
  };
  while (out.length < count) {
    const header = varint();
    if (header % 2 === 0) {
      let v = 0;
      for (let k = 0; k < Math.ceil(width / 8); k++) v += bytes[p++]! * 256 ** k;
      for (let k = 0; k < header / 2; k++) out.push(v);
    } else {
      const values = ((header - 1) / 2) * 8;
      for (let k = 0; k < values; k++) {
        let v = 0;
        for (let b = 0; b < width; b++) {
          const bit = p * 8 + k * width + b;
          if ((bytes[bit >> 3]! >> (bit & 7)) & 1) v += 2 ** b;
        }
        out.push(v);
      }
      p += ((header - 1) / 2) * width;
    }
  }
  return out.slice(0, count);
}

describe('ByteSink', () => {
  it('grows past its starting capacity and keeps every byte written (writers start at 64 KiB)', () => {
    const sink = new ByteSink(4);
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) & 0xff);
    for (let at = 0; at < bytes.length; at += 1000) sink.append(bytes.subarray(at, at + 1000));
    sink.u8(7);
    expect(sink.length).toBe(70_001);
    expect(sink.bytes.length).toBeGreaterThanOrEqual(70_001);
    expect(sink.view().subarray(0, 70_000)).toEqual(bytes);
    expect(sink.view()[70_000]).toBe(7);
  });
});

describe('writeHybrid', () => {
  it('writes a run of 8 equal values as one RLE run', () => {
    const sink = new ByteSink(16);
    writeHybrid(sink, new Int32Array(8).fill(1), 8, 1);
    expect([...sink.view()]).toEqual([0x10, 0x01]);
  });

  it('round-trips through hyparquet’s decoder for bit widths 1–24, runs and literals mixed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), runsOf, (width, runs) => {
        const values = expand(runs, width);
        const bytes = encode(values, width);
        const output = new Array<number>(values.length);
        const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
        readRleBitPackedHybrid(reader, width, output, bytes.length);
        expect(output).toEqual(values);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips bit widths 25–31 through a reference decoder (hyparquet’s stops at 24 bits)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 25, max: 31 }), runsOf, (width, runs) => {
        const values = expand(runs, width);
        expect(referenceDecode(encode(values, width), width, values.length)).toEqual(values);
      }),
      { numRuns: 200 },
    );
  });

  it('picks bit width 1 for a dictionary of one value', () => {
    expect([bitWidthFor(0), bitWidthFor(1), bitWidthFor(2), bitWidthFor(65_535), bitWidthFor(65_536)]).toEqual([
      1, 1, 2, 16, 17,
    ]);
  });
});

describe('SnappyCompressor', () => {
  const roundTrip = (input: Uint8Array): Uint8Array => {
    const sink = new ByteSink(16);
    new SnappyCompressor().compressInto(sink, input);
    const back = new Uint8Array(input.length);
    snappyUncompress(sink.view(), back);
    return back;
  };

  it('round-trips random and repetitive bytes through hyparquet’s decompressor', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 200 }), (bytes, repeat) => {
        const input = new Uint8Array(bytes.length * (1 + (repeat % 5)));
        for (let i = 0; i < input.length; i++) input[i] = bytes[i % Math.max(1, bytes.length)] ?? 0;
        expect(roundTrip(input)).toEqual(input);
      }),
      { numRuns: 200 },
    );
  });

  it('compresses a 1 MB page with matches beyond the 64 KiB window and long literals', () => {
    const input = new Uint8Array(1 << 20);
    let seed = 7;
    for (let i = 0; i < input.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      // random noise for the first 100 KB, then text-like repeats at varying distances
      input[i] = i < 100_000 ? seed >>> 24 : input[i - 1 - (seed % 70_000)]!;
    }
    const sink = new ByteSink(16);
    new SnappyCompressor().compressInto(sink, input);
    expect(sink.length).toBeLessThan(input.length * 1.01);
    expect(Buffer.from(roundTrip(input)).equals(input)).toBe(true);
    expect(roundTrip(new Uint8Array(0))).toEqual(new Uint8Array(0));
  });

  it('gives the same bytes when one compressor is reused and when each input has its own', () => {
    const text = (seed: number): Uint8Array =>
      new TextEncoder().encode(Array.from({ length: 2000 }, (_, i) => `row ${(i * seed) % 97} `).join(''));
    const shared = new SnappyCompressor();
    for (const seed of [3, 7, 11]) {
      const reused = new ByteSink(16);
      shared.compressInto(reused, text(seed));
      const fresh = new ByteSink(16);
      new SnappyCompressor().compressInto(fresh, text(seed));
      expect(Buffer.from(reused.view()).equals(fresh.view())).toBe(true);
    }
  });
});

describe('writeParquet pages', () => {
  const columns = [
    column('id', int64(), 'Row number.', { nullable: false }),
    column('label', dictString(), 'Dictionary text, some nulls.'),
    column('name', plainString(), 'Plain text, some nulls.'),
    column('code', plainString(), 'Plain text repeating: becomes a dictionary.'),
    column('qty', int32(), 'Int32, some nulls.'),
    column('big', int64(), 'Int64 with extremes.'),
    column('price', decimal(18, 4), 'Decimal, some nulls.'),
    column('day', date(), 'Date, some nulls.'),
    column('nothing', dictString(), 'All null.'),
    column('none_int', int64(), 'All null.'),
    column('none_text', plainString(), 'All null.'),
    column('same', dictString(), 'One value.', { nullable: false }),
  ];
  const n = 10_000;
  const values: unknown[][] = columns.map(() => []);
  for (let i = 0; i < n; i++) {
    const row = [
      BigInt(i),
      i % 7 === 0 ? null : `label ${i % 13} ü`,
      i % 11 === 0 ? null : `name ${i} 🙂`,
      `code-${i % 5}`,
      i % 3 === 0 ? null : ((i * 7919) % 4001) - 2000,
      i === 1 ? -(2n ** 63n) : i === 2 ? 2n ** 63n - 1n : BigInt(i) * 1_000_003n - 5_000_000_000n,
      i % 5 === 0 ? null : BigInt(((i * 104_729) % 2_000_001) - 1_000_000),
      i % 4 === 0 ? null : -30_000 + i * 7,
      null,
      null,
      null,
      'only',
    ];
    row.forEach((v, j) => values[j]!.push(v));
  }
  const table = tableOf(columns, values);
  const expectedDuck = Array.from({ length: n }, (_, i) => {
    const at = (j: number): unknown => values[j]![i];
    return {
      id: String(i),
      label: at(1),
      name: at(2),
      code: at(3),
      qty: at(4),
      big: String(at(5)),
      price: at(6) === null ? null : cents(at(6) as bigint, 4),
      day: at(7) === null ? null : isoDay(at(7) as number),
      nothing: null,
      none_int: null,
      none_text: null,
      same: 'only',
    };
  });

  it('writes every type, nulls, all-null columns in 10 row groups DuckDB and readParquet read exactly', async () => {
    const file = join(dir, 'groups.parquet');
    await writeParquet(file, table, { rowGroupSize: 1000 });
    await withDuck(async (q) => {
      expect(await duckRows(q, file, 'id')).toEqual(expectedDuck);
      const [groups] = await q(
        'SELECT count(DISTINCT row_group_id) AS g, max(row_group_num_rows) AS r FROM ' +
          `parquet_metadata(${sqlPath(file)})`,
      );
      expect(groups).toEqual({ g: '10', r: '1000' });
    });
    const back = await readParquet(file, schemaOf(columns));
    expect(tableRows(back)).toEqual(tableRows(table));
  });

  it('writes the same bytes for the same multi-row-group table, uncompressed too', async () => {
    const a = join(dir, 'same-a.parquet');
    const b = join(dir, 'same-b.parquet');
    await writeParquet(a, table, { rowGroupSize: 999 });
    await writeParquet(b, table, { rowGroupSize: 999 });
    expect((await readFile(a)).equals(await readFile(b))).toBe(true);
    const plain = join(dir, 'none.parquet');
    await writeParquet(plain, table, { rowGroupSize: 999, codec: 'UNCOMPRESSED' });
    await withDuck(async (q) => {
      expect(await q(`SELECT DISTINCT compression FROM parquet_metadata(${sqlPath(plain)})`)).toEqual([
        { compression: 'UNCOMPRESSED' },
      ]);
      expect(await duckRows(q, plain, 'id')).toEqual(expectedDuck);
    });
  });

  it('records encodings and per-chunk statistics: min, max and null count', async () => {
    const file = join(dir, 'stats.parquet');
    await writeParquet(file, table, { rowGroupSize: 5000 });
    await withDuck(async (q) => {
      const rows = await q(`
        SELECT path_in_schema AS col, encodings,
          stats_min_value AS min, stats_max_value AS max, stats_null_count AS nulls
        FROM parquet_metadata(${sqlPath(file)}) WHERE row_group_id = 0 ORDER BY column_id`);
      const byName = Object.fromEntries(rows.map((r) => [r['col'] as string, r]));
      const first = expectedDuck.slice(0, 5000);
      const nums = (key: 'qty') => first.map((r) => r[key]).filter((v): v is number => v !== null);
      expect(byName['qty']).toMatchObject({
        min: String(Math.min(...nums('qty'))),
        max: String(Math.max(...nums('qty'))),
        nulls: '1667',
      });
      expect(byName['big']).toMatchObject({ min: '-9223372036854775808', max: '9223372036854775807', nulls: '0' });
      expect(byName['id']).toMatchObject({ min: '0', max: '4999', encodings: 'PLAIN' });
      expect(byName['label']).toMatchObject({
        min: 'label 0 ü',
        max: 'label 9 ü',
        nulls: '715',
        encodings: 'PLAIN, RLE, RLE_DICTIONARY',
      });
      expect(byName['code']).toMatchObject({ min: 'code-0', max: 'code-4', encodings: 'PLAIN, RLE, RLE_DICTIONARY' });
      // mostly distinct plain text stays PLAIN and carries only its null count
      expect(byName['name']).toMatchObject({ min: null, max: null, nulls: '455', encodings: 'PLAIN, RLE' });
      expect(byName['nothing']).toMatchObject({ min: null, max: null, nulls: '5000' });
      expect(byName['same']).toMatchObject({ min: 'only', max: 'only', nulls: '0' });
      const days = first
        .map((r) => r.day)
        .filter((d): d is string => d !== null)
        .sort();
      expect(byName['day']).toMatchObject({ min: days[0], max: days.at(-1) });
      const prices = values[6]!
        .slice(0, 5000)
        .filter((v): v is bigint => v !== null)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(byName['price']).toMatchObject({ min: cents(prices[0]!, 4), max: cents(prices.at(-1)!, 4) });
      // DuckDB prunes row groups with these statistics and still answers exactly
      expect(await q(`SELECT count(*) AS c FROM ${sqlPath(file)} WHERE id >= 4990 AND label IS NOT NULL`)).toEqual([
        { c: String(expectedDuck.slice(4990).filter((r) => r.label !== null).length) },
      ]);
    });
  });

  it('handles more than 65,536 distinct values in dictionary and plain text columns', async () => {
    const cols = [
      column('i', int32(), '', { nullable: false }),
      column('d', dictString(), ''),
      column('p', plainString(), ''),
    ];
    const rows = 70_000;
    const text = (i: number): string | null => (i % 1000 === 999 ? null : `value ${(i * 13) % rows}`);
    const big = tableOf(cols, [
      Array.from({ length: rows }, (_, i) => i),
      Array.from({ length: rows }, (_, i) => text(i)),
      Array.from({ length: rows }, (_, i) => text(i)),
    ]);
    const file = join(dir, 'distinct.parquet');
    await writeParquet(file, big);
    await withDuck(async (q) => {
      expect(
        await q(
          'SELECT count(DISTINCT d) AS d, count(DISTINCT p) AS p, count(*) FILTER (d = p) AS same FROM ' +
            sqlPath(file),
        ),
      ).toEqual([{ d: '69930', p: '69930', same: '69930' }]);
      expect(await q(`SELECT d FROM ${sqlPath(file)} WHERE i = 69998`)).toEqual([
        { d: `value ${(69998 * 13) % rows}` },
      ]);
    });
    expect(tableRows(await readParquet(file, schemaOf(cols)))).toEqual(tableRows(big));
  });

  it('writes a one-value dictionary, one row and a single all-null row that DuckDB reads', async () => {
    const cols = [column('d', dictString(), ''), column('p', plainString(), ''), column('n', int64(), '')];
    for (const [name, data] of [
      ['one', [['x'], ['y'], [5n]]],
      ['null', [[null], [null], [null]]],
      ['many', [Array(20).fill('x'), Array(20).fill('y'), Array(20).fill(5n)]],
    ] as const) {
      const t = tableOf(cols, data);
      const file = join(dir, `${name}.parquet`);
      await writeParquet(file, t);
      await withDuck(async (q) => {
        const got = await q(`SELECT * FROM ${sqlPath(file)}`);
        expect(got).toEqual(
          tableRows(t).map((r) => ({ d: r['d'], p: r['p'], n: r['n'] === null ? null : String(r['n'] as bigint) })),
        );
      });
      expect(tableRows(await readParquet(file, schemaOf(cols)))).toEqual(tableRows(t));
    }
  });

  it('writes sliced tables (Arrow data with an offset) from the right rows', async () => {
    const sliced = table.slice(1234, 4321);
    const file = join(dir, 'sliced.parquet');
    await writeParquet(file, sliced, { rowGroupSize: 1000 });
    await withDuck(async (q) => {
      expect(await duckRows(q, file, 'id')).toEqual(expectedDuck.slice(1234, 4321));
    });
  });
});

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Table } from 'apache-arrow';
import {
  column,
  date,
  decimal,
  dictString,
  int32,
  int64,
  plainString,
  profitAggregates,
  rawOrders,
  readJson,
  tableRows,
} from '../../src/index.js';
import { DictionaryBuilder, Int32Builder, Int64Builder, Utf8Builder } from '../../src/table/builders.js';
import { concatTables } from '../../src/table/concat.js';
import { tableFromVectors } from '../../src/table/table.js';
import { lineHashes } from '../../src/transforms/line-hash.js';
import {
  aggregatesFromSummary,
  mergeProfitSummaries,
  partialProfitSummary,
} from '../../src/transforms/profit-aggregates.js';
import { SeenLines } from '../../src/transforms/seen-lines.js';
import { Handoff } from '../../src/io/worker/handoff.js';
import { openParquetStream } from '../../src/io/parquet/write-parquet.js';
import { DateDay, Decimal } from 'apache-arrow';
import { sqlPath, withDuck } from '../helpers/duckdb.js';
import { rawTable } from '../helpers/raw-table.js';
import { tempDir, tempFile } from '../helpers/tmp.js';

function small(
  rows: [string | null, string | null, number | null, number | null, bigint | null, bigint | null][],
): Table {
  const b = [
    new DictionaryBuilder(),
    new Utf8Builder(),
    new Int32Builder(),
    new Int32Builder(new DateDay()),
    new Int64Builder(new Decimal(2, 18, 128)),
    new Int64Builder(),
  ] as const;
  for (const r of rows) {
    b[0].append(r[0]);
    b[1].append(r[1]);
    b[2].append(r[2]);
    b[3].append(r[3]);
    b[4].append(r[4]);
    b[5].append(r[5]);
  }
  return tableFromVectors(
    [
      column('d', dictString(), ''),
      column('s', plainString(), ''),
      column('i', int32(), ''),
      column('day', date(), ''),
      column('m', decimal(18, 2), ''),
      column('n', int64(), ''),
    ],
    b.map((x) => x.finish()),
  );
}

describe('concatTables', () => {
  it('joins tables with different dictionaries into one, keeping every value and null', () => {
    const a = small([
      ['x', 'p', 1, 10, -5n, 2n ** 60n],
      [null, null, null, null, null, null],
    ]);
    const b = small([
      ['y', 'q', 2, -1, 12345n, -1n],
      ['x', 'r', 3, 0, 0n, 0n],
    ]);
    const t = concatTables([a, b]);
    expect(tableRows(t)).toEqual([...tableRows(a), ...tableRows(b)]);
    expect(t.data.length).toBe(1);
  });
});

describe('SeenLines', () => {
  it('remembers dense and sparse ids with their source row and hash', () => {
    const s = new SeenLines();
    s.add(7, 70, 1, 2);
    s.add(1e12, 99, 3, 4);
    s.add(-3, 5, 5, 6);
    expect([s.sourceRow(7), s.sourceRow(1e12), s.sourceRow(-3), s.sourceRow(8), s.sourceRow(5_000_000)]).toEqual([
      70, 99, 5, -1, -1,
    ]);
    expect([s.sameHash(7, 1, 2), s.sameHash(7, 1, 3), s.sameHash(1e12, 3, 4)]).toEqual([true, false, true]);
  });
});

describe('lineHashes', () => {
  it('hashes equal lines equally across tables whatever their dictionaries, and different lines differently', () => {
    const line = { 'Row ID': '1', 'Order ID': 'O-1', Profit: '2.5' };
    const a = rawTable(rawOrders, [{ ...line, 'Order ID': 'other' }, line]);
    const b = rawTable(rawOrders, [line, { ...line, Profit: '2.50' }]);
    const names = a.schema.names.map(String).filter((c) => c !== 'source_row');
    const ha = lineHashes(a, names);
    const hb = lineHashes(b, names);
    expect([ha.a[1], ha.b[1]]).toEqual([hb.a[0], hb.b[0]]);
    expect(hb.a[1] === hb.a[0] && hb.b[1] === hb.b[0]).toBe(false);
  });
});

describe('Handoff', () => {
  it('hands items over in order, one at a time, then ends or fails', async () => {
    const h = new Handoff<number>();
    const taken: number[] = [];
    const producer = (async () => {
      for (const n of [1, 2, 3]) {
        await h.push(n);
        taken.push(n);
      }
      h.end();
    })();
    const got: number[] = [];
    for await (const n of h) got.push(n);
    await producer;
    expect([got, taken]).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    const f = new Handoff<number>();
    f.fail(new Error('boom'));
    await expect(f.next()).rejects.toThrow('boom');
  });
});

describe('openParquetStream', () => {
  it('writes batches as one file DuckDB reads whole; refuses a batch of other columns; abort leaves none', async () => {
    const dir = tempDir();
    const file = join(dir, 'x.parquet');
    const a = small([['x', 'p', 1, 10, -5n, 1n]]);
    const out = await openParquetStream(file, a);
    await out.append(a);
    await out.append(small([['y', null, 2, 11, 7n, 2n]]));
    await expect(out.append(rawTable(rawOrders, []))).rejects.toThrow(/differ from the file/);
    await out.close();
    await withDuck(async (q) => {
      expect(await q(`select d, s, i, m from ${sqlPath(file)}`)).toEqual([
        { d: 'x', s: 'p', i: 1, m: '-0.05' },
        { d: 'y', s: null, i: 2, m: '0.07' },
      ]);
    });
    const aborted = await openParquetStream(join(dir, 'y.parquet'), a);
    await aborted.append(a);
    await aborted.abort();
    expect(existsSync(join(dir, 'y.parquet'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['x.parquet']);
  });
});

describe('readJson in batches', () => {
  it('hands on batches with continuous source rows and returns an empty table of the columns', async () => {
    const lines = Array.from({ length: 9 }, (_, i) => ({
      'Row ID': i + 1,
      'Order ID': 'O',
      'Order Date': '1/1/2016',
      'Customer ID': 'C',
      'Product ID': 'P',
      Quantity: 1,
      Profit: 1,
    }));
    const file = tempFile('Orders.ndjson', lines.map((l) => JSON.stringify(l)).join('\n'));
    const batches: Table[] = [];
    const r = await readJson(file, rawOrders, {
      chunkSize: 64,
      batchRows: 2,
      onBatch: (t) => {
        batches.push(t);
        return Promise.resolve();
      },
    });
    expect(r.table.numRows).toBe(0);
    expect(r.table.schema.names).toEqual(batches[0]!.schema.names);
    expect(batches.flatMap((t) => tableRows(t).map((x) => x['source_row']))).toEqual([
      1n,
      2n,
      3n,
      4n,
      5n,
      6n,
      7n,
      8n,
      9n,
    ]);
    expect(batches.length).toBeGreaterThan(1);
  });
});

describe('profit summaries in parts', () => {
  it('merged partial summaries give the same aggregates as the whole', () => {
    const orders = (rows: [number, string, string][]) =>
      tableFromVectors(
        [
          column('order_year', int32(), ''),
          column('category', dictString(), ''),
          column('sub_category', dictString(), ''),
          column('customer_id', dictString(), ''),
          column('customer_name', dictString(), ''),
          column('profit', decimal(18, 2), ''),
        ],
        (() => {
          const b = [
            new Int32Builder(),
            new DictionaryBuilder(),
            new DictionaryBuilder(),
            new DictionaryBuilder(),
            new DictionaryBuilder(),
            new Int64Builder(new Decimal(2, 18, 128)),
          ] as const;
          for (const [y, c, p] of rows) {
            b[0].append(y);
            b[1].append('Furniture');
            b[2].append('Chairs');
            b[3].append(c);
            b[4].append(c === 'C1' ? 'Ann' : null);
            b[5].append(BigInt(Math.round(Number(p) * 100)));
          }
          return b.map((x) => x.finish());
        })(),
      );
    const a = orders([
      [2016, 'C1', '1.10'],
      [2017, 'C2', '-2.00'],
    ]);
    const b = orders([
      [2016, 'C1', '0.20'],
      [2016, 'C3', '5.00'],
    ]);
    const whole = profitAggregates(concatTables([a, b]));
    const parts = aggregatesFromSummary(mergeProfitSummaries([partialProfitSummary(a), partialProfitSummary(b)]));
    for (const name of Object.keys(whole) as (keyof typeof whole)[])
      expect(tableRows(parts[name]), name).toEqual(tableRows(whole[name]));
    expect(tableRows(parts.profit_by_year)).toEqual([
      { order_year: 2016, profit: '6.30', order_lines: 3n },
      { order_year: 2017, profit: '-2.00', order_lines: 1n },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { DateDay, Decimal, Int32, type Utf8, type Vector } from 'apache-arrow';
import { DictionaryBuilder, Int32Builder, Int64Builder } from '../../src/table/builders.js';
import {
  NullMarks,
  decimalVector,
  dictionaryVector,
  int32Vector,
  int64Vector,
  putWideWords,
} from '../../src/table/gather.js';

/** The buffers a Parquet writer reads from a vector: values, validity, null count, dictionary values. */
function buffers(v: Vector): unknown {
  const d = v.data[0]!;
  const values = d.values as ArrayBufferView;
  const dict = (d.dictionary as Vector<Utf8> | undefined)?.data[0];
  return {
    type: String(d.type),
    length: d.length,
    nullCount: d.nullCount,
    values: Array.from(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)),
    validity: d.nullCount === 0 ? null : Array.from(d.nullBitmap),
    dictionary: dict === undefined ? null : [Array.from(dict.valueOffsets), Array.from(dict.values)],
  };
}

/** Row counts around the validity bitmap's byte edges. */
const lengths = [0, 1, 7, 8, 9, 17, 64, 100];

describe('NullMarks and the gathered vectors', () => {
  it('equal what the builders finish, with and without nulls', () => {
    for (const n of lengths) {
      for (const isNull of [(): boolean => false, (i: number): boolean => i % 3 === 1]) {
        const ints = new Int32Builder();
        const days = new Int32Builder(new DateDay());
        const longs = new Int64Builder();
        const decimals = new Int64Builder(new Decimal(4, 18, 128));
        const dict = new DictionaryBuilder();
        const nulls = new NullMarks(n);
        const values = new Int32Array(n);
        const words = new Int32Array(2 * n);
        const wide = new Int32Array(4 * n);
        const codes = new Int32Array(n);
        const entries = new DictionaryBuilder();
        for (let i = 0; i < n; i++) {
          if (isNull(i)) {
            for (const b of [ints, days, longs, decimals, dict]) b.appendNull();
            nulls.markNull(i);
            continue;
          }
          const v = (i * 7919) % 2001;
          const big = BigInt(v - 1000) * 3000000000n;
          ints.append(v);
          days.append(v);
          longs.append(big);
          decimals.append(big);
          dict.append(`v${v % 5}`);
          values[i] = v;
          const pair = new Int32Array(new BigInt64Array([big]).buffer);
          words[2 * i] = pair[0]!;
          words[2 * i + 1] = pair[1]!;
          putWideWords(wide, i, pair[0]!, pair[1]!);
          codes[i] = entries.entryOf(`v${v % 5}`);
        }
        expect(buffers(int32Vector(new Int32(), values, nulls))).toEqual(buffers(ints.finish()));
        expect(buffers(int32Vector(new DateDay(), values, nulls))).toEqual(buffers(days.finish()));
        expect(buffers(int64Vector(words, nulls))).toEqual(buffers(longs.finish()));
        expect(buffers(decimalVector(new Decimal(4, 18, 128), wide, nulls))).toEqual(buffers(decimals.finish()));
        expect(buffers(dictionaryVector(codes, nulls, entries.dictionary()))).toEqual(buffers(dict.finish()));
      }
    }
  });

  it('counts nulls and reads back as the values', () => {
    const nulls = new NullMarks(3);
    nulls.markNull(1);
    const v = int32Vector(new Int32(), Int32Array.of(4, 0, -6), nulls);
    expect([v.nullCount, ...v.toArray()]).toEqual([1, 4, 0, -6]);
    expect([v.get(0), v.get(1), v.get(2)]).toEqual([4, null, -6]);
  });
});

describe('DictionaryBuilder.entryOf and dictionary', () => {
  it('give codes in first-added order without appending rows', () => {
    const b = new DictionaryBuilder();
    expect([b.entryOf('x'), b.entryOf('y'), b.entryOfUtf8(Buffer.from('x'), 0, 1), b.length]).toEqual([0, 1, 0, 0]);
    expect(b.dictionary().toArray()).toEqual(['x', 'y']);
  });
});

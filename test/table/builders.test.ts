import { describe, expect, it } from 'vitest';
import { DateDay, Decimal } from 'apache-arrow';
import { column, columnValues, date, decimal, dictString, int64, plainString } from '../../src/index.js';
import { DictionaryBuilder, Int32Builder, Int64Builder, Utf8Builder } from '../../src/table/builders.js';
import {
  bigintColumn,
  codedColumn,
  decimalWords,
  dictionaryBytes,
  formatScaled,
  int32Column,
  isValid,
  utf8Bytes,
} from '../../src/table/columns.js';
import { tableFromVectors } from '../../src/table/table.js';

describe('column builders', () => {
  it('build strings, dictionary strings, ints, decimals and dates with nulls', () => {
    const s = new Utf8Builder();
    const d = new DictionaryBuilder();
    const i = new Int64Builder();
    const m = new Int64Builder(new Decimal(2, 18, 128));
    const day = new Int32Builder(new DateDay());
    const rows: [string | null, string | null, bigint | null, bigint | null, number | null][] = [
      ['Peter Bühler', 'Chairs', 9007199254740993n, -5n, 17034],
      [null, null, null, null, null],
      ['', 'Chairs', -1n, 123456789012345678n, -1],
      ['Zoë', 'Tables', 0n, 0n, 0],
    ];
    for (const [a, b, c, e, f] of rows) {
      s.append(a);
      d.append(b);
      i.append(c);
      m.append(e);
      day.append(f);
    }
    const specs = [
      column('name', plainString(), 'n'),
      column('cat', dictString(), 'c'),
      column('id', int64(), 'i'),
      column('profit', decimal(18, 2), 'p'),
      column('day', date(), 'd'),
    ];
    const t = tableFromVectors(specs, [s.finish(), d.finish(), i.finish(), m.finish(), day.finish()]);
    expect(t.numRows).toBe(4);
    expect(columnValues(t, 'name')).toEqual(['Peter Bühler', null, '', 'Zoë']);
    expect(columnValues(t, 'cat')).toEqual(['Chairs', null, 'Chairs', 'Tables']);
    expect(columnValues(t, 'id')).toEqual([9007199254740993n, null, -1n, 0n]);
    expect(columnValues(t, 'profit')).toEqual(['-0.05', null, '1234567890123456.78', '0.00']);
    expect(bigintColumn(t, 'profit').values).toEqual(new BigInt64Array([-5n, 0n, 123456789012345678n, 0n]));
    expect(Array.from(int32Column(t, 'day').values)).toEqual([17034, 0, -1, 0]);
    const w = decimalWords(t, 'profit'); // read in place: the same low 64 bits as bigintColumn
    expect(w.stride).toBe(4);
    expect(w.validity).not.toBeNull();
    const low64 = Array.from({ length: 4 }, (_, k) =>
      BigInt.asIntN(64, (BigInt(w.words[k * w.stride + 1]!) << 32n) | BigInt(w.words[k * w.stride]! >>> 0)),
    );
    expect(low64).toEqual([-5n, 0n, 123456789012345678n, 0n]);
    expect(() => decimalWords(t, 'id')).toThrow(/not decimal/);
    const coded = codedColumn(t, 'cat');
    expect(coded.dictionary).toEqual(['Chairs', 'Tables']);
    expect(Array.from(coded.codes)).toEqual([0, -1, 0, 1]);
    expect(String(t.schema.fields[1]!.type)).toBe('Dictionary<Int32, Utf8>');
    const entries = dictionaryBytes(t, 'cat')!;
    expect(Array.from(entries.codes)).toEqual([0, -1, 0, 1]);
    expect(entries.size).toBe(2);
    expect(Buffer.from(entries.bytes.subarray(entries.offsets[1], entries.offsets[2])).toString()).toBe('Tables');
    expect(entries.entry(0)).toBe('Chairs');
    expect(dictionaryBytes(t, 'name')).toBeNull();
    const plain = utf8Bytes(t, 'name')!;
    expect(Buffer.from(plain.bytes.subarray(plain.offsets[3], plain.offsets[4])).toString()).toBe('Zoë');
    expect(isValid(plain.validity, 1)).toBe(false);
    expect(utf8Bytes(t, 'cat')).toBeNull();
  });

  it('grows past its initial capacity without losing values', () => {
    const b = new Utf8Builder();
    const n = 5000;
    for (let k = 0; k < n; k++) b.append(k % 7 === 0 ? null : `value-${k}`);
    const v = b.finish();
    expect(v.length).toBe(n);
    expect(v.nullCount).toBe(Math.ceil(n / 7));
    expect(v.get(4999)).toBe('value-4999');
    expect(v.get(4998)).toBe(null);
  });

  it('appends raw UTF-8 bytes unchanged', () => {
    const b = new Utf8Builder();
    const bytes = new TextEncoder().encode('xx José Núñez yy');
    b.appendUtf8(bytes, 3, bytes.length - 3);
    expect(b.finish().get(0)).toBe('José Núñez');
  });
});

describe('formatScaled', () => {
  it('renders scaled integers as exact decimal text', () => {
    expect(formatScaled(1234n, 2)).toBe('12.34');
    expect(formatScaled(-5n, 2)).toBe('-0.05');
    expect(formatScaled(7n, 0)).toBe('7');
    expect(formatScaled(-123456789012345678n, 2)).toBe('-1234567890123456.78');
  });
});

describe('Int64Builder without BigInts', () => {
  it('appends safe integers as numbers and copies 64-bit words exactly', () => {
    const b = new Int64Builder();
    for (const n of [0, 1, -1, 4294967296, -4294967297, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])
      b.appendNumber(n);
    const source = BigInt64Array.of(-5n, 2n ** 62n, -(2n ** 63n));
    const words = new Int32Array(source.buffer);
    for (let i = 0; i < source.length; i++) b.appendWords(words, i);
    b.appendNull();
    expect(Array.from(b.finish())).toEqual([
      0n,
      1n,
      -1n,
      4294967296n,
      -4294967297n,
      9007199254740991n,
      -9007199254740991n,
      -5n,
      2n ** 62n,
      -(2n ** 63n),
      null,
    ]);
  });

  it('keeps values across growth when appending words', () => {
    const b = new Int64Builder(new Decimal(2, 18, 128));
    const source = BigInt64Array.from({ length: 1000 }, (_, i) => BigInt(i * 1_000_000_007 - 500));
    const words = new Int32Array(source.buffer);
    for (let i = 0; i < source.length; i++) b.appendWords(words, i);
    const t = tableFromVectors([column('p', decimal(18, 2), 'p')], [b.finish()]);
    expect(bigintColumn(t, 'p').values).toEqual(source);
  });
});

describe('reserve', () => {
  it('makes room without changing what the builders finish to', () => {
    const make = (reserve: boolean): unknown[] => {
      const i = new Int32Builder();
      const l = new Int64Builder(new Decimal(2, 18, 128));
      const d = new DictionaryBuilder();
      if (reserve) for (const b of [i, l, d]) b.reserve(1000);
      for (let k = 0; k < 700; k++) {
        i.append(k % 5 === 0 ? null : k);
        l.appendNumber(-k);
        d.append(k % 3 === 0 ? null : `v${k % 11}`);
      }
      return [i.finish(), l.finish(), d.finish()].map((v) => [v.data[0]!.values, v.data[0]!.nullBitmap, v.nullCount]);
    };
    expect(make(true)).toEqual(make(false));
  });
});

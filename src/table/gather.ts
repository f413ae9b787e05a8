/**
 * Vectors from exact-size typed arrays that a caller fills in bulk (rows gathered by index), instead of a builder
 * call per row. The vectors equal what the builders finish: a null row holds 0 (0 words for 64/128-bit values),
 * and a bitmap of `(length >> 3) + 1` bytes exists only when some row is null.
 */
import { DateDay, Decimal, Dictionary, Int32, Int64, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';

/** The nulls of a column of `length` rows: an Arrow validity bitmap (bit set = present), made on the first null. */
export class NullMarks {
  private bits: Uint8Array | null = null;
  nullCount = 0;

  constructor(readonly length: number) {}

  /** Marks row `index` as null. */
  markNull(index: number): void {
    if (this.bits === null) {
      const bytes = (this.length >> 3) + 1;
      const bits = new Uint8Array(bytes).fill(0xff);
      // the bits past the last row stay clear, as a builder leaves them
      for (let i = this.length; i < bytes * 8; i++) bits[i >> 3]! &= ~(1 << (i & 7));
      this.bits = bits;
    }
    this.bits[index >> 3]! &= ~(1 << (index & 7));
    this.nullCount++;
  }

  /** The fields `makeData` takes for these nulls. */
  fields(): { length: number; nullCount: number; nullBitmap?: Uint8Array } {
    return this.bits === null
      ? { length: this.length, nullCount: 0 }
      : { length: this.length, nullCount: this.nullCount, nullBitmap: this.bits };
  }
}

/** Writes a 64-bit value given as its words into row `row` of Decimal128 words (`wide`: 4 per row), sign-extended. */
export function putWideWords(wide: Int32Array, row: number, low: number, high: number): void {
  const sign = high >> 31;
  wide[4 * row] = low;
  wide[4 * row + 1] = high;
  wide[4 * row + 2] = sign;
  wide[4 * row + 3] = sign;
}

/** A dictionary column from its rows' codes (0 where null) and its dictionary. */
export function dictionaryVector(
  codes: Int32Array,
  nulls: NullMarks,
  dictionary: Vector<Utf8>,
): Vector<Dictionary<Utf8, Int32>> {
  const type = new Dictionary(new Utf8(), new Int32());
  return makeVector(makeData<Dictionary<Utf8, Int32>>({ type, ...nulls.fields(), data: codes, dictionary }));
}

/** A 32-bit integer or date (days since the epoch) column from its values (0 where null). */
export function int32Vector(type: Int32 | DateDay, values: Int32Array, nulls: NullMarks): Vector<Int32 | DateDay> {
  return makeVector(makeData({ type: type as Int32, ...nulls.fields(), data: values }));
}

/** A 64-bit integer column from its values as 32-bit words, low word first (0, 0 where null). */
export function int64Vector(words: Int32Array, nulls: NullMarks): Vector<Int64> {
  return makeVector(makeData({ type: new Int64(), ...nulls.fields(), data: new BigInt64Array(words.buffer) }));
}

/** A Decimal128 column from its values' 128-bit words (4 per row, low first; see `putWideWords`). */
export function decimalVector(type: Decimal, wide: Int32Array, nulls: NullMarks): Vector<Decimal> {
  return makeVector(makeData({ type, ...nulls.fields(), data: new Uint32Array(wide.buffer) }));
}

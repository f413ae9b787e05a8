/**
 * Column builders: append values row by row into typed buffers, then finish into an Arrow vector.
 * No object per row: strings go into one UTF-8 byte buffer (or a dictionary), numbers into typed arrays.
 */
import {
  DateDay,
  Decimal,
  Dictionary,
  Int32,
  Int64,
  Utf8,
  makeData,
  makeVector,
  type DataType,
  type Vector,
} from 'apache-arrow';
import type { ColumnType } from '../schemas/types.js';
import { hashBytes } from './byte-hash.js';
import type { ArrowTypeOf } from './typed-tables.js';
import { Validity, grow } from './growable.js';

const encoder = new TextEncoder();

/** What every builder offers: its length so far, a null, and the finished vector. */
export interface ColumnBuilder {
  readonly length: number;
  appendNull(): void;
  finish(): Vector;
}

/** Plain UTF-8 strings (Arrow Utf8): one byte buffer plus offsets. */
export class Utf8Builder implements ColumnBuilder {
  private bytes = new Uint8Array(1024);
  private offsets = new Int32Array(256);
  private byteLength = 0;
  private readonly validity = new Validity();
  length = 0;

  /** Appends a string, or null. */
  append(value: string | null): void {
    if (value === null) {
      this.appendNull();
      return;
    }
    // worst case 3 bytes per UTF-16 unit
    if (this.byteLength + value.length * 3 > this.bytes.length)
      this.bytes = grow(this.bytes, this.byteLength + value.length * 3);
    const { written } = encoder.encodeInto(value, this.bytes.subarray(this.byteLength));
    this.byteLength += written;
    this.push(true);
  }

  /** Appends the UTF-8 bytes `source[start, end)` without decoding them. */
  appendUtf8(source: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.byteLength + n > this.bytes.length) this.bytes = grow(this.bytes, this.byteLength + n);
    const bytes = this.bytes;
    const at = this.byteLength;
    if (n <= 16) for (let i = 0; i < n; i++) bytes[at + i] = source[start + i]!;
    else bytes.set(source.subarray(start, end), at);
    this.byteLength += n;
    this.push(true);
  }

  /** True when value `index` (appended, not null) has exactly the bytes `source[start, end)`. */
  equalsUtf8(index: number, source: Uint8Array, start: number, end: number): boolean {
    const from = this.offsets[index]!;
    if (this.offsets[index + 1]! - from !== end - start) return false;
    const bytes = this.bytes;
    for (let i = 0; i < end - start; i++) if (bytes[from + i] !== source[start + i]) return false;
    return true;
  }

  appendNull(): void {
    this.push(false);
  }

  private push(valid: boolean): void {
    if (this.length + 2 > this.offsets.length) this.offsets = grow(this.offsets, this.length + 2);
    this.validity.set(this.length, valid);
    this.length++;
    this.offsets[this.length] = this.byteLength;
  }

  finish(): Vector<Utf8> {
    const nullBitmap = this.validity.finish(this.length);
    return makeVector(
      makeData({
        type: new Utf8(),
        length: this.length,
        nullCount: this.validity.nullCount,
        ...(nullBitmap ? { nullBitmap } : {}),
        valueOffsets: this.offsets.slice(0, this.length + 1),
        data: this.bytes.slice(0, this.byteLength),
      }),
    );
  }
}

/**
 * Repeating strings (Arrow Dictionary<Utf8, Int32>): each distinct value stored once, rows hold codes.
 * Values are found by their UTF-8 bytes in an open-addressing hash table, so a reader can append raw bytes
 * without ever making a string.
 */
export class DictionaryBuilder implements ColumnBuilder {
  /** Finishes with this dictionary instead of the values appended (see `sharing`). */
  private shared: Vector<Utf8> | null = null;
  private readonly values = new Utf8Builder();
  private slots = new Int32Array(1024); // code + 1; 0 = empty
  private hashes = new Int32Array(256); // hash of each code's bytes
  private scratch = new Uint8Array(256);
  private codes = new Int32Array(256);
  private readonly validity = new Validity();
  length = 0;

  /** A builder of rows given by `appendCode` into an existing dictionary (nothing is hashed or copied). */
  static sharing(dictionary: Vector<Utf8>): DictionaryBuilder {
    const b = new DictionaryBuilder();
    b.shared = dictionary;
    return b;
  }

  /** Distinct values so far. */
  get size(): number {
    return this.values.length;
  }

  /** Appends a string, or null; returns the dictionary code it was given (-1 for null). */
  append(value: string | null): number {
    if (value === null) {
      this.appendNull();
      return -1;
    }
    const code = this.entryOf(value);
    this.appendCode(code);
    return code;
  }

  /** Appends the value whose UTF-8 bytes are `source[start, end)`; returns its dictionary code. */
  appendUtf8(source: Uint8Array, start: number, end: number): number {
    const code = this.entryOfUtf8(source, start, end);
    this.appendCode(code);
    return code;
  }

  /** The dictionary code of a string, added to the dictionary if new; no row is appended. */
  entryOf(value: string): number {
    if (value.length * 3 > this.scratch.length) this.scratch = new Uint8Array(value.length * 3);
    const { written } = encoder.encodeInto(value, this.scratch);
    return this.entryOfUtf8(this.scratch, 0, written);
  }

  /** The dictionary code of the UTF-8 bytes `source[start, end)`, added to the dictionary if new; no row appended. */
  entryOfUtf8(source: Uint8Array, start: number, end: number): number {
    if (this.shared !== null) throw new TypeError('a DictionaryBuilder sharing a dictionary only takes appendCode');
    const h = hashBytes(source, start, end);
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = h & mask;
    for (let entry = slots[slot]!; entry !== 0; entry = slots[slot]!) {
      const code = entry - 1;
      if (this.hashes[code] === h && this.values.equalsUtf8(code, source, start, end)) return code;
      slot = (slot + 1) & mask;
    }
    const code = this.values.length;
    this.values.appendUtf8(source, start, end);
    if (code >= this.hashes.length) this.hashes = grow(this.hashes, code + 1);
    this.hashes[code] = h;
    slots[slot] = code + 1;
    if ((code + 1) * 2 > slots.length) this.rehash();
    return code;
  }

  /** The finished dictionary alone (the values added so far, or the shared one), for codes gathered elsewhere. */
  dictionary(): Vector<Utf8> {
    return this.shared ?? this.values.finish();
  }

  /** Makes room for `rows` more rows at once (fewer, larger allocations than growing as rows come). */
  reserve(rows: number): void {
    this.codes = grow(this.codes, this.length + rows);
  }

  /** Appends a row whose value is dictionary entry `code` (already added by `append`). */
  appendCode(code: number): void {
    if (this.length >= this.codes.length) this.codes = grow(this.codes, this.length + 1);
    this.codes[this.length] = code;
    this.validity.set(this.length, true);
    this.length++;
  }

  appendNull(): void {
    if (this.length >= this.codes.length) this.codes = grow(this.codes, this.length + 1);
    this.codes[this.length] = 0;
    this.validity.set(this.length, false);
    this.length++;
  }

  finish(): Vector<Dictionary<Utf8, Int32>> {
    const nullBitmap = this.validity.finish(this.length);
    const dictionary = this.dictionary();
    return makeVector(
      makeData({
        type: new Dictionary(new Utf8(), new Int32()),
        length: this.length,
        nullCount: this.validity.nullCount,
        ...(nullBitmap ? { nullBitmap } : {}),
        data: this.codes.slice(0, this.length),
        dictionary,
      }),
    );
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let code = 0; code < this.values.length; code++) {
      let slot = this.hashes[code]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = code + 1;
    }
    this.slots = slots;
  }
}

/** 32-bit integers (Arrow Int32), also used for dates as days since the epoch (Arrow DateDay). */
export class Int32Builder implements ColumnBuilder {
  private values = new Int32Array(256);
  private readonly validity = new Validity();
  length = 0;
  constructor(private readonly type: Int32 | DateDay = new Int32()) {}

  /** Makes room for `rows` more rows at once (fewer, larger allocations than growing as rows come). */
  reserve(rows: number): void {
    this.values = grow(this.values, this.length + rows);
  }

  /** Appends an integer, or null. */
  append(value: number | null): void {
    if (this.length >= this.values.length) this.values = grow(this.values, this.length + 1);
    this.values[this.length] = value ?? 0;
    this.validity.set(this.length, value !== null);
    this.length++;
  }

  appendNull(): void {
    this.append(null);
  }

  finish(): Vector<Int32 | DateDay> {
    const nullBitmap = this.validity.finish(this.length);
    return makeVector(
      makeData({
        type: this.type as Int32,
        length: this.length,
        nullCount: this.validity.nullCount,
        ...(nullBitmap ? { nullBitmap } : {}),
        data: this.values.slice(0, this.length),
      }),
    );
  }
}

/**
 * 64-bit integers (Arrow Int64), and exact decimals as scaled 64-bit integers (finished as Arrow
 * Decimal128 with the declared precision and scale: the low word holds the value, the high word its sign).
 */
export class Int64Builder implements ColumnBuilder {
  private values = new BigInt64Array(256);
  /** The same memory as 32-bit words (little-endian: low word first), to copy values without making BigInts. */
  private words = new Int32Array(this.values.buffer);
  private readonly validity = new Validity();
  length = 0;
  constructor(private readonly type: Int64 | Decimal = new Int64()) {}

  /** Makes room for `rows` more rows at once (fewer, larger allocations than growing as rows come). */
  reserve(rows: number): void {
    if (this.length + rows > this.values.length) {
      this.values = grow(this.values, this.length + rows);
      this.words = new Int32Array(this.values.buffer);
    }
  }

  /** Appends an integer (for decimals: the scaled integer, e.g. 12.34 at scale 2 is 1234n), or null. */
  append(value: bigint | null): void {
    this.reserveOne();
    this.values[this.length] = value ?? 0n;
    this.validity.set(this.length, value !== null);
    this.length++;
  }

  /** Appends a safe integer given as a number (no BigInt is made). */
  appendNumber(value: number): void {
    this.reserveOne();
    const hi = Math.floor(value / 4294967296);
    this.words[2 * this.length] = (value - hi * 4294967296) | 0;
    this.words[2 * this.length + 1] = hi | 0;
    this.validity.set(this.length, true);
    this.length++;
  }

  /** Appends element `index` of a 64-bit column given as its 32-bit words (`new Int32Array(bigints.buffer)`). */
  appendWords(words: Int32Array, index: number): void {
    this.reserveOne();
    this.words[2 * this.length] = words[2 * index]!;
    this.words[2 * this.length + 1] = words[2 * index + 1]!;
    this.validity.set(this.length, true);
    this.length++;
  }

  private reserveOne(): void {
    if (this.length >= this.values.length) {
      this.values = grow(this.values, this.length + 1);
      this.words = new Int32Array(this.values.buffer);
    }
  }

  appendNull(): void {
    this.append(null);
  }

  finish(): Vector<Int64 | Decimal> {
    const nullBitmap = this.validity.finish(this.length);
    const common = {
      length: this.length,
      nullCount: this.validity.nullCount,
      ...(nullBitmap ? { nullBitmap } : {}),
    };
    if (this.type instanceof Decimal) {
      // 128-bit little-endian values from the 64-bit words: low word pair, then the sign extended (no BigInts)
      const words = this.words;
      const wide = new Int32Array(this.length * 4);
      for (let i = 0; i < this.length; i++) {
        const high = words[2 * i + 1]!;
        const sign = high >> 31;
        wide[4 * i] = words[2 * i]!;
        wide[4 * i + 1] = high;
        wide[4 * i + 2] = sign;
        wide[4 * i + 3] = sign;
      }
      const data = new Uint32Array(wide.buffer);
      return makeVector(makeData({ type: this.type, ...common, data }));
    }
    return makeVector(makeData({ type: this.type, ...common, data: this.values.slice(0, this.length) }));
  }
}

/** The Arrow type a declared column is held as in memory; its static type is `ArrowTypeOf<T>`. */
export function arrowTypeOf<T extends ColumnType>(type: T): ArrowTypeOf<T> {
  return arrowTypeOfKind(type) as ArrowTypeOf<T>;
}

function arrowTypeOfKind(type: ColumnType): DataType {
  switch (type.kind) {
    case 'string':
      return type.dictionary ? new Dictionary(new Utf8(), new Int32()) : new Utf8();
    case 'int32':
      return new Int32();
    case 'int64':
      return new Int64();
    case 'decimal':
      return new Decimal(type.scale, type.precision, 128);
    case 'date':
      return new DateDay();
  }
}

/** Makes the builder that holds a column of the declared type. */
export function builderFor(type: ColumnType): Utf8Builder | DictionaryBuilder | Int32Builder | Int64Builder {
  switch (type.kind) {
    case 'string':
      return type.dictionary ? new DictionaryBuilder() : new Utf8Builder();
    case 'int32':
      return new Int32Builder();
    case 'date':
      return new Int32Builder(new DateDay());
    case 'int64':
      return new Int64Builder();
    case 'decimal':
      return new Int64Builder(new Decimal(type.scale, type.precision, 128));
  }
}

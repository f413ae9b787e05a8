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
    if (value === null) return this.appendNull();
    // worst case 3 bytes per UTF-16 unit
    this.bytes = grow(this.bytes, this.byteLength + value.length * 3);
    const { written } = encoder.encodeInto(value, this.bytes.subarray(this.byteLength));
    this.byteLength += written;
    this.push(true);
  }

  /** Appends the UTF-8 bytes `source[start, end)` without decoding them. */
  appendUtf8(source: Uint8Array, start: number, end: number): void {
    this.bytes = grow(this.bytes, this.byteLength + (end - start));
    this.bytes.set(source.subarray(start, end), this.byteLength);
    this.byteLength += end - start;
    this.push(true);
  }

  appendNull(): void {
    this.push(false);
  }

  private push(valid: boolean): void {
    this.offsets = grow(this.offsets, this.length + 2);
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

/** Repeating strings (Arrow Dictionary<Utf8, Int32>): each distinct value stored once, rows hold codes. */
export class DictionaryBuilder implements ColumnBuilder {
  private readonly codesByValue = new Map<string, number>();
  private readonly values = new Utf8Builder();
  private codes = new Int32Array(256);
  private readonly validity = new Validity();
  length = 0;

  /** Appends a string, or null; returns the dictionary code it was given (-1 for null). */
  append(value: string | null): number {
    if (value === null) {
      this.appendNull();
      return -1;
    }
    let code = this.codesByValue.get(value);
    if (code === undefined) {
      code = this.codesByValue.size;
      this.codesByValue.set(value, code);
      this.values.append(value);
    }
    this.appendCode(code);
    return code;
  }

  /** Appends a row whose value is dictionary entry `code` (already added by `append`). */
  appendCode(code: number): void {
    this.codes = grow(this.codes, this.length + 1);
    this.codes[this.length] = code;
    this.validity.set(this.length, true);
    this.length++;
  }

  appendNull(): void {
    this.codes = grow(this.codes, this.length + 1);
    this.codes[this.length] = 0;
    this.validity.set(this.length, false);
    this.length++;
  }

  finish(): Vector<Dictionary<Utf8, Int32>> {
    const nullBitmap = this.validity.finish(this.length);
    const dictionary = this.values.finish();
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
}

/** 32-bit integers (Arrow Int32), also used for dates as days since the epoch (Arrow DateDay). */
export class Int32Builder implements ColumnBuilder {
  private values = new Int32Array(256);
  private readonly validity = new Validity();
  length = 0;
  constructor(private readonly type: Int32 | DateDay = new Int32()) {}

  /** Appends an integer, or null. */
  append(value: number | null): void {
    this.values = grow(this.values, this.length + 1);
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
  private readonly validity = new Validity();
  length = 0;
  constructor(private readonly type: Int64 | Decimal = new Int64()) {}

  /** Appends an integer (for decimals: the scaled integer, e.g. 12.34 at scale 2 is 1234n), or null. */
  append(value: bigint | null): void {
    this.values = grow(this.values, this.length + 1);
    this.values[this.length] = value ?? 0n;
    this.validity.set(this.length, value !== null);
    this.length++;
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
      const wide = new BigInt64Array(this.length * 2);
      for (let i = 0; i < this.length; i++) {
        const v = this.values[i]!;
        wide[2 * i] = v;
        wide[2 * i + 1] = v < 0n ? -1n : 0n;
      }
      const data = new Uint32Array(wide.buffer);
      return makeVector(makeData({ type: this.type, ...common, data }));
    }
    return makeVector(makeData({ type: this.type, ...common, data: this.values.slice(0, this.length) }));
  }
}

/** The Arrow type a declared column is held as in memory. */
export function arrowTypeOf(type: ColumnType): DataType {
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

/** A builder for each logical type. */
export type BuilderFor<T extends ColumnType> = T extends { kind: 'string' }
  ? Utf8Builder | DictionaryBuilder
  : T extends { kind: 'int64' } | { kind: 'decimal' }
    ? Int64Builder
    : Int32Builder;

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

/**
 * Column accessors: typed-array views of a table's columns for transforms' hot loops (no object per row),
 * plus simple materialising readers for tests and small tables.
 */
import { DataType, Type, type Table, type TypeMap, type Vector, type Data } from 'apache-arrow';
import { SchemaError } from '../errors.js';
import { vectorOf } from './arrow-types.js';

/** A column's values as typed numbers, with its validity bitmap (null when every row is valid). */
export interface NumericColumn<T extends Int32Array | BigInt64Array> {
  readonly values: T;
  readonly validity: Uint8Array | null;
  readonly length: number;
}

/** A text column as dictionary codes into `dictionary`; code -1 marks null. */
export interface CodedColumn {
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
  readonly length: number;
}

/** The column names of a table type: any string for an untyped `Table`, only its own for a `Table<{…}>`. */
export type ColumnName<T extends TypeMap> = keyof T & string;

/** True when row `i` holds a value according to `validity`. */
export function isValid(validity: Uint8Array | null, i: number): boolean {
  return validity === null || (validity[i >> 3]! & (1 << (i & 7))) !== 0;
}

function onlyChunk(v: Vector<DataType>, name: string): Data {
  if (v.data.length !== 1) {
    throw new SchemaError('table.chunks', `column "${name}" has ${v.data.length} chunks; expected one`);
  }
  return v.data[0]!;
}

function validityOf(d: Data): Uint8Array | null {
  // apache-arrow types the bitmap as always present, but Data made without one holds undefined
  const bitmap = d.nullBitmap as Uint8Array | undefined;
  if (d.nullCount === 0 || !bitmap || bitmap.length === 0) return null;
  if (d.offset !== 0) throw new SchemaError('table.offset', 'sliced columns are not supported here');
  return bitmap;
}

/** Int32 or Date (days) column as an Int32Array. */
export function int32Column<T extends TypeMap>(table: Table<T>, name: ColumnName<T>): NumericColumn<Int32Array> {
  const d = onlyChunk(vectorOf(table, name), name);
  if (d.typeId !== Type.Int && d.typeId !== Type.Date)
    throw new SchemaError('table.type', `"${name}" is not int32/date`);
  const values = d.values as Int32Array;
  if (!(values instanceof Int32Array)) throw new SchemaError('table.type', `"${name}" is not 32-bit`);
  return { values: values.subarray(0, d.length), validity: validityOf(d), length: d.length };
}

/** Int64 column, or Decimal column as scaled integers (e.g. 12.34 at scale 2 → 1234n), as a BigInt64Array. */
export function bigintColumn<T extends TypeMap>(table: Table<T>, name: ColumnName<T>): NumericColumn<BigInt64Array> {
  const d = onlyChunk(vectorOf(table, name), name);
  if (d.typeId === Type.Int && d.values instanceof BigInt64Array) {
    return { values: d.values.subarray(0, d.length), validity: validityOf(d), length: d.length };
  }
  if (d.typeId === Type.Decimal) {
    const words = d.values as Uint32Array;
    const wide = new BigInt64Array(words.buffer, words.byteOffset, words.length / 2);
    const stride = wide.length / Math.max(1, d.length);
    const values = new BigInt64Array(d.length);
    for (let i = 0; i < d.length; i++) values[i] = wide[i * stride]!;
    return { values, validity: validityOf(d), length: d.length };
  }
  throw new SchemaError('table.type', `"${name}" is not int64/decimal`);
}

/** A Decimal column's values as 32-bit words: value `i`'s low word at `words[i * stride]`, then its next word. */
export interface DecimalWords {
  readonly words: Int32Array;
  readonly stride: number;
  readonly validity: Uint8Array | null;
  readonly length: number;
}

/**
 * A Decimal column as its 32-bit words (little-endian), read in place: no BigInt per row. The low 64 bits of
 * value `i` are `words[i * stride]` (low) and `words[i * stride + 1]` (high, signed), as `bigintColumn` reads.
 */
export function decimalWords<T extends TypeMap>(table: Table<T>, name: ColumnName<T>): DecimalWords {
  const v = vectorOf(table, name);
  const type: DataType = v.type;
  if (!DataType.isDecimal(type)) throw new SchemaError('table.type', `"${name}" is not decimal`);
  const d = onlyChunk(v, name);
  const validity = validityOf(d);
  if (d.offset !== 0) throw new SchemaError('table.offset', 'sliced columns are not supported here');
  const values = d.values as Uint32Array;
  const words = new Int32Array(values.buffer, values.byteOffset, values.length);
  return { words, stride: type.bitWidth / 32, validity, length: d.length };
}

/** A text column (plain or dictionary) as codes into a dictionary of distinct strings. */
export function codedColumn<T extends TypeMap>(table: Table<T>, name: ColumnName<T>): CodedColumn {
  const v = vectorOf(table, name);
  const d = onlyChunk(v, name);
  const validity = validityOf(d);
  if (d.typeId === Type.Dictionary) {
    const dictionary = Array.from(d.dictionary!.toArray() as Iterable<string>);
    const raw = d.values as Int32Array;
    const codes = new Int32Array(d.length);
    for (let i = 0; i < d.length; i++) codes[i] = isValid(validity, i) ? raw[i]! : -1;
    return { codes, dictionary, length: d.length };
  }
  if (d.typeId === Type.Utf8) {
    const seen = new Map<string, number>();
    const dictionary: string[] = [];
    const codes = new Int32Array(d.length);
    for (let i = 0; i < d.length; i++) {
      const s = v.get(i) as string | null;
      if (s === null) {
        codes[i] = -1;
        continue;
      }
      let c = seen.get(s);
      if (c === undefined) {
        c = dictionary.length;
        seen.set(s, c);
        dictionary.push(s);
      }
      codes[i] = c;
    }
    return { codes, dictionary, length: d.length };
  }
  throw new SchemaError('table.type', `"${name}" is not text`);
}

/** Any column's values as plain JS values (strings, numbers, bigints, null); for tests and small tables. */
export function columnValues<T extends TypeMap>(table: Table<T>, name: ColumnName<T>): unknown[] {
  const v = vectorOf(table, name);
  if (DataType.isDecimal(v.type)) {
    const { values, validity } = bigintColumn(table, name);
    const scale = v.type.scale;
    return Array.from(values, (x, i) => (isValid(validity, i) ? formatScaled(x, scale) : null));
  }
  return Array.from({ length: v.length }, (_, i) => v.get(i) as unknown);
}

/** Every row as a plain object keyed by column name (slow; for tests, examples and small tables). */
export function tableRows(table: Table): Record<string, unknown>[] {
  const names = table.schema.names.map(String);
  const cols = names.map((n) => columnValues(table, n));
  return Array.from({ length: table.numRows }, (_, i) => Object.fromEntries(names.map((n, j) => [n, cols[j]![i]])));
}

/** Formats a scaled integer as exact decimal text: (1234n, 2) → "12.34", (-5n, 2) → "-0.05". */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** A reader of a text column's values by row, without materialising them all (null for null cells). */
export function textReader<T extends TypeMap>(table: Table<T>, name: ColumnName<T>): (row: number) => string | null {
  const v = vectorOf(table, name);
  const d = onlyChunk(v, name);
  const validity = validityOf(d);
  if (d.typeId === Type.Utf8) {
    const offsets = d.valueOffsets as Int32Array;
    const bytes = d.values as Uint8Array;
    // Buffer's native slice decoder is about twice as fast as TextDecoder on short values
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return (row) => (isValid(validity, row) ? buffer.toString('utf8', offsets[row], offsets[row + 1]) : null);
  }
  if (d.typeId === Type.Dictionary) {
    const dictionary = Array.from(d.dictionary!.toArray() as Iterable<string>);
    const codes = d.values as Int32Array;
    return (row) => (isValid(validity, row) ? dictionary[codes[row]!]! : null);
  }
  throw new SchemaError('table.type', `"${name}" is not text`);
}

/** A plain text column's UTF-8 data: row `i` is `bytes[offsets[i], offsets[i + 1])` where `validity` says valid. */
export interface Utf8Bytes {
  readonly offsets: Int32Array;
  readonly bytes: Uint8Array;
  readonly validity: Uint8Array | null;
}

/** A plain (Utf8) text column's bytes, offsets and validity, as `textReader` reads them; null for other columns. */
export function utf8Bytes<T extends TypeMap>(table: Table<T>, name: ColumnName<T>): Utf8Bytes | null {
  const d = onlyChunk(vectorOf(table, name), name);
  if (d.typeId !== Type.Utf8) return null;
  return { offsets: d.valueOffsets as Int32Array, bytes: d.values as Uint8Array, validity: validityOf(d) };
}

/**
 * A dictionary text column's parts: each row's code (-1 for null) and the dictionary's entries as UTF-8 bytes
 * (entry `k` is `bytes[offsets[k], offsets[k + 1])`); `entry(k)` decodes one as `codedColumn`'s dictionary holds it.
 */
export interface DictionaryBytes {
  readonly codes: Int32Array;
  readonly size: number;
  readonly offsets: Int32Array;
  readonly bytes: Uint8Array;
  entry(k: number): string;
}

/**
 * A dictionary text column's codes and entry bytes without decoding the entries; null for a plain text column (or a
 * dictionary of several chunks). The codes are the column's own array when no row is null (read only).
 */
export function dictionaryBytes<T extends TypeMap>(table: Table<T>, name: ColumnName<T>): DictionaryBytes | null {
  const d = onlyChunk(vectorOf(table, name), name);
  if (d.typeId !== Type.Dictionary) return null;
  const dictionary = d.dictionary as Vector<DataType> | undefined;
  if (dictionary === undefined || dictionary.data.length !== 1 || dictionary.data[0]!.typeId !== Type.Utf8) return null;
  const entries = dictionary.data[0]!;
  const validity = validityOf(d);
  const raw = d.values as Int32Array;
  let codes: Int32Array;
  if (validity === null) codes = raw.subarray(0, d.length);
  else {
    codes = new Int32Array(d.length);
    for (let i = 0; i < d.length; i++) codes[i] = isValid(validity, i) ? raw[i]! : -1;
  }
  return {
    codes,
    size: dictionary.length,
    offsets: entries.valueOffsets as Int32Array,
    bytes: entries.values as Uint8Array,
    entry: (k) => dictionary.get(k) as string,
  };
}

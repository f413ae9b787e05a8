/**
 * An Arrow column seen as the raw buffers the page encoders read: typed-array words for numbers, offsets +
 * bytes for text, codes + a byte-array dictionary for dictionary text, and the validity bitmap.
 */
import { DataType, makeVector, type Data, type Field, type Utf8, type Vector } from 'apache-arrow';
import { SchemaError } from '../../errors.js';
import { formatScaled } from '../../table/columns.js';
import { decimalAt, firstOutOfPrecision } from './decimal-range.js';

/** Variable-length byte strings as Arrow stores them: `bytes[offsets[i], offsets[i + 1])`. */
export interface ByteArrays {
  readonly offsets: Int32Array;
  readonly bytes: Uint8Array;
}

/** The values of a column, by physical layout. */
export type ColumnValues =
  /** INT32 (`width` 1) or INT64 (`width` 2) values: value i is `words[i * stride, i * stride + width)`. */
  | { readonly kind: 'fixed'; readonly words: Int32Array; readonly stride: number; readonly width: 1 | 2 }
  /** Plain text: PLAIN byte arrays. */
  | { readonly kind: 'utf8'; readonly strings: ByteArrays }
  /** Dictionary text: `codes[i]` indexes `dictionary` (`size` entries). */
  | { readonly kind: 'dict'; readonly codes: Int32Array; readonly dictionary: ByteArrays; readonly size: number };

/** One column of one record batch, ready to be cut into row groups and pages. */
export interface ColumnSource {
  readonly name: string;
  /** OPTIONAL columns carry definition levels; REQUIRED columns must hold no null. */
  readonly optional: boolean;
  readonly length: number;
  /** Validity bitmap (bit `bitOffset + i` for row i), or null when no row is null. */
  readonly validity: Uint8Array | null;
  readonly bitOffset: number;
  readonly values: ColumnValues;
}

const encoder = new TextEncoder();

/**
 * Views an Arrow column's data as a ColumnSource; throws SchemaError for a type ecomflow does not write, a
 * null in a non-nullable field or a decimal with more digits than its precision. `firstRow` is the row index of
 * the data's first row in the table (for messages).
 */
export function columnSource(field: Field, data: Data, firstRow = 0): ColumnSource {
  const nullCount = data.nullCount;
  if (!field.nullable && nullCount > 0) {
    throw new SchemaError(
      'parquet.null_in_required',
      `column "${field.name}" is declared not null but holds ${nullCount} null value(s)`,
    );
  }
  // apache-arrow types the bitmap as always present, but Data made without one holds undefined
  const bitmap = data.nullBitmap as Uint8Array | undefined;
  const validity = nullCount > 0 && bitmap && bitmap.length > 0 ? bitmap : null;
  return {
    name: field.name,
    optional: field.nullable,
    length: data.length,
    validity,
    bitOffset: data.offset,
    values: valuesOf(field, data, validity, firstRow),
  };
}

function valuesOf(field: Field, data: Data, validity: Uint8Array | null, firstRow: number): ColumnValues {
  const type = field.type as DataType;
  if (DataType.isDictionary(type) && DataType.isUtf8(type.dictionary)) {
    const dictionary = data.dictionary as Vector<Utf8> | undefined; // apache-arrow types it Vector<any>
    if (!dictionary) throw unsupported(field, 'a dictionary column without its dictionary');
    const codes = data.values instanceof Int32Array ? data.values : Int32Array.from(data.values as ArrayLike<number>);
    return { kind: 'dict', codes, dictionary: dictionaryBytes(dictionary.data), size: dictionary.length };
  }
  if (DataType.isUtf8(type)) {
    return { kind: 'utf8', strings: { offsets: data.valueOffsets as Int32Array, bytes: utf8Bytes(data) } };
  }
  const values: unknown = data.values;
  if ((DataType.isInt(type) || DataType.isDate(type)) && values instanceof Int32Array) {
    return { kind: 'fixed', words: values, stride: 1, width: 1 };
  }
  if (DataType.isInt(type) && values instanceof BigInt64Array) {
    return {
      kind: 'fixed',
      words: new Int32Array(values.buffer, values.byteOffset, values.length * 2),
      stride: 2,
      width: 2,
    };
  }
  if (DataType.isDecimal(type) && values instanceof Uint32Array) {
    // Decimal128 holds the scaled integer in its low 64 bits (precision ≤ 18, checked by schemaElementOf)
    const words = new Int32Array(values.buffer, values.byteOffset, values.length);
    const stride = type.bitWidth / 32;
    const bad = firstOutOfPrecision(words, stride, data.length, validity, data.offset, type.precision);
    if (bad >= 0) {
      const value = formatScaled(decimalAt(words, stride, bad), type.scale);
      throw new SchemaError(
        'parquet.decimal_precision',
        `column "${field.name}" row ${firstRow + bad}: ${value} does not fit DECIMAL(${type.precision},${type.scale})`,
      );
    }
    return { kind: 'fixed', words, stride, width: 2 };
  }
  throw unsupported(field, String(type));
}

function utf8Bytes(data: Data): Uint8Array {
  const bytes: unknown = data.values;
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(0);
}

/** The dictionary's strings as one offsets + bytes pair (re-encoded only if Arrow split it into chunks). */
function dictionaryBytes(chunks: readonly Data[]): ByteArrays {
  const only = chunks[0];
  if (chunks.length === 1 && only && only.valueOffsets instanceof Int32Array) {
    return { offsets: only.valueOffsets, bytes: utf8Bytes(only) };
  }
  const strings: Uint8Array[] = [];
  for (const chunk of chunks) {
    const vector = makeVector(chunk);
    for (let i = 0; i < vector.length; i++) strings.push(encoder.encode(String(vector.get(i) ?? '')));
  }
  const offsets = new Int32Array(strings.length + 1);
  const total = strings.reduce((n, s) => n + s.length, 0);
  const bytes = new Uint8Array(total);
  strings.forEach((s, i) => {
    bytes.set(s, offsets[i]);
    offsets[i + 1] = offsets[i]! + s.length;
  });
  return { offsets, bytes };
}

function unsupported(field: Field, what: string): SchemaError {
  return new SchemaError(
    'parquet.unsupported_type',
    `column "${field.name}" has type ${what}, which ecomflow does not write`,
  );
}

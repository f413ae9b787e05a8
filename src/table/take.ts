/** Row selection: a new table holding the rows at `indices`, in that order (dictionaries shared, no re-encoding). */
import { DataType, makeData, makeVector, type Data, type Table, type TypeMap, type Vector } from 'apache-arrow';
import { SchemaError } from '../errors.js';
import { column, plainString, type ColumnSpec } from '../schemas/types.js';
import { tableFromVectors } from './table.js';

function takeValidity(d: Data, indices: Int32Array): { nullBitmap?: Uint8Array; nullCount: number } {
  if (d.nullCount === 0) return { nullCount: 0 };
  const bits = new Uint8Array((indices.length >> 3) + 1);
  let nullCount = 0;
  for (let i = 0; i < indices.length; i++) {
    if (d.getValid(indices[i]!)) bits[i >> 3]! |= 1 << (i & 7);
    else nullCount++;
  }
  return nullCount === 0 ? { nullCount } : { nullBitmap: bits, nullCount };
}

function takeData(d: Data, indices: Int32Array): Data {
  if (d.offset !== 0) throw new SchemaError('table.offset', 'sliced columns are not supported by take');
  const validity = takeValidity(d, indices);
  const n = indices.length;
  const type = d.type;
  if (DataType.isUtf8(type)) {
    const offsets = d.valueOffsets as Int32Array;
    const bytes = d.values as Uint8Array;
    let total = 0;
    for (let i = 0; i < n; i++) total += offsets[indices[i]! + 1]! - offsets[indices[i]!]!;
    const out = new Uint8Array(total);
    const outOffsets = new Int32Array(n + 1);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const j = indices[i]!;
      const start = offsets[j]!;
      const end = offsets[j + 1]!;
      out.set(bytes.subarray(start, end), at);
      at += end - start;
      outOffsets[i + 1] = at;
    }
    return makeData({ type, length: n, ...validity, valueOffsets: outOffsets, data: out });
  }
  if (DataType.isDecimal(type)) {
    const stride = d.stride;
    const words = d.values as Uint32Array;
    const out = new Uint32Array(n * stride);
    for (let i = 0; i < n; i++) out.set(words.subarray(indices[i]! * stride, (indices[i]! + 1) * stride), i * stride);
    return makeData({ type, length: n, ...validity, data: out });
  }
  if (DataType.isDictionary(type) || DataType.isInt(type) || DataType.isDate(type)) {
    const values = d.values as Int32Array | BigInt64Array;
    const Ctor = values.constructor as new (n: number) => Int32Array | BigInt64Array;
    const out = new Ctor(n);
    for (let i = 0; i < n; i++) out[i] = values[indices[i]!]!;
    if (DataType.isDictionary(type)) {
      return makeData({ type, length: n, ...validity, data: out as Int32Array, dictionary: d.dictionary! });
    }
    if (DataType.isInt(type)) return makeData({ type, length: n, ...validity, data: out });
    return makeData({ type, length: n, ...validity, data: out as Int32Array });
  }
  throw new SchemaError('table.type', `take does not support ${String(type)}`);
}

/** A new table with the rows of `table` at `indices` (in that order), of its type. */
export function take<T extends TypeMap>(typed: Table<T>, indices: Int32Array): Table<T> {
  const table = typed as Table;
  const specs: ColumnSpec[] = [];
  const vectors: Vector[] = [];
  table.schema.fields.forEach((f, i) => {
    const v = table.getChildAt<DataType>(i)!;
    if (v.data.length !== 1) throw new SchemaError('table.chunks', `column "${f.name}" must be one chunk`);
    specs.push({ ...column(f.name, plainString(), ''), nullable: f.nullable });
    vectors.push(makeVector(takeData(v.data[0]!, indices)));
  });
  const out: Table = tableFromVectors(specs, vectors);
  return out as Table<T>;
}

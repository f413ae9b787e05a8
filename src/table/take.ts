/** Row selection: a new table holding the rows at `indices`, in that order (dictionaries shared, no re-encoding). */
import {
  Type,
  makeData,
  makeVector,
  type Data,
  type Decimal,
  type Dictionary,
  type Int32,
  type Table,
  type Utf8,
  type Vector,
} from 'apache-arrow';
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
  switch (d.typeId) {
    case Type.Utf8: {
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
      return makeData({ type: d.type as Utf8, length: n, ...validity, valueOffsets: outOffsets, data: out });
    }
    case Type.Decimal: {
      const stride = d.stride;
      const words = d.values as Uint32Array;
      const out = new Uint32Array(n * stride);
      for (let i = 0; i < n; i++) out.set(words.subarray(indices[i]! * stride, (indices[i]! + 1) * stride), i * stride);
      return makeData({ type: d.type as Decimal, length: n, ...validity, data: out });
    }
    case Type.Dictionary:
    case Type.Int:
    case Type.Date: {
      const values = d.values as Int32Array | BigInt64Array;
      const Ctor = values.constructor as new (n: number) => Int32Array | BigInt64Array;
      const out = new Ctor(n);
      for (let i = 0; i < n; i++) out[i] = values[indices[i]!]!;
      return d.typeId === Type.Dictionary
        ? makeData({
            type: d.type as Dictionary<Utf8, Int32>,
            length: n,
            ...validity,
            data: out as Int32Array,
            dictionary: d.dictionary! as Vector<Utf8>,
          })
        : makeData({ type: d.type as Int32, length: n, ...validity, data: out as Int32Array });
    }
    default:
      throw new SchemaError('table.type', `take does not support ${String(d.type)}`);
  }
}

/** A new table with the rows of `table` at `indices` (in that order). */
export function take(table: Table, indices: Int32Array): Table {
  const specs: ColumnSpec[] = [];
  const vectors: Vector[] = [];
  table.schema.fields.forEach((f) => {
    const v = table.getChild(f.name)!;
    if (v.data.length !== 1) throw new SchemaError('table.chunks', `column "${f.name}" must be one chunk`);
    specs.push({ ...column(f.name, plainString(), ''), nullable: f.nullable });
    vectors.push(makeVector(takeData(v.data[0]!, indices)));
  });
  return tableFromVectors(specs, vectors);
}

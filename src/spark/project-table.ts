/**
 * Spark's Arrow results → project tables: one chunk per column, in the declared types (dictionary or plain text,
 * Int32/Int64, Decimal(scale, precision ≤ 18) as scaled 64-bit integers, DateDay), so Spark's answers can be
 * compared with and written like the local engine's.
 */
import { Decimal, Type, type Data, type Table } from 'apache-arrow';
import { SchemaError } from '../errors.js';
import type { ColumnSpec } from '../schemas/types.js';
import { DictionaryBuilder, Int32Builder, Int64Builder, Utf8Builder, builderFor } from '../table/builders.js';
import { typeName } from '../table/show.js';
import { tableFromVectors, type TableOfColumns } from '../table/table.js';

/**
 * Converts a Spark result to the declared columns (by name; extra result columns are left out). Text must be
 * text, integers integers (Int32 widens to Int64; Int64 narrows to Int32 only when every value fits), decimals
 * of the declared scale whose values fit 18 digits, dates Date32; anything else is a SchemaError naming the column.
 * The result is typed by the declared columns (each is built by its declared type).
 * @example
 * const t = await spark.sql('SELECT order_year, sum(profit) AS profit FROM orders GROUP BY 1');
 * toProjectTable(t, profitByYear.columns); // order_year Int32, profit Decimal(2, 18), one chunk
 */
export function toProjectTable<const C extends ColumnSpec>(result: Table, columns: readonly C[]): TableOfColumns<C> {
  const vectors = columns.map((spec) => {
    const vector = result.getChild(spec.name);
    if (vector === null) {
      throw new SchemaError('spark.result_column', `the Spark result has no column "${spec.name}"`, {
        column: spec.name,
      });
    }
    const builder = builderFor(spec.type);
    for (const data of vector.data as Data[]) append(builder, data, spec);
    return builder.finish();
  });
  return tableFromVectors(columns, vectors);
}

type Builder = ReturnType<typeof builderFor>;

/** Appends one chunk of a result column (buffers as arrow-js holds them: relative to the chunk). */
function append(builder: Builder, data: Data, spec: ColumnSpec): void {
  const bad = (why: string): SchemaError =>
    new SchemaError('spark.result_type', `column "${spec.name}": ${why}`, { column: spec.name });
  const valid = (i: number): boolean => data.getValid(i);
  const kind = spec.type.kind;
  if (kind === 'string') {
    if (data.typeId !== Type.Utf8 && data.typeId !== Type.LargeUtf8)
      throw bad(`Spark sent ${typeName(data.type)}, not text`);
    const b = builder as Utf8Builder | DictionaryBuilder;
    const offsets = data.valueOffsets as Int32Array | BigInt64Array;
    const bytes = data.values as Uint8Array;
    for (let i = 0; i < data.length; i++) {
      if (!valid(i)) b.appendNull();
      else b.appendUtf8(bytes, Number(offsets[i]), Number(offsets[i + 1]));
    }
    return;
  }
  if (kind === 'date' || kind === 'int32') {
    const ok =
      kind === 'date'
        ? data.typeId === Type.Date && (data.values as unknown) instanceof Int32Array
        : data.typeId === Type.Int;
    if (!ok) throw bad(`Spark sent ${typeName(data.type)}, declared ${kind}`);
    const b = builder as Int32Builder;
    const values = data.values as Int32Array | BigInt64Array;
    for (let i = 0; i < data.length; i++) {
      if (!valid(i)) {
        b.appendNull();
        continue;
      }
      const v = values[i]!;
      const n = Number(v);
      if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) throw bad(`${String(v)} does not fit INT32`);
      b.append(n);
    }
    return;
  }
  const b = builder as Int64Builder;
  if (kind === 'int64') {
    if (data.typeId !== Type.Int) throw bad(`Spark sent ${typeName(data.type)}, declared int64`);
    const values = data.values as Int32Array | BigInt64Array;
    for (let i = 0; i < data.length; i++) b.append(valid(i) ? BigInt(values[i]!) : null);
    return;
  }
  const type = data.type;
  if (!(type instanceof Decimal)) throw bad(`Spark sent ${typeName(type)}, declared decimal`);
  const scale = type.scale;
  if (scale !== spec.type.scale) throw bad(`Spark sent scale ${scale}, declared ${spec.type.scale}: CAST it in SQL`);
  const words = data.values as Uint32Array;
  const wide = new BigInt64Array(words.buffer, words.byteOffset, words.length / 2);
  const stride = type.bitWidth / 64;
  const limit = 10n ** BigInt(spec.type.precision);
  for (let i = 0; i < data.length; i++) {
    if (!valid(i)) {
      b.appendNull();
      continue;
    }
    const at = i * stride;
    const low = wide[at]!;
    const high = stride > 1 ? wide[at + 1]! : low < 0n ? -1n : 0n;
    if (high !== (low < 0n ? -1n : 0n) || low >= limit || low <= -limit) {
      throw bad(`a value does not fit DECIMAL(${spec.type.precision}, ${scale})`);
    }
    b.append(low);
  }
}

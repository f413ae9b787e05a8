/**
 * Tables are Apache Arrow tables whose columns follow a declared schema. This file assembles them from
 * finished vectors.
 */
import { Field, RecordBatch, Schema, Struct, Table, makeData } from 'apache-arrow';
import type { DataType, TypeMap, Vector } from 'apache-arrow';
import type { ColumnSpec } from '../schemas/types.js';
import { SchemaError } from '../errors.js';
import { arrowTypeOf } from './builders.js';
import type { ArrowTypeMapOfColumns, TableOfColumns } from './typed-tables.js';

export { Table } from 'apache-arrow';
export type { TableOfColumns } from './typed-tables.js';

/**
 * Builds a one-batch Arrow table from columns and their vectors (all of one length). The result is typed by the
 * declared columns; that each vector holds its column's declared Arrow type is the caller's promise (tests check).
 */
export function tableFromVectors<const C extends ColumnSpec>(
  columns: readonly C[],
  vectors: readonly Vector<DataType>[],
): TableOfColumns<C> {
  if (columns.length !== vectors.length) {
    throw new SchemaError('table.shape', `expected ${columns.length} vectors, got ${vectors.length}`);
  }
  const length = vectors[0]?.length ?? 0;
  const fields = columns.map((c, i) => {
    const v = vectors[i]!;
    if (v.length !== length) {
      throw new SchemaError('table.shape', `column "${c.name}" has ${v.length} rows, expected ${length}`);
    }
    return new Field(c.name, v.type, c.nullable || v.nullCount > 0);
  });
  const schema = new Schema(fields);
  const data = makeData({
    type: new Struct(fields),
    length,
    nullCount: 0,
    children: vectors.map((v, i) => {
      if (v.data.length !== 1) {
        throw new SchemaError('table.chunks', `column "${columns[i]!.name}" must be one chunk, has ${v.data.length}`);
      }
      return v.data[0]!;
    }),
  });
  return new Table(schema, [new RecordBatch(schema, data)]) as TableOfColumns<C>;
}

/**
 * `table` with `vectors` added as new columns after its own (no copy of the existing columns), like Arrow JS's
 * `setChild`; the return type is `table`'s type with the added columns. Every column must be one chunk of the
 * table's length.
 * @example
 * withColumns(lines, [orderYearColumn], [years]); // lines' columns, then order_year
 */
export function withColumns<T extends TypeMap, const C extends ColumnSpec>(
  table: Table<T>,
  columns: readonly C[],
  vectors: readonly Vector<DataType>[],
): Table<T & ArrowTypeMapOfColumns<C>> {
  if (columns.length !== vectors.length) {
    throw new SchemaError('table.shape', `expected ${columns.length} vectors, got ${vectors.length}`);
  }
  const untyped = table as unknown as Table;
  const names = untyped.schema.names.map(String);
  const own = names.map((name, i) => {
    const v = untyped.getChildAt<DataType>(i)!;
    if (v.data.length !== 1) throw new SchemaError('table.chunks', `column "${name}" must be one chunk`);
    return v;
  });
  const fields = [
    ...untyped.schema.fields,
    ...columns.map((c, i) => new Field(c.name, vectors[i]!.type, c.nullable || vectors[i]!.nullCount > 0)),
  ];
  const all = [...own, ...vectors];
  for (let i = 0; i < all.length; i++) {
    if (all[i]!.length !== table.numRows) {
      throw new SchemaError('table.shape', `column "${fields[i]!.name}" has ${all[i]!.length} rows`);
    }
    if (all[i]!.data.length !== 1)
      throw new SchemaError('table.chunks', `column "${fields[i]!.name}" must be one chunk`);
  }
  const schema = new Schema(fields);
  const data = makeData({
    type: new Struct(fields),
    length: table.numRows,
    nullCount: 0,
    children: all.map((v) => v.data[0]!),
  });
  const out: Table = new Table(schema, [new RecordBatch(schema, data)]);
  return out as Table<T & ArrowTypeMapOfColumns<C>>;
}

/** An empty table with the declared columns (typed by them, as {@link tableFromVectors}). */
export function emptyTable<const C extends ColumnSpec>(columns: readonly C[]): TableOfColumns<C> {
  const fields = columns.map((c) => new Field(c.name, arrowTypeOf(c.type), c.nullable));
  return new Table(new Schema(fields)) as TableOfColumns<C>;
}

/**
 * Tables are Apache Arrow tables whose columns follow a declared schema. This file assembles them from
 * finished vectors and checks that a table has the declared shape.
 */
import { Field, RecordBatch, Schema, Struct, Table, makeData, type Vector } from 'apache-arrow';
import type { ColumnSpec, TableSchema } from '../schemas/types.js';
import { SchemaError } from '../errors.js';
import { arrowTypeOf } from './builders.js';

export { Table } from 'apache-arrow';

/** Builds a one-batch Arrow table from columns and their vectors (all of one length). */
export function tableFromVectors(columns: readonly ColumnSpec[], vectors: readonly Vector[]): Table {
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
  return new Table(schema, [new RecordBatch(schema, data)]);
}

/** An empty table with the declared columns. */
export function emptyTable(columns: readonly ColumnSpec[]): Table {
  const fields = columns.map((c) => new Field(c.name, arrowTypeOf(c.type), c.nullable));
  return new Table(new Schema(fields));
}

/** Checks that `table` has exactly the declared columns, types and nullability; throws SchemaError if not. */
export function assertSchema(table: Table, schema: TableSchema): void {
  const declared = schema.openColumns ? schema.columns.filter((c) => c.required) : schema.columns;
  for (const spec of declared) {
    const field = table.schema.fields.find((f) => f.name === spec.name);
    if (!field)
      throw new SchemaError('schema.missing_column', `${schema.layer}.${schema.name} lacks column "${spec.name}"`);
    const expected = arrowTypeOf(spec.type);
    if (String(field.type) !== String(expected)) {
      throw new SchemaError(
        'schema.type',
        `${schema.layer}.${schema.name}.${spec.name} is ${String(field.type)}, declared ${String(expected)}`,
      );
    }
    if (!spec.nullable && table.getChild(spec.name)!.nullCount > 0) {
      throw new SchemaError('schema.not_null', `${schema.layer}.${schema.name}.${spec.name} holds nulls`);
    }
  }
  if (!schema.openColumns && table.schema.fields.length !== schema.columns.length) {
    const extra = table.schema.fields.map((f) => f.name).filter((n) => !schema.columns.some((c) => c.name === n));
    throw new SchemaError(
      'schema.extra_column',
      `${schema.layer}.${schema.name} has undeclared columns ${extra.join(', ')}`,
    );
  }
}

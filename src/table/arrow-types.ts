/**
 * Typed reads of a table's columns and fields. apache-arrow types an untyped `Table`'s columns as `Vector<any>`
 * and its field types as `any`; these read them as `Vector<DataType>` and `DataType`.
 */
import type { DataType, Schema, Table, TypeMap, Vector } from 'apache-arrow';
import { SchemaError } from '../errors.js';

/** The column named `name`; throws SchemaError `table.no_column` (naming the columns there are) if there is none. */
export function vectorOf(table: Table, name: string): Vector<DataType> {
  const v = table.getChildAt<DataType>(table.schema.names.indexOf(name));
  if (!v) throw new SchemaError('table.no_column', `no column "${name}" (have: ${table.schema.names.join(', ')})`);
  return v;
}

/** The declared type of field `name`, or undefined when the table has no such field. */
export function fieldType(table: Table, name: string): DataType | undefined {
  return (table.schema as Schema<TypeMap>).fields.find((f) => f.name === name)?.type;
}

/**
 * Arrow IPC between the client and Spark: result batches read into Arrow tables, and a project table written
 * as the Arrow IPC stream a `LocalRelation` carries (in types Spark's Arrow reader accepts).
 */
import {
  RecordBatch,
  Table,
  Type,
  Utf8,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  type DataType,
  type Schema,
  type Vector,
} from 'apache-arrow';
import { SparkError } from './spark-error.js';

/** Reads one Arrow IPC stream (a result batch or a local relation's data) as a table; may hold no rows. */
export function readArrowStream(bytes: Uint8Array): Table {
  try {
    return tableFromIPC(bytes);
  } catch (e) {
    throw new SparkError('spark.protocol', `the server sent an unreadable Arrow batch (${(e as Error).message})`);
  }
}

/** Joins result tables of one schema into one table (batches kept as they are; no copy). */
export function joinResults(parts: readonly Table[], fallback: Schema | null): Table {
  const first = parts[0];
  if (first === undefined) return fallback === null ? new Table() : new Table(fallback);
  const batches: RecordBatch[] = parts.flatMap((t) => t.batches);
  return batches.length === 0 ? new Table(first.schema) : new Table(batches);
}

/**
 * Writes a table as an Arrow IPC stream for a `LocalRelation`. Dictionary-encoded text becomes plain Utf8,
 * since Spark's Arrow reader takes no dictionaries; other project types (Int32/Int64, Decimal128, DateDay,
 * Utf8) are sent as they are.
 */
export function localRelationBytes(table: Table): Uint8Array {
  const columns: Record<string, Vector> = {};
  for (const field of table.schema.fields) {
    const type = field.type as DataType;
    const v: Vector = table.getChild(field.name)!;
    columns[field.name] = type.typeId === Type.Dictionary ? plainText(v) : v;
  }
  const hasDictionary = table.schema.fields.some((f) => (f.type as DataType).typeId === Type.Dictionary);
  const plain = hasDictionary ? new Table(columns) : table;
  return tableToIPC(plain, 'stream');
}

function plainText(v: Vector): Vector {
  const values: (string | null)[] = [];
  for (let i = 0; i < v.length; i++) values.push(v.get(i) as string | null);
  return vectorFromArray(values, new Utf8());
}

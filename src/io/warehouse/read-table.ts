/**
 * Reads one warehouse table into an Arrow table, in any form the warehouse holds it (see table-files.ts): one
 * `<layer>/<table>.parquet` file, or a folder of Spark part files read in name order and joined into one table
 * (for a Delta table, the current files its log names).
 */
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { InputError } from '../../errors.js';
import type { TableSchema } from '../../schemas/types.js';
import { concatTables } from '../../table/concat.js';
import { emptyTable } from '../../table/table.js';
import type { TableOfSchema } from '../../table/typed-tables.js';
import { readParquet } from '../parquet/read-parquet.js';
import { findTable, NO_PARTS, type Layer } from './table-files.js';

/**
 * Reads table `table` of `layer` from the warehouse folder `warehouse` (`schema` as for `readParquet`). Throws
 * InputError `parquet.missing` when the layer holds no such table or its folder holds no part file,
 * `parquet.unreadable` when it is there in both forms, and `readParquet`'s errors for a part.
 * @example
 * const byYear = await readWarehouseTable('warehouse', 'aggregates', 'profit_by_year', profitByYear);
 * byYear.numRows; // 4 — the same from aggregates/profit_by_year.parquet or from Spark's part files
 */
export async function readWarehouseTable<S extends TableSchema = TableSchema>(
  warehouse: string,
  layer: Layer,
  table: string,
  schema?: S,
): Promise<TableOfSchema<S>> {
  const found = await findTable(warehouse, layer, table);
  if (found === undefined) {
    throw new InputError('parquet.missing', 'file not found', { file: join(warehouse, layer, `${table}.parquet`) });
  }
  if (found.problem !== undefined) {
    const rule = found.problem === NO_PARTS ? 'parquet.missing' : 'parquet.unreadable';
    throw new InputError(rule, found.problem, { file: join(warehouse, found.source) });
  }
  if (found.files.length === 0 && found.deltaColumns !== undefined) {
    // a Delta table with no rows has no current file
    if (schema !== undefined) return emptyTable(schema.columns) as unknown as TableOfSchema<S>;
    throw new InputError('parquet.missing', 'this Delta table holds no rows and no schema was given', {
      file: join(warehouse, found.source),
    });
  }
  const parts: Table[] = await Promise.all(found.files.map((file) => readParquet(file, schema)));
  return (parts.length === 1 ? parts[0]! : concatTables(parts)) as TableOfSchema<S>;
}

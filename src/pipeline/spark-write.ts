/**
 * How the Spark runner writes a table, by `--table-format`: Parquet, a folder of part files
 * (`<layer>/<table>.parquet/`, by `INSERT OVERWRITE DIRECTORY`), or Delta, a Delta table (`<layer>/<table>/` with
 * its `_delta_log/`, by `CREATE TABLE delta.\`…\` AS`). With Delta every table is written by Spark, the client's
 * own tables (customers, products, their rejects, the order rejects, the aggregates) sent as local relations, so
 * the whole warehouse is Delta; with Parquet the client writes those itself.
 */
import { join, resolve } from 'node:path';
import { writeLayers, type LayerTables } from './write-layers.js';
import { EnvironmentError } from '../errors.js';
import type { SparkSession } from '../spark/session.js';
import { SparkError } from '../spark/spark-error.js';
import { sqlIdentifier, sqlString } from '../spark/sql-text.js';

/** The table formats of `--table-format`. */
export const TABLE_FORMATS = ['parquet', 'delta'] as const;

/** A table format of the Spark engine. */
export type TableFormat = (typeof TABLE_FORMATS)[number];

/**
 * A table's path relative to the warehouse: `<layer>/<table>.parquet` for Parquet, `<layer>/<table>` for Delta.
 * @example
 * tablePath('enriched', 'orders', 'delta'); // 'enriched/orders'
 */
export function tablePath(layer: string, table: string, format: TableFormat): string {
  return join(layer, format === 'delta' ? table : `${table}.parquet`);
}

/** Spark writes the rows of `query` as the table at `dir` (absolute), in `format`. */
export async function writeSparkTable(
  session: SparkSession,
  dir: string,
  query: string,
  format: TableFormat,
): Promise<void> {
  const at = sqlString(resolve(dir));
  if (format === 'parquet') await session.command(`INSERT OVERWRITE DIRECTORY ${at} USING parquet ${query}`);
  else await session.command(`CREATE TABLE delta.${sqlIdentifier(resolve(dir))} USING delta AS ${query}`);
}

/**
 * The write stage of the Spark runner: Parquet tables written by the client (`writeLayers`), Delta tables by
 * Spark from local relations; then quality.json (client). Returns each table's path and rows.
 * @example
 * await writeClientTables(session, staging, layers, quality, () => {}, 'delta');
 * // [{ path: 'raw/customers', rows: 793 }, …]
 */
export async function writeClientTables(
  session: SparkSession,
  stagingDir: string,
  layers: LayerTables,
  quality: unknown,
  checkpoint: () => void,
  format: TableFormat,
): Promise<{ readonly path: string; readonly rows: number }[]> {
  if (format === 'parquet') return writeLayers(stagingDir, layers, quality, checkpoint);
  const written: { path: string; rows: number }[] = [];
  for (const [layer, byName] of layers) {
    for (const [name, table] of Object.entries(byName)) {
      checkpoint();
      const path = tablePath(layer, name, format);
      const view = `ef_write_${layer}_${name}`;
      await session.createTempView(view, table);
      await writeSparkTable(session, join(stagingDir, path), `SELECT * FROM ${view}`, format);
      written.push({ path, rows: table.numRows });
    }
  }
  await writeLayers(stagingDir, [], quality, checkpoint);
  return written;
}

/**
 * Whether the server reads and writes Delta: a read of a path that does not exist is PATH_NOT_FOUND (or a Delta
 * error) with Delta Lake loaded, an unknown table `delta`.`…` or data source without it.
 * @example
 * await hasDelta(session, '/w/.no-such-table'); // true on Databricks or a server started with SPARK_DELTA=1
 */
export async function hasDelta(session: SparkSession, missingPath: string): Promise<boolean> {
  try {
    await session.sql(`SELECT 1 FROM delta.${sqlIdentifier(resolve(missingPath))} LIMIT 0`);
    return true;
  } catch (e) {
    if (!(e instanceof SparkError)) throw e;
    const known = ['TABLE_OR_VIEW_NOT_FOUND', 'DATA_SOURCE_NOT_FOUND', 'UNSUPPORTED_DATASOURCE_FOR_DIRECT_QUERY'];
    if (e.errorClass !== null && known.includes(e.errorClass)) return false;
    return true; // PATH_NOT_FOUND, DELTA_* : Delta answered
  }
}

/** Throws EnvironmentError `spark.no_delta` (exit 1) before any work when `--table-format delta` cannot be written. */
export async function assertDelta(session: SparkSession, missingPath: string, remote: string): Promise<void> {
  if (await hasDelta(session, missingPath)) return;
  throw new EnvironmentError(
    'spark.no_delta',
    `--table-format delta: the Spark server ${remote} has no Delta Lake; start it with the delta-spark package ` +
      'and its SQL extension and catalog (locally: SPARK_DELTA=1 scripts/spark/server.sh start), or use ' +
      '--table-format parquet',
    remote,
  );
}

/**
 * The locked DuckDB engine over one warehouse: an in-memory database with one schema per layer and one VIEW
 * per table (a Parquet file or a folder of part files), then locked — no file access beyond those Parquet files,
 * no spilling to disk, no extension loading, configuration frozen — so it can only read the warehouse. A table
 * DuckDB cannot open is left out and remembered as damaged; the others stay queryable.
 */
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckdb } from './duckdb-api.js';
import { cleanDuckDbMessage, type DamagedTable } from './duckdb-error.js';
import type { TableListing } from './show-tables.js';
import { LAYERS, type TableSource } from '../io/warehouse/table-files.js';
import type { DeltaColumn } from '../io/warehouse/delta-log.js';
import { sqlIdent, sqlLiteral } from './sql-text.js';

/** An open engine. The views and the lock are the database's, so every connection to `instance` has them. */
export interface Engine {
  /** The warehouse folder, resolved. */
  readonly root: string;
  readonly instance: DuckDBInstance;
  /** The connection that built the views; further connections come from `instance.connect()`. */
  readonly connection: DuckDBConnection;
  /** The readable tables, `layer.table`, sorted. */
  readonly tables: readonly string[];
  readonly damaged: readonly DamagedTable[];
  /** Every Parquet file behind a readable table → the table's name. */
  readonly files: ReadonlyMap<string, string>;
  /** What `show tables` prints. */
  readonly listings: readonly TableListing[];
  close(): void;
}

/**
 * Builds the locked engine over the tables found in `root` (see `findTables`).
 * @example
 * const engine = await openEngine('/w', await findTables('/w'));
 * engine.tables; // ['aggregates.profit_by_year', 'enriched.orders', …]
 */
export async function openEngine(root: string, sources: readonly TableSource[]): Promise<Engine> {
  const instance = await duckdb().DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    connection.closeSync();
    instance.closeSync();
  };
  try {
    for (const layer of LAYERS) await connection.run(`CREATE SCHEMA ${sqlIdent(layer)}`);
    const damaged: DamagedTable[] = [];
    const readable: TableSource[] = [];
    for (const t of sources) {
      const problem = t.problem ?? (await createView(connection, t));
      if (problem === undefined) readable.push(t);
      else damaged.push({ name: t.name, file: blamedFile(root, t, problem), reason: problem });
    }
    const files = new Map(readable.flatMap((t) => t.files.map((f) => [f, t.name] as const)));
    await lock(connection, [...files.keys()]);
    const problems = new Map(damaged.map((d) => [d.name, d.reason]));
    return {
      root,
      instance,
      connection,
      tables: readable.map((t) => t.name).sort(),
      damaged,
      files,
      listings: sources.map((t) => ({ name: t.name, source: t.source, problem: problems.get(t.name) ?? null })),
      close,
    };
  } catch (error) {
    close();
    throw error;
  }
}

/**
 * The statement that makes a table's view `layer.table` over its Parquet files.
 * @example
 * tableViewSql(source);
 * // `CREATE VIEW "enriched"."orders" AS SELECT * FROM read_parquet(['/w/enriched/orders.parquet'])`
 */
export function tableViewSql(t: TableSource): string {
  const files = t.files.map(sqlLiteral).join(', ');
  const rows =
    t.files.length === 0 && t.deltaColumns !== undefined
      ? emptyDeltaRows(t.deltaColumns) // a Delta table without rows has no current file: its columns, no rows
      : `SELECT * FROM read_parquet([${files}])`;
  return `CREATE VIEW ${sqlIdent(t.layer)}.${sqlIdent(t.table)} AS ${rows}`;
}

/** Creates the table's view; returns DuckDB's reason when it cannot (a truncated file has no footer). */
async function createView(connection: DuckDBConnection, t: TableSource): Promise<string | undefined> {
  try {
    await connection.run(tableViewSql(t));
    return undefined;
  } catch (error) {
    return cleanDuckDbMessage(error instanceof Error ? error.message : String(error));
  }
}

/** No rows, in the columns of a Delta table's schema (Spark's type names as DuckDB's; others as text). */
function emptyDeltaRows(columns: readonly DeltaColumn[]): string {
  const types: Record<string, string> = {
    string: 'VARCHAR',
    long: 'BIGINT',
    integer: 'INTEGER',
    short: 'SMALLINT',
    byte: 'TINYINT',
    boolean: 'BOOLEAN',
    double: 'DOUBLE',
    float: 'FLOAT',
    date: 'DATE',
    timestamp: 'TIMESTAMPTZ',
    timestamp_ntz: 'TIMESTAMP',
    binary: 'BLOB',
  };
  const type = (t: string): string => (/^decimal\(\d+,\d+\)$/.test(t) ? t.toUpperCase() : (types[t] ?? 'VARCHAR'));
  if (columns.length === 0) return 'SELECT NULL AS "column" WHERE false';
  return `SELECT ${columns.map((c) => `CAST(NULL AS ${type(c.type)}) AS ${sqlIdent(c.name)}`).join(', ')} WHERE false`;
}

/** The part file DuckDB names in its reason, else the table's file or folder. */
function blamedFile(root: string, t: TableSource, reason: string): string {
  return t.files.find((f) => reason.includes(f)) ?? (t.files.length === 1 ? t.files[0]! : join(root, t.source));
}

/** Second layer: only the warehouse's Parquet files stay readable, no spilling to disk, settings frozen. */
async function lock(connection: DuckDBConnection, paths: readonly string[]): Promise<void> {
  await connection.run(`SET temp_directory = ''`);
  if (paths.length > 0) await connection.run(`SET allowed_paths = [${paths.map(sqlLiteral).join(', ')}]`);
  await connection.run('SET enable_external_access = false');
  await connection.run('SET lock_configuration = true');
}

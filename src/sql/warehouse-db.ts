/**
 * DuckDB over a warehouse: an in-memory database with one schema per layer (`raw`, `enriched`, `rejects`,
 * `aggregates`) and one VIEW per Parquet file, then locked — no file access beyond those Parquet files, no
 * extension loading, configuration frozen — so it can only read the warehouse. The statement guard
 * (read-only.ts) refuses anything but SELECT/EXPLAIN before a statement runs.
 */
import { realpath, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../errors.js';
import { WAREHOUSE_MARKER } from '../schemas/warehouse-layout.js';
import { sqlError } from './duckdb-error.js';
import { prepareReadOnly } from './read-only.js';
import { toQueryResult, type QueryResult } from './query-result.js';

/** The warehouse layers, each a SQL schema. */
export const LAYERS = ['raw', 'enriched', 'rejects', 'aggregates'] as const;

/** How to open a warehouse. */
export interface OpenOptions {
  /** Require the `_ecomflow_warehouse.json` marker (default true); the pipeline turns it off for its staging folder. */
  readonly requireMarker?: boolean;
}

/** An open, locked, read-only database over one warehouse. Close it when done. */
export interface WarehouseDb {
  /** The warehouse folder, resolved. */
  readonly warehouse: string;
  /** The tables that exist, as `layer.table`, sorted. */
  readonly tables: readonly string[];
  /** The locked connection itself, bypassing the statement guard (for tests of the engine lock). */
  readonly connection: DuckDBConnection;
  /** Runs read-only SQL (several statements allowed: the last one's result is returned). */
  run(sql: string): Promise<QueryResult>;
  close(): void;
}

/**
 * Opens a warehouse for SQL; throws InputError when the folder or its marker is missing.
 * @example
 * const db = await openWarehouse('warehouse');
 * try { await db.run('select count(*) as n from enriched.orders'); } finally { db.close(); } // rows [[9994]]
 */
export async function openWarehouse(
  warehouse: string,
  { requireMarker = true }: OpenOptions = {},
): Promise<WarehouseDb> {
  const root = await warehouseRoot(warehouse, requireMarker);
  const files = await parquetFiles(root);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const close = (): void => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    for (const layer of LAYERS) await connection.run(`CREATE SCHEMA ${ident(layer)}`);
    for (const f of files) {
      await connection.run(
        `CREATE VIEW ${ident(f.layer)}.${ident(f.table)} AS SELECT * FROM read_parquet(${literal(f.path)})`,
      );
    }
    await lock(
      connection,
      files.map((f) => f.path),
    );
  } catch (error) {
    close();
    throw error;
  }
  const tables = files.map((f) => `${f.layer}.${f.table}`).sort();
  return {
    warehouse: root,
    tables,
    connection,
    async run(sql: string): Promise<QueryResult> {
      try {
        const statements = await prepareReadOnly(connection, sql);
        let result: QueryResult = { columns: [], rows: [] };
        for (const statement of statements) result = toQueryResult(await statement.runAndReadAll());
        return result;
      } catch (error) {
        throw sqlError(error, tables);
      }
    },
    close,
  };
}

/**
 * Runs read-only SQL over a warehouse's tables (`raw.orders`, `enriched.orders`, `aggregates.profit_by_year`…).
 * @example
 * await query('warehouse', 'select order_year, profit from aggregates.profit_by_year order by 1 limit 1');
 * // { columns: [{ name: 'order_year', type: 'INTEGER' }, { name: 'profit', type: 'DECIMAL(18,2)' }],
 * //   rows: [[2014, '39185.75']] }
 */
export async function query(warehouse: string, sql: string, options: OpenOptions = {}): Promise<QueryResult> {
  const db = await openWarehouse(warehouse, options);
  try {
    return await db.run(sql);
  } finally {
    db.close();
  }
}

/** Second layer: only the warehouse's Parquet files stay readable, no spilling to disk, settings frozen. */
async function lock(connection: DuckDBConnection, paths: readonly string[]): Promise<void> {
  await connection.run(`SET temp_directory = ''`);
  if (paths.length > 0) await connection.run(`SET allowed_paths = [${paths.map(literal).join(', ')}]`);
  await connection.run('SET enable_external_access = false');
  await connection.run('SET lock_configuration = true');
}

async function warehouseRoot(warehouse: string, requireMarker: boolean): Promise<string> {
  let root: string;
  try {
    root = await realpath(warehouse);
    if (!(await stat(root)).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new InputError('sql.no_warehouse', 'warehouse folder not found', { file: warehouse });
  }
  if (requireMarker) {
    try {
      await stat(join(root, WAREHOUSE_MARKER));
    } catch {
      throw new InputError('sql.not_a_warehouse', `is not an ecomflow warehouse (no ${WAREHOUSE_MARKER})`, {
        file: warehouse,
      });
    }
  }
  return root;
}

async function parquetFiles(root: string): Promise<{ layer: string; table: string; path: string }[]> {
  const out: { layer: string; table: string; path: string }[] = [];
  for (const layer of LAYERS) {
    let names: string[];
    try {
      names = await readdir(join(root, layer));
    } catch {
      continue; // a layer without tables
    }
    for (const name of names.filter((n) => n.endsWith('.parquet')).sort()) {
      out.push({ layer, table: name.slice(0, -'.parquet'.length), path: join(root, layer, name) });
    }
  }
  return out;
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

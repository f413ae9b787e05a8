/**
 * SQL over a warehouse: `openWarehouse` for a database of one's own (closed by the caller), `query` for one
 * query over a cached engine (engine-cache.ts). Every statement passes the statement guard (read-only.ts)
 * before it runs, on an engine that is itself locked (engine.ts).
 */
import type { DuckDBConnection, DuckDBPreparedStatement, DuckDBType } from '@duckdb/node-api';
import { EcomflowError, InputError } from '../errors.js';
import { WAREHOUSE_MARKER } from '../schemas/warehouse-layout.js';
import { findDamagedFile, mayBeDamage } from './damage-check.js';
import { cleanDuckDbMessage, damagedTableError, sqlError, type DamagedTable } from './duckdb-error.js';
import { openEngine, type Engine } from './engine.js';
import { acquireEngine } from './engine-cache.js';
import { prepareReadOnly } from './read-only.js';
import { collect, StreamFailure, streamResult, type QueryStream } from './result-stream.js';
import { rewriteShowTables } from './show-tables.js';
import { splitStatements } from './statements.js';
import { referencedTables } from './table-refs.js';
import { locateWarehouse } from '../io/warehouse/locate.js';
import { LAYERS, findTable, findTables, type Layer, type TableSource } from '../io/warehouse/table-files.js';
import { preparedColumns, type Cell, type QueryResult, type ResultColumn } from './query-result.js';
import { previewQuery, previewRows } from './preview-sql.js';
import { csvLinesQuery } from './csv-sql.js';
import type { CsvOptions } from './format-csv.js';
import { writeCsv, writeCsvLines } from './write-result.js';

export { LAYERS };

/** How to open a warehouse. */
export interface OpenOptions {
  /** Require the `_ecomflow_warehouse.json` marker (default true); the pipeline turns it off for its staging folder. */
  readonly requireMarker?: boolean;
  /**
   * Open only these tables (`layer.table`), when present: the pipeline's SQL answers read `enriched.orders`
   * while the run is still writing the other tables, whose files must not be opened half-written.
   */
  readonly tables?: readonly string[];
}

/** What `exportCsv` did: rows written, and whether DuckDB or JavaScript rendered the lines (csv-sql.ts). */
export interface CsvExport {
  /** The result's columns (the CSV header). */
  readonly columns: readonly ResultColumn[];
  readonly rows: number;
  readonly renderedBy: 'duckdb' | 'javascript';
}

/** The first rows of a result and its row count (what the table format prints). */
export interface Preview {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly (readonly Cell[])[];
  readonly total: number;
}

/** An open, locked, read-only database over one warehouse. Close it when done. */
export interface WarehouseDb {
  /** The warehouse folder, resolved. */
  readonly warehouse: string;
  /** The readable tables, as `layer.table`, sorted. */
  readonly tables: readonly string[];
  /** Tables DuckDB could not open (a truncated file…): queries that touch one fail naming its file. */
  readonly damaged: readonly DamagedTable[];
  /** The locked connection itself, bypassing the statement guard (for tests of the engine lock). */
  readonly connection: DuckDBConnection;
  /**
   * Runs read-only SQL (several statements allowed: the last one's result is returned, held in memory), on a
   * connection of its own: several runs may be under way at once.
   */
  run(sql: string): Promise<QueryResult>;
  /** Runs read-only SQL and streams the last statement's rows as DuckDB yields them (read it before the next). */
  stream(sql: string): Promise<QueryStream>;
  /**
   * Runs read-only SQL and writes the last statement's rows to `out` as CSV (as `writeCsv` writes them, lines
   * rendered by DuckDB where csv-sql.ts can); returns the row count and which engine rendered the lines.
   */
  exportCsv(sql: string, out: NodeJS.WritableStream, options?: CsvOptions): Promise<CsvExport>;
  /**
   * Runs read-only SQL and returns the last statement's first `maxRows` rows and its row count, in one pass and
   * bounded memory whatever the row count (see preview-sql.ts).
   */
  preview(sql: string, maxRows: number): Promise<Preview>;
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
  { requireMarker = true, tables }: OpenOptions = {},
): Promise<WarehouseDb> {
  const root = await warehouseRoot(warehouse, requireMarker);
  const engine = await openEngine(
    root,
    tables === undefined ? await findTables(root) : await namedTables(root, tables),
  );
  const stream = async (sql: string): Promise<QueryStream> => (await streamOn(engine, engine.connection, sql)).stream;
  return {
    warehouse: root,
    tables: engine.tables,
    damaged: engine.damaged,
    connection: engine.connection,
    stream,
    exportCsv: async (sql, out, options = {}) => {
      const wrap = (statement: string, columns: readonly ResultColumn[]): string | undefined =>
        csvLinesQuery(statement, columns, options);
      const run = await streamOn(engine, engine.connection, sql, wrap);
      const { columns } = run;
      return run.wrapped
        ? { columns, rows: await writeCsvLines(columns, run.stream, out), renderedBy: 'duckdb' }
        : { columns, rows: await writeCsv(run.stream, out, options), renderedBy: 'javascript' };
    },
    preview: async (sql, maxRows) => {
      const limit = Math.max(0, Math.floor(maxRows));
      const wrap = (statement: string, columns: readonly ResultColumn[]): string =>
        previewQuery(statement, columns.length, limit);
      const run = await streamOn(engine, engine.connection, sql, wrap);
      const rows: Cell[][] = [];
      let total = 0;
      for await (const chunk of run.stream.chunks()) {
        if (run.wrapped) {
          const [count, shown] = chunk.values()[0] ?? [];
          total = Number(count ?? 0);
          rows.push(...previewRows(shown ?? null, run.types));
        } else {
          // a statement DuckDB does not take as a subquery (EXPLAIN…): small results, counted as they come
          if (rows.length < limit) for (const row of chunk.rows().slice(0, limit - rows.length)) rows.push(row);
          total += chunk.rowCount;
        }
      }
      return { columns: run.columns, rows, total };
    },
    run: (sql) => runOnOwnConnection(engine, sql),
    close: () => {
      engine.close();
    },
  };
}

/**
 * Runs read-only SQL over a warehouse's tables (`raw.orders`, `enriched.orders`, `aggregates.profit_by_year`…)
 * on the warehouse's cached engine (opened on first use, reopened when its tables change; see engine-cache.ts).
 * @example
 * await query('warehouse', 'select order_year, profit from aggregates.profit_by_year order by 1 limit 1');
 * // { columns: [{ name: 'order_year', type: 'INTEGER' }, { name: 'profit', type: 'DECIMAL(18,2)' }],
 * //   rows: [[2014, '39185.75']] }
 */
export async function query(warehouse: string, sql: string, options: OpenOptions = {}): Promise<QueryResult> {
  const root = await warehouseRoot(warehouse, options.requireMarker ?? true);
  const lease = await acquireEngine(root, await findTables(root));
  try {
    return await runOnOwnConnection(lease.engine, sql);
  } finally {
    lease.release();
  }
}

/** Runs `sql` on a connection of its own to `engine` (so runs may overlap), its last result held in memory. */
async function runOnOwnConnection(engine: Engine, sql: string): Promise<QueryResult> {
  const connection = await engine.instance.connect();
  try {
    return await collect((await streamOn(engine, connection, sql)).stream);
  } finally {
    connection.closeSync();
  }
}

/** A running query: its stream, the columns of its last statement, and whether `wrap` was applied to it. */
interface Running {
  readonly stream: QueryStream;
  readonly columns: readonly ResultColumn[];
  readonly types: readonly DuckDBType[];
  readonly wrapped: boolean;
}

/**
 * Checks and runs `sql` on `connection`; all statements but the last run to their end, the last one streams.
 * `wrap` may turn the last statement's text into a query over it (checked by the guard in turn); when it
 * gives none, or its query does not prepare, the statement streams as it is.
 */
async function streamOn(
  engine: Engine,
  connection: DuckDBConnection,
  sql: string,
  wrap?: (statement: string, columns: readonly ResultColumn[]) => string | undefined,
): Promise<Running> {
  const text = rewriteShowTables(sql, engine.listings);
  const explain = (error: unknown): Promise<EcomflowError> => explainError(error, engine, connection, text);
  try {
    const statements = await prepareReadOnly(connection, text);
    for (const statement of statements.slice(0, -1)) await statement.run();
    const last = statements.at(-1)!;
    const types = Array.from({ length: last.columnCount }, (_, i) => last.columnType(i));
    const columns = preparedColumns(last);
    const wrapped =
      wrap === undefined ? undefined : await prepareWrapped(connection, text, statements.length, columns, wrap);
    const stream = streamResult(await (wrapped ?? last).stream(), explain);
    return { stream, columns, types, wrapped: wrapped !== undefined };
  } catch (error) {
    throw await explain(error);
  }
}

/** The wrapped last statement, prepared; undefined when there is none (the text's statements must line up). */
async function prepareWrapped(
  connection: DuckDBConnection,
  text: string,
  count: number,
  columns: readonly ResultColumn[],
  wrap: (statement: string, columns: readonly ResultColumn[]) => string | undefined,
): Promise<DuckDBPreparedStatement | undefined> {
  const scanned = splitStatements(text);
  const query = scanned.length === count ? wrap(scanned.at(-1)!.text, columns) : undefined;
  if (query === undefined) return undefined;
  try {
    const prepared = await prepareReadOnly(connection, query);
    return prepared.length === 1 ? prepared[0] : undefined;
  } catch {
    return undefined; // e.g. a statement DuckDB does not take as a subquery: it streams as it is
  }
}

/**
 * The InputError for a failed query. Asks DuckDB which tables the query reads when that decides the message:
 * a table missing because it is damaged, or a failure that may come from a damaged file DuckDB did not name.
 */
async function explainError(
  error: unknown,
  engine: Engine,
  connection: DuckDBConnection,
  sql: string,
): Promise<EcomflowError> {
  if (error instanceof StreamFailure) return explainStreamFailure(error, engine, connection, sql);
  const context = { tables: engine.tables, damaged: engine.damaged, files: engine.files };
  if (error instanceof EcomflowError) return error;
  const message = cleanDuckDbMessage(error instanceof Error ? error.message : String(error));
  const missing = engine.damaged.length > 0 && message.startsWith('Catalog Error:');
  if (!missing && !mayBeDamage(message, engine)) return sqlError(error, context);
  const referenced = await referencedTables(connection, sql);
  if (referenced === undefined) return sqlError(error, context);
  const damaged = missing ? undefined : await findDamagedFile(engine, referenced);
  return damaged === undefined ? sqlError(error, { ...context, referenced }) : damagedTableError(damaged);
}

/**
 * The reason for a stream that ended failed (see StreamFailure): the last statement runs again under
 * `EXPLAIN ANALYZE` (checked by the statement guard like any query), which executes it whole but keeps no
 * rows, and its error is the reason; when it does not fail again, the files of the tables it reads are checked;
 * else the message says the reason is unknown.
 */
async function explainStreamFailure(
  failure: StreamFailure,
  engine: Engine,
  connection: DuckDBConnection,
  sql: string,
): Promise<EcomflowError> {
  const last = splitStatements(sql).at(-1)?.text;
  if (last !== undefined) {
    try {
      // through the guard again: the text re-run is checked as any query is
      for (const statement of await prepareReadOnly(connection, `EXPLAIN ANALYZE ${last}`)) await statement.run();
    } catch (error) {
      // the guard's refusal or a parse error means the re-run is not possible, not the reason
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof EcomflowError) && !/^Parser Error:/.test(message)) {
        return explainError(error, engine, connection, sql);
      }
    }
  }
  const referenced = await referencedTables(connection, sql);
  const damaged = referenced === undefined ? undefined : await findDamagedFile(engine, referenced);
  return damaged === undefined ? new InputError('sql.failed', failure.message) : damagedTableError(damaged);
}

/** The tables named `layer.table` that `root` holds (only those folders are listed, no other file is opened). */
async function namedTables(root: string, names: readonly string[]): Promise<TableSource[]> {
  const found: TableSource[] = [];
  for (const name of names) {
    const [layer, table] = name.split('.') as [string, string | undefined];
    if (table === undefined || !(LAYERS as readonly string[]).includes(layer)) continue;
    const source = await findTable(root, layer as Layer, table);
    if (source !== undefined) found.push(source);
  }
  return found;
}

/**
 * The warehouse's real path; throws InputError when there is no such folder, or no marker where one is required.
 * @example
 * await warehouseRoot('./warehouse', true); // '/home/me/warehouse'
 */
export async function warehouseRoot(warehouse: string, requireMarker: boolean): Promise<string> {
  const found = await locateWarehouse(warehouse);
  if (found === null) throw new InputError('sql.no_warehouse', 'warehouse folder not found', { file: warehouse });
  if (requireMarker && !found.marked) {
    throw new InputError('sql.not_a_warehouse', `is not an ecomflow warehouse (no ${WAREHOUSE_MARKER})`, {
      file: warehouse,
    });
  }
  return found.root;
}

/**
 * CSV files written by DuckDB's own `COPY … TO`, for the package's own queries (the SQL answers): DuckDB renders
 * each line (csv-sql.ts, the text `csvLine` writes) and writes the file on its threads, so no row ever becomes
 * a JavaScript value. `COPY` needs file access, which the locked engine of `ecomflow sql` refuses (engine.ts):
 * this engine is a private one, over the tables it is given, and runs no SQL but the caller's. DuckDB's CSV writer
 * quotes by rules of its own (a `#` is quoted), so it writes the rendered lines verbatim: no quote, no escape,
 * and the header is the name of the one column.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { TableSource } from '../io/warehouse/table-files.js';
import { csvLinesQuery } from './csv-sql.js';
import { duckdb } from './duckdb-api.js';
import { tableViewSql } from './engine.js';
import { csvHeader, type CsvOptions } from './format-csv.js';
import { preparedColumns, resultColumns, rowConverter, type QueryResult, type ResultColumn } from './query-result.js';
import { sqlIdent, sqlLiteral } from './sql-text.js';

/** What `CsvCopier.copy` wrote: the result's columns (the header) and its row count. */
export interface CsvCopy {
  readonly columns: readonly ResultColumn[];
  readonly rows: number;
}

/** An engine that writes query results as CSV files. Close it when done. */
export interface CsvCopier {
  /**
   * Writes the rows of `sql` (one query) to `file` as `writeCsv` would (header, then one line per row); returns
   * the columns and row count, or undefined when DuckDB cannot render a column's type as the JavaScript writer
   * does (the caller writes that result itself).
   */
  copy(sql: string, file: string, options?: CsvOptions): Promise<CsvCopy | undefined>;
  /** Runs `sql` (one query) and returns its rows converted as `query` converts them. */
  run(sql: string): Promise<QueryResult>;
  close(): void;
}

/**
 * Opens a private DuckDB with one view per table of `tables`, named `layer.table` as in `ecomflow sql`.
 * @example
 * const copier = await openCsvCopier([await findTable(root, 'enriched', 'orders')]);
 * try { await copier.copy('select * from enriched.orders', 'orders.csv'); } finally { copier.close(); }
 */
export async function openCsvCopier(tables: readonly TableSource[]): Promise<CsvCopier> {
  const instance = await duckdb().DuckDBInstance.create(':memory:');
  let connection: DuckDBConnection | undefined;
  try {
    connection = await instance.connect();
    for (const layer of new Set(tables.map((t) => t.layer))) await connection.run(`CREATE SCHEMA ${sqlIdent(layer)}`);
    for (const t of tables) await connection.run(tableViewSql(t));
  } catch (error) {
    close(instance, connection);
    throw error;
  }
  const open = connection;
  return {
    copy: (sql, file, options) => copyCsv(open, sql, file, options),
    run: async (sql) => {
      const result = await open.run(sql);
      const convert = rowConverter(result.columnTypes());
      const rows = (await result.getRows()).map(convert);
      return { columns: resultColumns(result.columnNames(), result.columnTypes()), rows };
    },
    close: () => {
      close(instance, open);
    },
  };
}

async function copyCsv(
  connection: DuckDBConnection,
  sql: string,
  file: string,
  options: CsvOptions = {},
): Promise<CsvCopy | undefined> {
  const prepared = await connection.prepare(sql);
  const columns = preparedColumns(prepared);
  prepared.destroySync();
  const lines = csvLinesQuery(sql, columns, options);
  if (lines === undefined) return undefined;
  const header = csvHeader(columns).slice(0, -1);
  const copied = await connection.run(
    `COPY (SELECT line AS ${sqlIdent(header)} FROM (${lines})) TO ${sqlLiteral(file)} ` +
      `(FORMAT csv, HEADER true, QUOTE '', ESCAPE '')`,
  );
  const rows = await copied.getRows();
  return { columns, rows: Number(rows[0]?.[0] ?? 0) };
}

function close(instance: DuckDBInstance, connection: DuckDBConnection | undefined): void {
  connection?.closeSync();
  instance.closeSync();
}

/**
 * A query's result as DuckDB yields it: the columns at once, then the rows chunk by chunk (DuckDB's vectors,
 * up to 2,048 rows each), so a result of any size passes through in bounded memory.
 */
import type { DuckDBResult, DuckDBValue } from '@duckdb/node-api';
import { duckdb } from './duckdb-api.js';
import { resultColumns, rowConverter, type Cell, type QueryResult, type ResultColumn } from './query-result.js';

/** One chunk of rows; its rows are converted only when asked for (a row count alone costs nothing). */
export interface ResultChunk {
  readonly rowCount: number;
  /** The chunk's rows as cells, converted as `query` converts them. */
  rows(): Cell[][];
  /** The chunk's rows as DuckDB's own values (lists and structs as objects), unconverted. */
  values(): DuckDBValue[][];
}

/**
 * A streaming result: `chunks()` can be read once, and must be read to its end (or abandoned) before the
 * connection runs another query.
 * @example
 * const stream = await db.stream('select range from range(5000000)');
 * for await (const chunk of stream.chunks()) total += chunk.rowCount;
 */
export interface QueryStream {
  readonly columns: readonly ResultColumn[];
  chunks(): AsyncIterableIterator<ResultChunk>;
}

/**
 * A stream DuckDB ended early because its query failed. DuckDB's node bindings end a failed stream exactly as a
 * finished one and drop the reason (the C API's `duckdb_result_error` is not exposed); only the result's return
 * type, which turns INVALID, tells them apart. `mapError` receives this and finds the reason.
 */
export class StreamFailure extends Error {
  constructor(
    /** Rows yielded before the failure. */
    readonly rowsRead: number,
  ) {
    super(`the query failed after ${rowsRead} rows had been read, and DuckDB gave no reason`);
    this.name = 'StreamFailure';
  }
}

/**
 * Wraps a DuckDB (streaming) result; errors raised while fetching, and a `StreamFailure` when the stream ends
 * failed, go through `mapError` (DuckDB meets some failures, such as a damaged Parquet page, only when the rows
 * are fetched).
 */
export function streamResult(result: DuckDBResult, mapError: (error: unknown) => Promise<Error>): QueryStream {
  const types = result.columnTypes();
  const convert = rowConverter(types);
  let read = false;
  return {
    columns: resultColumns(result.columnNames(), types),
    async *chunks() {
      if (read) throw new Error('a query stream can be read once');
      read = true;
      let rows = 0;
      for (;;) {
        let chunk;
        try {
          chunk = await result.fetchChunk();
        } catch (error) {
          throw await mapError(error);
        }
        if (chunk === null || chunk.rowCount === 0) {
          if (result.returnType === duckdb().ResultReturnType.INVALID) throw await mapError(new StreamFailure(rows));
          return;
        }
        rows += chunk.rowCount;
        const fetched = chunk;
        yield {
          rowCount: fetched.rowCount,
          rows: () => fetched.getRows().map(convert),
          values: () => fetched.getRows(),
        };
      }
    },
  };
}

/**
 * Reads a whole stream into a `QueryResult` (its rows are all held in memory).
 * @example
 * await collect(await db.stream('select 1 as a')); // { columns: [{ name: 'a', type: 'INTEGER' }], rows: [[1]] }
 */
export async function collect(stream: QueryStream): Promise<QueryResult> {
  const rows: Cell[][] = [];
  for await (const chunk of stream.chunks()) for (const row of chunk.rows()) rows.push(row);
  return { columns: stream.columns, rows };
}

/**
 * A small DuckDB harness for tests: an in-memory database per call, rows with exact text for
 * BIGINT, DECIMAL and DATE values ('9007199254740993', '12.34', '2016-08-21') so tests compare exact values.
 */
import { DuckDBInstance } from '@duckdb/node-api';

/** Runs one SQL statement and returns its rows as plain objects. */
export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/**
 * Opens an in-memory DuckDB, hands `fn` a query function, and closes the database afterwards.
 * @example
 * const rows = await withDuck((q) => q("SELECT 12.34::DECIMAL(18,2) AS p")); // [{ p: '12.34' }]
 */
export async function withDuck<T>(fn: (q: Query) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await fn(async (sql) => {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJson();
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Quotes a file path as a SQL string literal. */
export function sqlPath(file: string): string {
  return `'${file.replaceAll("'", "''")}'`;
}

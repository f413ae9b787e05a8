/**
 * Finds the damaged file behind a failure DuckDB reports without naming one. Most damage names its file
 * (`Failed to read file "…": Snappy decompression failure`), but a garbled page header can surface as
 * `Invalid Error: Parquet file is likely corrupted, …` with no path. Then, and only then, the files of the
 * tables the query reads are scanned one by one, and the first that fails is named.
 */
import type { DamagedTable } from './duckdb-error.js';
import { cleanDuckDbMessage } from './duckdb-error.js';
import type { Engine } from './engine.js';

/** DuckDB error classes that a damaged file raises without naming it (never a user's own SQL error). */
const SUSPECT = /^(?:Invalid|IO|Internal|INTERNAL|Serialization) Error:/;

/** Whether a failure (DuckDB's message, cleaned) calls for scanning the tables' files. */
export function mayBeDamage(message: string, engine: Engine): boolean {
  return SUSPECT.test(message) && ![...engine.files.keys()].some((f) => message.includes(f));
}

/**
 * Scans every file of the `referenced` tables (`layer.table`, lower-cased) and returns the first that cannot be
 * read, with DuckDB's reason; undefined when all read.
 * @example
 * await findDamagedFile(engine, ['enriched.orders']);
 * // { name: 'enriched.orders', file: '/w/enriched/orders.parquet',
 * //   reason: 'Invalid Error: Parquet file is likely corrupted, …' }
 */
export async function findDamagedFile(
  engine: Engine,
  referenced: readonly string[],
): Promise<DamagedTable | undefined> {
  const wanted = new Set(referenced);
  const connection = await engine.instance.connect();
  try {
    for (const [file, name] of engine.files) {
      if (!wanted.has(name.toLowerCase())) continue;
      try {
        const result = await connection.stream(`select * from read_parquet('${file.replaceAll("'", "''")}')`);
        while (((await result.fetchChunk())?.rowCount ?? 0) > 0) {
          // read to the end: only a failure matters
        }
      } catch (error) {
        return { name, file, reason: cleanDuckDbMessage(error instanceof Error ? error.message : String(error)) };
      }
    }
    return undefined;
  } finally {
    connection.closeSync();
  }
}

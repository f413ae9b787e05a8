/**
 * Loads the SQL stage's heavy library (DuckDB's native addon) while the main thread would otherwise wait for the
 * orders worker's first batch. It is loaded on first use anyway; this only moves that cost into idle time. A
 * failure is left to the stage that needs it.
 */
import { duckdb } from '../sql/duckdb-api.js';

/** Starts loading the SQL stage's library in the background; never throws. */
export function preloadLaterStages(): void {
  setImmediate(() => {
    try {
      duckdb();
    } catch {
      // the SQL stage loads it again and reports why it cannot
    }
  });
}

/**
 * Loads the later stages' heavy libraries (vega and vega-lite for the report, DuckDB's native library for the SQL
 * answers) while the main thread would otherwise wait for the orders worker's first batch. They are loaded on
 * first use anyway; this only moves that cost into idle time. A failure is left to the stage that needs them.
 */
import { preloadChartLibraries } from '../report/render-svg.js';
import { duckdb } from '../sql/duckdb-api.js';

/** Starts loading the report's and the SQL stage's libraries in the background; never throws. */
export function preloadLaterStages(): void {
  preloadChartLibraries();
  setImmediate(() => {
    try {
      duckdb();
    } catch {
      // the SQL stage loads it again and reports why it cannot
    }
  });
}

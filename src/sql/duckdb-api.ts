/**
 * @duckdb/node-api, loaded on first use rather than when the CLI starts: loading it loads DuckDB's native library
 * (~0.3–0.5 s), which `--version`, `--help`, usage errors and every stage before SQL never need. Modules that use
 * its values (the instance class, enums, value classes) read them through `duckdb()`; types are imported as types.
 */
import { createRequire } from 'node:module';
import type * as DuckDB from '@duckdb/node-api';

// a CommonJS package: require() loads it synchronously, the same module instance an `import` of it would give
const require = createRequire(import.meta.url);
let api: typeof DuckDB | undefined;

/** @duckdb/node-api, required on the first call. */
export function duckdb(): typeof DuckDB {
  api ??= require('@duckdb/node-api') as typeof DuckDB;
  return api;
}

// Shared by the DuckDB peers of the benchmark: opens DuckDB with one thread per core, fills ${name} placeholders
// of a SQL file with quoted literals, copies tables to Parquet. Plain JavaScript, so a peer starts as fast as Node
// can (no TypeScript loader in the measured process).
import { mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

/** A SQL string literal. */
export const literal = (text) => `'${String(text).replaceAll("'", "''")}'`;

/** The text of a SQL file with every `${name}` replaced by `params[name]` (already SQL). */
export function sqlFile(file, params = {}) {
  return readFileSync(file, 'utf8').replace(/\$\{(\w+)\}/g, (_, name) => {
    if (!(name in params)) throw new Error(`${file}: no value for \${${name}}`);
    return params[name];
  });
}

/** An in-memory DuckDB with `threads` worker threads (default: one per core); returns { run, rows, close }. */
export async function openDuck(threads = availableParallelism()) {
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const c = await db.connect();
  return {
    run: (sql) => c.run(sql),
    rows: async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJson(),
    close: () => {
      c.closeSync();
      db.closeSync();
    },
  };
}

/** Splits a SQL script into statements (each ends with `;` at the end of a line); comments kept. */
export function statements(sql) {
  return sql
    .split(/;[ \t]*\n/)
    .map((s) => s.trim())
    .filter((s) => s.replace(/--.*$/gm, '').trim() !== '');
}

/**
 * Times every step of a peer when `enabled` (the --timings flag): wall and process CPU (DuckDB's threads run in
 * this process), one line per step on stderr.
 */
export function stepTimer(enabled) {
  return async (label, fn) => {
    if (!enabled) return fn();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await fn();
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    process.stderr.write(
      `step ${((performance.now() - t0) / 1000).toFixed(3)} s wall ${cpu.toFixed(3)} s cpu  ${label}\n`,
    );
    return result;
  };
}

/** Runs a script statement by statement through `step` (labelled by each statement's first line). */
export async function runScript(duck, sql, step) {
  for (const stmt of statements(sql)) {
    const label = stmt.replace(/--.*$/gm, '').trim().split('\n')[0].slice(0, 72);
    await step(label, () => duck.run(stmt));
  }
}

/** Writes `relation` (a table name or a parenthesised query) to `file` as Parquet (snappy, DuckDB's default). */
export async function copyParquet(duck, relation, file) {
  mkdirSync(dirname(file), { recursive: true });
  await duck.run(`COPY ${relation} TO ${literal(file)} (FORMAT parquet, COMPRESSION snappy)`);
}

/** The folder of this file's SQL scripts. */
export const sqlDir = import.meta.dirname;
/** The project root. */
export const root = join(import.meta.dirname, '..', '..');

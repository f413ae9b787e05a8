import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as api from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { duckdb } from '../../src/sql/duckdb-api.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('duckdb', () => {
  it('gives the same module an import gives, so value classes and enums compare equal', () => {
    expect(duckdb().DuckDBInstance).toBe(api.DuckDBInstance);
    expect(duckdb().StatementType.SELECT).toBe(api.StatementType.SELECT);
    expect(duckdb()).toBe(duckdb());
  });

  it('is not loaded by loading the CLI: DuckDB’s native library waits for the first engine', () => {
    // a fresh process imports the CLI's entry module, then reports whether DuckDB's bindings were required
    const script =
      "await import('./src/cli/main.ts'); const { createRequire } = await import('node:module');" +
      'const cache = createRequire(import.meta.url).cache;' +
      "console.log(Object.keys(cache).some((k) => k.includes('node-bindings')) ? 'loaded' : 'not loaded');";
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('not loaded');
  }, 60_000);
});

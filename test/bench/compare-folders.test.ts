/**
 * The benchmark's warehouse comparison reads a table written as a folder of part files (the Spark engine's form)
 * the same as a single Parquet file, and still notices a missing row.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { compareWarehouses } from '../../bench/compare.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('ecomflow-compare-');
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `sql`'s rows to `file` as Parquet. */
async function copy(sql: string, file: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`COPY (${sql}) TO '${file}' (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
}

describe('compareWarehouses on part-file folders', () => {
  it('agrees with a single file holding the same rows, and counts a missing one', async () => {
    const rows = (from: number, to: number): string =>
      `SELECT i AS source_row, CAST(i * 1.25 AS DECIMAL(18, 2)) AS profit FROM range(${from}, ${to}) t(i)`;
    for (const w of ['ref', 'same', 'short']) mkdirSync(join(dir, w, 'enriched'), { recursive: true });
    await copy(rows(0, 100), join(dir, 'ref', 'enriched', 'orders.parquet'));
    for (const [w, end] of [
      ['same', 100],
      ['short', 99],
    ] as const) {
      const folder = join(dir, w, 'enriched', 'orders.parquet');
      mkdirSync(folder);
      await copy(rows(0, 40), join(folder, 'part-00000-a.snappy.parquet'));
      await copy(rows(40, end), join(folder, 'part-00001-a.snappy.parquet'));
    }
    const same = await compareWarehouses(join(dir, 'ref'), join(dir, 'same'), { full: true });
    expect(same.differences).toEqual([]);
    expect(same.checks).toBe(2);
    const short = await compareWarehouses(join(dir, 'ref'), join(dir, 'short'), { full: true });
    expect(short.ok).toBe(false);
    expect(short.differences[0]).toMatch(/^enriched\/orders\.parquet: 99 rows, ecomflow 100/);
  });
});

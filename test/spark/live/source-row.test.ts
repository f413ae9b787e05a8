/**
 * `source_row` on the real Spark: the plan numbers each line by its place in its file without a window over the
 * whole input, so it must still be the 1-based line position when a file is split over many scan partitions
 * (NDJSON), when several files share the read, and when a JSON array's single task is spread over partitions.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SparkSession } from '../../../src/spark/index.js';
import {
  numberedLinesSql,
  rawOrdersStep,
  type OrdersLayout,
  readOrdersSql,
} from '../../../src/spark/plan/order-steps.js';
import { tempDir } from '../../helpers/tmp.js';
import { openSpark } from './spark.js';

const dir = tempDir('ecomflow-source-row-');
let spark: SparkSession;
beforeAll(async () => {
  spark = await openSpark();
  // small scan partitions, so one NDJSON file is read by many tasks
  await spark.command('SET spark.sql.files.maxPartitionBytes=8192');
  await spark.command('SET spark.sql.files.openCostInBytes=1024');
});
afterAll(async () => {
  await spark.command('RESET spark.sql.files.maxPartitionBytes');
  await spark.command('RESET spark.sql.files.openCostInBytes');
  await spark.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `n` order-like lines of file `tag`, each carrying its own 1-based position as `Line`. */
const lines = (tag: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({ 'Row ID': `${tag}${i + 1}`, Line: String(i + 1), Pad: 'x'.repeat(40) }),
  );
const columns = [
  { source: 'Row ID', name: 'row_id' },
  { source: 'Line', name: 'line' },
];

/** Every line's (file, source_row, line) through the plan's read, numbering and raw step. */
async function numbered(path: string, layout: OrdersLayout): Promise<{ file: string; row: bigint; line: string }[]> {
  await spark.command(readOrdersSql('t_src', path, layout, columns));
  await spark.command(`CREATE OR REPLACE TEMPORARY VIEW t_lines AS ${numberedLinesSql('t_src', columns, layout)}`);
  await spark.command('CACHE TABLE t_lines_c AS SELECT * FROM t_lines');
  try {
    const raw = rawOrdersStep('t_lines_c', columns);
    const t = await spark.sql(
      `SELECT regexp_extract(source_file, '[^/]+$', 0) AS file, source_row, line FROM (${raw})`,
    );
    return (t.toArray() as { toJSON(): { file: string; source_row: bigint | number; line: string } }[]).map((r) => {
      const o = r.toJSON();
      return { file: o.file, row: BigInt(o.source_row), line: o.line };
    });
  } finally {
    await spark.command('UNCACHE TABLE IF EXISTS t_lines_c');
    await spark.command('DROP VIEW IF EXISTS t_lines_c');
  }
}

describe('source_row on Spark', () => {
  it('is the line position in its file, for NDJSON split over many tasks and for two files', async () => {
    const folder = join(dir, 'ndjson');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.ndjson'), `${lines('a', 3000).join('\n')}\n`);
    writeFileSync(join(folder, 'b.ndjson'), `${lines('b', 1700).join('\n')}\n`);
    const rows = await numbered(join(folder, '*.ndjson'), 'ndjson');
    expect(rows).toHaveLength(4700);
    expect(rows.filter((r) => r.row !== BigInt(r.line))).toEqual([]);
    expect(new Set(rows.map((r) => `${r.file}:${r.row}`)).size).toBe(4700);
    const parts = await spark.sql(`SELECT count(DISTINCT shiftright(line_at, 33)) AS n FROM t_lines`);
    expect(Number(parts.get(0)!.toJSON()['n'])).toBeGreaterThan(4);
  });

  it('is the element position of a JSON array read in one task and spread over partitions', async () => {
    const file = join(dir, 'orders.json');
    writeFileSync(file, `[\n${lines('r', 2500).join(',\n')}\n]\n`);
    const rows = await numbered(file, 'array');
    expect(rows).toHaveLength(2500);
    expect(rows.filter((r) => r.row !== BigInt(r.line))).toEqual([]);
  });
});

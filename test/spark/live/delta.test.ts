// `--table-format delta` against the suite's Spark: with Delta Lake on the server (SPARK_DELTA=1), every table is
// a Delta table equal row by row to the local engine's Parquet, `ecomflow sql` reads it through its _delta_log,
// and --catalog registers it USING delta; without Delta, the run is refused before any work (spark.no_delta).
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EnvironmentError } from '../../../src/errors.js';
import { hasDelta } from '../../../src/pipeline/spark-write.js';
import { runPipeline } from '../../../src/pipeline/run-pipeline.js';
import { findTables } from '../../../src/io/warehouse/table-files.js';
import { query } from '../../../src/sql/warehouse-db.js';
import type { SparkSession } from '../../../src/spark/index.js';
import { tempDir } from '../../helpers/tmp.js';
import { clientFiles, warehouseRows } from './warehouse-compare.js';
import { openSpark } from './spark.js';

const schema = 'ecomflow_delta_test';

describe('--table-format delta', () => {
  let root = '';
  let spark: SparkSession;
  let delta = false;
  beforeAll(async () => {
    root = tempDir('ecomflow-spark-delta-');
    spark = await openSpark();
    delta = await hasDelta(spark, join(root, 'absent'));
    if (!delta) {
      console.log('delta tests: the server has no Delta Lake; start it with SPARK_DELTA=1 to run them');
      return;
    }
    await runPipeline({ input: 'fixtures', out: join(root, 'local') });
    await runPipeline({
      input: 'fixtures',
      out: pathToFileURL(join(root, 'delta')).href, // a file:// URI is its path
      engine: 'spark',
      remote: inject('sparkRemote'),
      tableFormat: 'delta',
      catalog: schema,
    });
  });
  afterAll(async () => {
    if (delta) await spark.command(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await spark.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('is refused before any work when the server has no Delta', async (ctx) => {
    if (delta) ctx.skip();
    const out = join(root, 'refused');
    const run = runPipeline({
      input: 'fixtures',
      out,
      engine: 'spark',
      remote: inject('sparkRemote'),
      tableFormat: 'delta',
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).rule).toBe('spark.no_delta');
    expect(existsSync(out)).toBe(false);
  });

  it('writes every table as a Delta table at <layer>/<table>/', async (ctx) => {
    if (!delta) ctx.skip();
    const tables = await findTables(join(root, 'delta'));
    expect(tables).toHaveLength(14);
    for (const t of tables) {
      expect(t.source, t.name).toBe(`${t.layer}/${t.table}/`);
      expect(existsSync(join(root, 'delta', t.layer, t.table, '_delta_log', '00000000000000000000.json'))).toBe(true);
      expect(t.problem, t.name).toBeUndefined();
    }
  });

  it('holds the same rows as the local engine, and the same SQL answers and quality.json', async (ctx) => {
    if (!delta) ctx.skip();
    const [local, spark] = [await warehouseRows(join(root, 'local')), await warehouseRows(join(root, 'delta'))];
    expect(Object.keys(spark).sort()).toEqual(Object.keys(local).sort());
    for (const table of Object.keys(local)) expect(spark[table], table).toEqual(local[table]);
    expect(await clientFiles(join(root, 'delta'))).toEqual(await clientFiles(join(root, 'local')));
  });

  it('answers ecomflow sql from the Delta log, as Spark reads the registered tables', async (ctx) => {
    if (!delta) ctx.skip();
    const sql = (table: string): string =>
      'SELECT CAST(order_year AS STRING) AS y, CAST(sum(profit) AS STRING) AS p, CAST(count(*) AS STRING) AS n ' +
      `FROM ${table} GROUP BY order_year ORDER BY order_year`;
    const ours = (await query(join(root, 'delta'), sql('enriched.orders'))).rows.map((r) => r.join('|'));
    const theirs = (await spark.sql(sql(`${schema}.enriched_orders`))).toArray() as {
      y: string;
      p: string;
      n: string;
    }[];
    expect(ours.length).toBeGreaterThan(0);
    expect(ours).toEqual(theirs.map((r) => `${r.y}|${r.p}|${r.n}`));
    const detail = await spark.command(`DESCRIBE DETAIL ${schema}.rejects_orders`);
    expect((detail.get(0)!.toJSON() as { format: string }).format).toBe('delta');
  });
});

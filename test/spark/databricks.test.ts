// Against a real Databricks workspace: only when DATABRICKS_HOST, DATABRICKS_TOKEN and DATABRICKS_CLUSTER_ID are
// all set (else one line says how to run it). The pipeline test also needs DATABRICKS_VOLUME, a Unity Catalog
// volume path that this process and the cluster both see (e.g. run from the cluster's web terminal, where
// /Volumes is mounted): the sample is copied there, run with --table-format delta --catalog, compared with the
// local engine.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { connectSpark, type SparkSession } from '../../src/spark/index.js';
import { databricksRemote } from '../../src/spark/connection-string.js';
import { hasSample, sampleDir, tempDir } from '../helpers/tmp.js';
import { clientFiles, warehouseRows } from './live/warehouse-compare.js';

const remote = databricksRemote(process.env);
const volume = process.env['DATABRICKS_VOLUME'] ?? '';
const schema = process.env['DATABRICKS_SCHEMA'] ?? 'ecomflow_test';
if (remote === null) {
  console.info('Databricks tests skipped: set DATABRICKS_HOST, DATABRICKS_TOKEN, DATABRICKS_CLUSTER_ID to run them');
}

describe.skipIf(remote === null)('Databricks (Spark Connect over TLS, token and cluster id)', () => {
  let spark: SparkSession;
  beforeAll(async () => {
    spark = await connectSpark(remote!, { connectTimeoutMs: 120_000 });
  }, 300_000);
  afterAll(async () => {
    await spark.close();
  });

  it('connects and answers SQL', async () => {
    const t = await spark.sql('SELECT 1 + 1 AS two, current_version() AS v');
    expect(Number(t.get(0)!.toJSON()['two'])).toBe(2);
  }, 300_000);

  describe.skipIf(volume === '' || !hasSample)('the sample as Delta tables in a volume, registered', () => {
    let local = '';
    let shared = '';
    beforeAll(async () => {
      local = tempDir('ecomflow-databricks-');
      shared = mkdtempSync(join(volume, 'ecomflow-test-'));
      cpSync(sampleDir, join(shared, 'input'), { recursive: true });
      await runPipeline({ input: sampleDir, out: join(local, 'w') });
      await runPipeline({
        input: join(shared, 'input'),
        out: join(shared, 'w'),
        engine: 'spark',
        remote: remote!,
        tableFormat: 'delta',
        catalog: schema,
      });
    }, 1_800_000);
    afterAll(() => {
      if (local !== '') rmSync(local, { recursive: true, force: true });
      if (shared !== '') rmSync(shared, { recursive: true, force: true });
    });

    it('writes the same tables, SQL answers and quality.json as the local engine', async () => {
      const [a, b] = [await warehouseRows(join(local, 'w')), await warehouseRows(join(shared, 'w'))];
      for (const table of Object.keys(a)) expect(b[table], table).toEqual(a[table]);
      expect(await clientFiles(join(shared, 'w'))).toEqual(await clientFiles(join(local, 'w')));
    });

    it('registers the tables as Delta tables the workspace can query', async () => {
      const n = await spark.sql(`SELECT count(*) AS n FROM ${schema}.enriched_orders`);
      const ours = (await warehouseRows(join(local, 'w')))['enriched/orders']!.length;
      expect(Number(n.get(0)!.toJSON()['n'])).toBe(ours);
    }, 300_000);
  });
});

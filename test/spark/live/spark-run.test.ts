// The Spark runner's checks against a real server: an orders path the server cannot read is refused by name.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPipeline } from '../../../src/pipeline/run-pipeline.js';
import { tempDir } from '../../helpers/tmp.js';
import { InputError } from '../../../src/errors.js';
import { probeReadable } from '../../../src/pipeline/spark-run.js';
import type { SparkSession } from '../../../src/spark/index.js';
import { openSpark } from './spark.js';

describe('probeReadable', () => {
  let spark: SparkSession;
  beforeAll(async () => {
    spark = await openSpark();
  });
  afterAll(async () => {
    await spark.close();
  });

  it('passes for a file the server can read', async () => {
    await expect(probeReadable(spark, 'fixtures/Orders.json', inject('sparkRemote'))).resolves.toBeUndefined();
  });

  it('refuses a path the server cannot see, naming it and the server', async () => {
    const error = await probeReadable(spark, '/no/such/dir/Orders.json', inject('sparkRemote')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).rule).toBe('spark.unreadable_input');
    expect((error as InputError).message).toContain('/no/such/dir/Orders.json');
    expect((error as InputError).message).toContain('cannot read this path');
  });
});

describe('--catalog', () => {
  let root = '';
  let spark: SparkSession;
  beforeAll(async () => {
    root = tempDir('ecomflow-spark-catalog-');
    await runPipeline({
      input: 'fixtures',
      out: join(root, 'w'),
      engine: 'spark',
      remote: inject('sparkRemote'),
      catalog: 'ecomflow_catalog_test',
    });
    spark = await openSpark();
  });
  afterAll(async () => {
    await spark.command('DROP SCHEMA IF EXISTS ecomflow_catalog_test CASCADE');
    await spark.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('registers every table as an external Parquet table over the warehouse', async () => {
    const shown = await spark.command('SHOW TABLES IN ecomflow_catalog_test');
    const names = (shown.toArray() as { tableName: string }[]).map((r) => r.tableName).sort();
    expect(names).toContain('enriched_orders');
    expect(names).toContain('aggregates_profit_by_year');
    expect(names).toHaveLength(14);
    const lines = await spark.sql('SELECT count(*) AS n FROM ecomflow_catalog_test.enriched_orders');
    expect(Number(lines.get(0)!.toArray()[0])).toBe(21);
    const described = await spark.command('DESCRIBE TABLE EXTENDED ecomflow_catalog_test.raw_orders');
    const location = (described.toArray() as { col_name: string; data_type: string }[]).find(
      (r) => r.col_name === 'Location',
    );
    expect(location?.data_type).toContain(join(root, 'w', 'raw', 'orders.parquet'));
  });
});

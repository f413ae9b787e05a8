// The Spark runner's checks against a real server: an orders path the server cannot read is refused by name.
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPipeline } from '../../../src/pipeline/run-pipeline.js';
import { tempDir } from '../../helpers/tmp.js';
import { InputError } from '../../../src/errors.js';
import { probeReadable } from '../../../src/pipeline/spark-run.js';
import { checkJsonRows } from '../../../src/pipeline/spark-json-rows.js';
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

describe('JSON rows the Spark engine cannot read as the local engine does', () => {
  let root = '';
  beforeAll(() => {
    root = tempDir('ecomflow-spark-json-refused-');
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const runOn = async (name: string, text: string): Promise<unknown> => {
    const dir = join(root, name);
    mkdirSync(dir);
    for (const f of ['Customer.xlsx', 'Products.csv']) copyFileSync(join('fixtures', f), join(dir, f));
    writeFileSync(join(dir, name), text);
    return runPipeline({ input: dir, out: join(dir, 'w'), engine: 'spark', remote: inject('sparkRemote') }).catch(
      (e: unknown) => e,
    );
  };

  it('refuses a JSON array holding a non-object, naming the element (the local engine rejects it)', async () => {
    const error = await runOn('Orders.json', '[{"Row ID": 1}, 2, {"Row ID": 3}]');
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).rule).toBe('json.not_an_object');
    expect((error as InputError).message).toContain('array element 2 is a number, not an object');
    expect((error as InputError).message).toContain('NDJSON');
  });

  it('fails on an NDJSON line that is not valid JSON, naming the line (json.syntax, as locally)', async () => {
    const error = await runOn('Orders.ndjson', '{"Row ID": 1}\n{"Row ID": \n{"Row ID": 3}\n');
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).rule).toBe('json.syntax');
    expect((error as InputError).message).toContain('line 2 is not valid JSON');
    expect(existsSync(join(root, 'Orders.ndjson', 'w'))).toBe(false);
  });
});

describe('checkJsonRows', () => {
  let spark: SparkSession;
  beforeAll(async () => {
    spark = await openSpark();
  });
  afterAll(async () => {
    await spark.close();
  });

  it('finds the same keys by schema inference for a JSON array over the size limit, and checks no row', async () => {
    const dir = tempDir('ecomflow-spark-keys-');
    try {
      const path = join(dir, 'Orders.json');
      writeFileSync(path, '[{"Row ID": 1, "Coupon Code": "X"}, {"Row ID": 2, "Row ID": 3, "gift": true}]');
      const checked = await checkJsonRows(spark, path, 'array', path);
      const refused = await checkJsonRows(spark, path, 'array', path, 0).catch((e: unknown) => e);
      expect((refused as InputError).rule).toBe('json.duplicate_key');
      expect((refused as InputError).message).toContain('NDJSON');
      writeFileSync(path, '[{"Row ID": 1, "Coupon Code": "X"}, {"Row ID": 2, "gift": true}]');
      const inferred = await checkJsonRows(spark, path, 'array', path, 0);
      const extras = [
        { source: 'Coupon Code', name: 'coupon_code' },
        { source: 'gift', name: 'gift' },
      ];
      expect(checked.extras).toEqual(extras);
      expect(checked.issues).toBe(1); // the repeated "Row ID"
      expect(inferred).toEqual({ extras, issues: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The Spark runner's checks against a real server: an orders path the server cannot read is refused by name.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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

// `--engine spark` against a real local Spark: the warehouse it writes equals the local engine's, to the cent —
// every table row by row (raw, enriched, rejects, aggregates), the four SQL answers and quality.json — on the
// fixtures, on a generated dirty input, and on the shared sample when present.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPipeline } from '../../../src/pipeline/run-pipeline.js';
import { generateSources } from '../../../fixtures/generate.js';
import { hasSample, sampleDir, tempDir } from '../../helpers/tmp.js';
import { clientFiles, warehouseRows } from './warehouse-compare.js';

const fixtures = join(import.meta.dirname, '../../../fixtures');

/** Runs both engines on `input` into `root`/local and `root`/spark. */
async function runBoth(input: string, root: string): Promise<{ local: string; spark: string }> {
  const local = join(root, 'local');
  const spark = join(root, 'spark');
  await runPipeline({ input, out: local });
  await runPipeline({ input, out: spark, engine: 'spark', remote: inject('sparkRemote') });
  return { local, spark };
}

function equalityCases(name: string, input: () => Promise<string>, skip = false): void {
  describe.skipIf(skip)(`spark engine equals the local engine: ${name}`, () => {
    let root = '';
    let w = { local: '', spark: '' };
    beforeAll(async () => {
      root = tempDir('ecomflow-spark-eq-');
      w = await runBoth(await input(), root);
    }, 1_200_000);
    afterAll(() => {
      if (root !== '') rmSync(root, { recursive: true, force: true });
    });

    it('writes the same tables, row by row', async () => {
      const [local, spark] = [await warehouseRows(w.local), await warehouseRows(w.spark)];
      expect(Object.keys(spark).sort()).toEqual(Object.keys(local).sort());
      for (const table of Object.keys(local)) {
        expect(spark[table]?.length, table).toBe(local[table]!.length);
        expect(spark[table], table).toEqual(local[table]);
      }
      expect(local['enriched/orders']!.length).toBeGreaterThan(0);
    });

    it('writes the same SQL answers and quality.json', async () => {
      expect(await clientFiles(w.spark)).toEqual(await clientFiles(w.local));
    });
  });
}

let generated = '';
equalityCases('fixtures', () => Promise.resolve(fixtures));
equalityCases('generated 200,000 dirty lines', async () => {
  generated = tempDir('ecomflow-spark-gen-');
  await generateSources({ lines: Number(process.env['ECOMFLOW_SPARK_EQ_LINES'] ?? 200_000), out: generated });
  return generated;
});
equalityCases('the shared sample', () => Promise.resolve(sampleDir), !hasSample);
afterAll(() => {
  if (generated !== '') rmSync(generated, { recursive: true, force: true });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readParquet, tableRows } from '../../src/index.js';
import { writeLayers } from '../../src/pipeline/write-layers.js';
import { tempDir } from '../helpers/tmp.js';

describe('writeLayers', () => {
  it('writes each table as <layer>/<name>.parquet in order, then quality.json; a checkpoint before each', async () => {
    const dir = tempDir();
    const a = tableFromArrays({ n: Int32Array.from([1, 2, 3]) });
    const b = tableFromArrays({ n: Int32Array.from([4]) });
    let checks = 0;
    const written = await writeLayers(
      dir,
      [
        ['raw', { a }],
        ['aggregates', { b, a }],
      ],
      { ok: true },
      () => checks++,
    );
    expect(written).toEqual([
      { path: join('raw', 'a.parquet'), rows: 3 },
      { path: join('aggregates', 'b.parquet'), rows: 1 },
      { path: join('aggregates', 'a.parquet'), rows: 3 },
    ]);
    expect(checks).toBe(3);
    expect(tableRows(await readParquet(join(dir, 'aggregates', 'b.parquet')))).toEqual([{ n: 4 }]);
    expect(readFileSync(join(dir, 'quality.json'), 'utf8')).toBe('{\n  "ok": true\n}\n');
  });

  it('stops before the next table when the checkpoint throws', async () => {
    const dir = tempDir();
    const a = tableFromArrays({ n: Int32Array.from([1]) });
    let calls = 0;
    const stop = (): void => {
      if (++calls === 2) throw new Error('interrupted');
    };
    await expect(writeLayers(dir, [['raw', { a, b: a }]], {}, stop)).rejects.toThrow('interrupted');
    expect(() => readFileSync(join(dir, 'quality.json'))).toThrow();
  });
});

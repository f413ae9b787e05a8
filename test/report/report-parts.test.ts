/**
 * The report reads a warehouse in Spark's form too: every table a folder of part files (`<t>.parquet/part-*` or
 * `<t>/part-*`, with `_SUCCESS`), aggregates split over several parts. What it shows must not change.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/index.js';
import { loadReportData } from '../../src/report/load-data.js';
import type { ReportData } from '../../src/report/report-data.js';
import { sqlPath, withDuck } from '../helpers/duckdb.js';
import { tempDir } from '../helpers/tmp.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures');

/** Rewrites every table of `out` as a folder of part files, each aggregate split into two parts. */
async function asSparkParts(out: string): Promise<void> {
  let n = 0;
  for (const layer of ['raw', 'enriched', 'rejects', 'aggregates']) {
    for (const name of readdirSync(join(out, layer)).filter((f) => f.endsWith('.parquet'))) {
      const file = join(out, layer, name);
      const moved = `${file}.whole`;
      renameSync(file, moved);
      // alternate the two folder forms Spark writes: <t>.parquet/ and <t>/
      const folder = n++ % 2 === 0 ? file : join(out, layer, name.slice(0, -'.parquet'.length));
      mkdirSync(folder);
      writeFileSync(join(folder, '_SUCCESS'), '');
      if (layer === 'aggregates') {
        await withDuck(async (q) => {
          const source = `read_parquet(${sqlPath(moved)})`;
          const [row] = await q(`select count(*) as n from ${source}`);
          const half = Math.floor(Number(row!['n']) / 2);
          const numbered = `(select *, row_number() over () as _i from ${source})`;
          for (const [i, where] of [`_i <= ${half}`, `_i > ${half}`].entries()) {
            const part = sqlPath(join(folder, `part-0000${i}-x.snappy.parquet`));
            await q(
              `copy (select * exclude (_i) from ${numbered} where ${where} order by _i) to ${part} (format parquet)`,
            );
          }
        });
      } else {
        renameSync(moved, join(folder, 'part-00000-x.snappy.parquet'));
      }
      rmSync(moved, { force: true });
    }
  }
}

describe('the report over a warehouse of Spark part files', () => {
  let whole: ReportData;
  let parts: ReportData;
  let out = '';

  beforeAll(async () => {
    out = join(tempDir(), 'warehouse');
    await runPipeline({ input: fixtures, out });
    whole = await loadReportData(out);
    await asSparkParts(out);
    parts = await loadReportData(out);
  });

  it('holds no single-file table any more, and aggregates in two parts', () => {
    expect(readdirSync(join(out, 'aggregates')).filter((f) => f.endsWith('.parquet.whole'))).toEqual([]);
    for (const layer of ['raw', 'enriched', 'rejects', 'aggregates']) {
      for (const entry of readdirSync(join(out, layer), { withFileTypes: true }))
        expect(entry.isDirectory()).toBe(true);
    }
    const byYear = readdirSync(join(out, 'aggregates')).find((f) => f.startsWith('profit_by_year'))!;
    expect(readdirSync(join(out, 'aggregates', byYear)).sort()).toEqual([
      '_SUCCESS',
      'part-00000-x.snappy.parquet',
      'part-00001-x.snappy.parquet',
    ]);
  });

  it('shows the same figures, rejects and quality as over single files', () => {
    expect(parts.byYear.length).toBeGreaterThan(1);
    expect(parts.totalProfit).toBe(whole.totalProfit);
    expect(parts).toEqual(whole);
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/index.js';
import { duckDbThreadsAvailable } from '../../src/pipeline/duckdb-thread.js';
import { loadReportTables } from '../../src/report/load-data.js';
import { reportSummaries } from '../../src/report/summaries.js';
import { runSqlAnswers } from '../../src/sql/answers.js';

const root = resolve(import.meta.dirname, '../..');
const builtThread = join(root, 'dist', 'pipeline', 'duckdb-thread.js');

describe('the DuckDB thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecomflow-duckdb-thread-'));
  const out = join(dir, 'warehouse');

  beforeAll(async () => {
    await runPipeline({ input: join(root, 'fixtures'), out });
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is not used from the TypeScript sources (workers cannot load them on Node 20)', () => {
    expect(duckDbThreadsAvailable()).toBe(false);
  });

  describe.skipIf(!existsSync(builtThread))('built', () => {
    type ThreadModule = typeof import('../../src/pipeline/duckdb-thread.js');

    it('computes the answers and the report summaries as this thread does; fails once closed', async () => {
      const { startDuckDbThread, duckDbThreadsAvailable: available } = (await import(
        pathToFileURL(builtThread).href
      )) as ThreadModule;
      expect(available()).toBe(true);
      const quality = (JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')) as { tables: never }).tables;
      const nameless = new Map([['CU-100', 'no-name' as const]]);
      const here = {
        answers: await runSqlAnswers(out),
        summaries: await reportSummaries(out, quality, nameless),
      };
      const thread = startDuckDbThread();
      try {
        expect(await thread.answers(out, {})).toEqual(here.answers);
        expect(await thread.summaries(out, quality, nameless)).toEqual(here.summaries);
        expect(here.summaries.aggregates.length).toBeGreaterThan(0);
        await expect(thread.answers(join(dir, 'nothing'), {})).rejects.toThrow(/nothing/);
      } finally {
        await thread.close();
      }
      await expect(thread.answers(out, {})).rejects.toThrow(/DuckDB thread stopped/);
    });

    it('gives loadReportTables the same tables through it as without it', async () => {
      const { startDuckDbThread } = (await import(pathToFileURL(builtThread).href)) as ThreadModule;
      const thread = startDuckDbThread();
      try {
        const through = await loadReportTables(out, undefined, { summaries: (...args) => thread.summaries(...args) });
        expect(through).toEqual(await loadReportTables(out));
      } finally {
        await thread.close();
      }
    });
  });
});

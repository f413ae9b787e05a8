import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, query, runPipeline, runSqlAnswers } from '../../src/index.js';
import { sqlPath, withDuck } from '../helpers/duckdb.js';
import { tempDir } from '../helpers/tmp.js';

const fixturesDir = join(import.meta.dirname, '../../fixtures');
const LAYERS = ['raw', 'enriched', 'rejects', 'aggregates'];

/** A copy of `wh` with every table written as a folder of two part files, as Spark writes it. */
async function asPartFolders(wh: string, out: string, folder: (table: string) => string): Promise<void> {
  cpSync(join(wh, '_ecomflow_warehouse.json'), join(out, '_ecomflow_warehouse.json'));
  await withDuck(async (q) => {
    for (const layer of LAYERS) {
      for (const name of readdirSync(join(wh, layer)).filter((n) => n.endsWith('.parquet'))) {
        const dir = join(out, layer, folder(name.slice(0, -'.parquet'.length)));
        mkdirSync(dir, { recursive: true });
        const source = `read_parquet(${sqlPath(join(wh, layer, name))}, file_row_number = true)`;
        const [{ n }] = (await q(`select count(*)::integer as n from ${source}`)) as [{ n: number }];
        const half = Math.floor(n / 2);
        for (const [part, where] of [
          ['part-00000-7f.c000.snappy.parquet', `file_row_number < ${half}`],
          ['part-00001-7f.c000.snappy.parquet', `file_row_number >= ${half}`],
        ] as const) {
          await q(`copy (select * exclude (file_row_number) from ${source} where ${where})
            to ${sqlPath(join(dir, part))} (format parquet)`);
        }
        writeFileSync(join(dir, '_SUCCESS'), '');
        writeFileSync(join(dir, '.part-00000-7f.c000.snappy.parquet.crc'), 'crc');
      }
    }
  });
}

describe('a warehouse whose tables are folders of part files', () => {
  let dir = '';
  let single = '';
  let dotted = '';
  let plain = '';
  beforeAll(async () => {
    dir = tempDir();
    [single, dotted, plain] = ['single', 'dotted', 'plain'].map((n) => join(dir, n)) as [string, string, string];
    await runPipeline({ input: fixturesDir, out: single });
    await asPartFolders(single, dotted, (t) => `${t}.parquet`);
    await asPartFolders(single, plain, (t) => t);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const everyTable = async (wh: string): Promise<Record<string, unknown>> => {
    const db = await openWarehouse(wh);
    try {
      const out: Record<string, unknown> = {};
      for (const t of db.tables) {
        out[t] = { columns: (await db.run(`describe ${t}`)).rows, rows: (await db.run(`from ${t} order by all`)).rows };
      }
      return out;
    } finally {
      db.close();
    }
  };

  it('reads every table from <table>.parquet/part-*.parquet and from <table>/part-*.parquet alike', async () => {
    const expected = await everyTable(single);
    expect(Object.keys(expected)).toEqual(
      expect.arrayContaining(['raw.orders', 'enriched.orders', 'rejects.orders', 'aggregates.profit_summary']),
    );
    expect(Object.keys(expected)).toHaveLength(14);
    expect(await everyTable(dotted)).toEqual(expected);
    expect(await everyTable(plain)).toEqual(expected);
  });

  it('gives the same four answers and lists the folders in show tables', async () => {
    // each answer with the text of the CSV it wrote
    const answers = async (wh: string) =>
      (await runSqlAnswers(wh)).map((a) => ({ ...a, csv: readFileSync(join(wh, a.file), 'utf8') }));
    expect(await answers(dotted)).toEqual(await answers(single));
    expect(await answers(plain)).toEqual(await answers(single));
    const shown = await query(plain, 'show tables');
    expect(shown.columns.map((c) => c.name)).toEqual(['name', 'source', 'problem']);
    expect(shown.rows).toContainEqual(['enriched.orders', 'enriched/orders/', null]);
    expect((await query(dotted, 'show tables')).rows).toContainEqual([
      'enriched.orders',
      'enriched/orders.parquet/',
      null,
    ]);
  });
});

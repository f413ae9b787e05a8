import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeQueryEngines, query } from '../../src/index.js';
import { acquireEngine, cachedEngineCount, MAX_ENGINES } from '../../src/sql/engine-cache.js';
import { findTables } from '../../src/io/warehouse/table-files.js';
import { emptyWarehouse, removeWarehouse, tinyWarehouse, writeTable } from './warehouse.js';

describe('the engines query() reuses', () => {
  const made: string[] = [];
  const warehouse = async (): Promise<string> => {
    const wh = await tinyWarehouse();
    made.push(wh);
    return wh;
  };
  afterEach(() => closeQueryEngines());
  afterAll(() => {
    for (const wh of made) removeWarehouse(wh);
  });

  it('opens one engine per warehouse and reuses it', async () => {
    const wh = await warehouse();
    const first = await acquireEngine(wh, await findTables(wh));
    first.release();
    const second = await acquireEngine(wh, await findTables(wh));
    second.release();
    expect(second.engine).toBe(first.engine);
    expect((await query(wh, 'select count(*) as n from enriched.orders')).rows).toEqual([[3]]);
    expect(cachedEngineCount()).toBe(1);
  });

  it('opens a fresh engine when a table is rewritten, added or removed', async () => {
    const wh = await warehouse();
    expect((await query(wh, 'select count(*) as n from enriched.orders')).rows).toEqual([[3]]);
    await writeTable(wh, 'enriched/orders.parquet', 'select range as row_id from range(7)');
    expect((await query(wh, 'select count(*) as n from enriched.orders')).rows).toEqual([[7]]);
    await writeTable(wh, 'raw/orders.parquet', "select 'x' as row_id");
    expect((await query(wh, 'select * from raw.orders')).rows).toEqual([['x']]);
    expect(cachedEngineCount()).toBe(1);
  });

  it('answers concurrent queries on one engine, each on its own connection', async () => {
    const wh = await warehouse();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => query(wh, `select ${i} as i, count(*) as n from range(${i * 1000})`)),
    );
    expect(results.map((r) => r.rows[0])).toEqual(Array.from({ length: 12 }, (_, i) => [i, i * 1000]));
    expect(cachedEngineCount()).toBe(1);
  });

  it(`keeps at most ${MAX_ENGINES} warehouses open, and closes them all on request`, async () => {
    const all = await Promise.all(Array.from({ length: MAX_ENGINES + 2 }, () => warehouse()));
    for (const wh of all) await query(wh, 'select 1');
    expect(cachedEngineCount()).toBe(MAX_ENGINES);
    await closeQueryEngines();
    expect(cachedEngineCount()).toBe(0);
    expect((await query(all[0]!, 'select count(*) as n from aggregates.profit_by_year')).rows).toEqual([[2]]);
  });

  it('lets a running query finish on an engine that is being replaced', async () => {
    const wh = await warehouse();
    const lease = await acquireEngine(wh, await findTables(wh));
    await writeTable(wh, 'aggregates/profit_by_year.parquet', 'select 2020 as order_year');
    await query(wh, 'select 1'); // opens the new engine: the old one is still lent
    const connection = await lease.engine.instance.connect();
    expect((await connection.runAndReadAll('select 1 as one')).getRows()).toEqual([[1]]);
    connection.closeSync();
    lease.release();
    expect((await query(wh, 'select * from aggregates.profit_by_year')).rows).toEqual([[2020]]);
  });

  it('keeps the engine lock on every connection of a cached engine', async () => {
    const wh = await warehouse();
    const lease = await acquireEngine(wh, await findTables(wh));
    const connection = await lease.engine.instance.connect();
    try {
      await expect(connection.run("select * from read_csv('/etc/passwd')")).rejects.toThrow(/Permission Error/);
      await expect(connection.run('set enable_external_access = true')).rejects.toThrow(
        /configuration has been locked/,
      );
    } finally {
      connection.closeSync();
      lease.release();
    }
  });

  it('reports a warehouse without tables as such, without caching a broken engine', async () => {
    const wh = emptyWarehouse();
    made.push(wh);
    await expect(query(wh, 'select * from enriched.orders')).rejects.toMatchObject({
      rule: 'sql.table_not_found',
      message: expect.stringMatching(/\(available tables: none\)$/) as string,
    });
  });

  it('never keeps a process alive: a script that queries exits at once, engine still cached', async () => {
    const wh = await warehouse();
    const root = resolve(import.meta.dirname, '../..');
    const script = join(dirname(wh), 'query.mts');
    writeFileSync(
      script,
      `import { query } from ${JSON.stringify(join(root, 'src/index.ts'))};\n` +
        `const r = await query(${JSON.stringify(wh)}, 'select count(*) as n from enriched.orders');\n` +
        'console.log(JSON.stringify(r.rows));\n',
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      encoding: 'utf8',
      timeout: 25_000,
    });
    // killed at 25 s otherwise (status null): the 30 s idle timer and the open engine did not hold the process
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '[[3]]\n', '']);
  });
});

import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, openWarehouse, query } from '../../src/index.js';
import { tempDir } from '../helpers/tmp.js';
import { lazy, removeLazyWarehouse, tinyWarehouse } from './warehouse.js';

const refused: [string, string][] = [
  ['insert into enriched.orders select * from enriched.orders', 'INSERT'],
  ["update enriched.orders set order_id = 'x'", 'UPDATE'],
  ['delete from enriched.orders', 'DELETE'],
  ['truncate enriched.orders', 'TRUNCATE'],
  ['merge into enriched.orders using (select 1 as a) s on true when matched then delete', 'MERGE INTO'],
  ['drop view enriched.orders', 'DROP'],
  ['create table t as select 1', 'CREATE'],
  ['create macro m(a) as a', 'CREATE'],
  ['alter view enriched.orders rename to o', 'ALTER'],
  ["copy (select 1) to '/tmp/ecomflow-x.csv'", 'COPY'],
  ["copy enriched.orders to '/tmp/ecomflow-x.csv'", 'COPY'],
  ["export database '/tmp/ecomflow-export'", 'EXPORT'],
  ["attach '/tmp/ecomflow-x.db' as x", 'ATTACH'],
  ["attach ':memory:' as x", 'ATTACH'],
  ['detach memory', 'DETACH'],
  ['install httpfs', 'INSTALL'],
  ['load httpfs', 'LOAD'],
  ['update extensions', 'UPDATE EXTENSIONS'],
  ['set enable_external_access = true', 'SET'],
  ['reset lock_configuration', 'RESET'],
  ['use memory', 'USE'],
  ['set variable x = 1', 'SET'],
  ['pragma enable_profiling', 'PRAGMA'],
  ['call pragma_version()', 'CALL'],
  ['checkpoint', 'CHECKPOINT'],
  ['vacuum', 'VACUUM'],
  ['begin transaction', 'TRANSACTION'],
  ['prepare p as select 1', 'PREPARE'],
  ['explain analyze create table t as select 1', 'EXPLAIN of CREATE'],
  ["explain analyze copy (select 1) to '/tmp/ecomflow-x.csv'", 'EXPLAIN of COPY'],
  ['select 1; drop view enriched.orders', 'DROP'],
];

describe('the statement guard', () => {
  const wh = lazy(tinyWarehouse);
  afterAll(async () => {
    await removeLazyWarehouse(wh);
  });

  for (const [sql, label] of refused) {
    it(`refuses ${label}: ${sql}`, async () => {
      const e = await query(await wh(), sql).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      expect(e).toMatchObject({
        rule: 'sql.read_only',
        message: `ecomflow sql is read-only: ${label} statements are not allowed`,
      });
    });
  }

  it('runs nothing when any statement is refused', async () => {
    const db = await openWarehouse(await wh());
    try {
      await expect(db.run('select 1; drop view enriched.orders')).rejects.toThrow('DROP');
      expect((await db.run('select count(*) as n from enriched.orders')).rows).toEqual([[3]]);
    } finally {
      db.close();
    }
  });

  it('refuses reading files beyond the warehouse tables, as a read-only error', async () => {
    await expect(query(await wh(), "select * from read_csv('/etc/passwd')")).rejects.toMatchObject({
      rule: 'sql.read_only',
      message:
        'ecomflow sql is read-only: Permission Error: Cannot access file "/etc/passwd" - ' +
        'file system operations are disabled by configuration',
    });
  });
});

describe('the engine lock (statements run past the guard)', () => {
  const wh = lazy(tinyWarehouse);
  const scratch = lazy(() => tempDir());
  afterAll(async () => {
    await removeLazyWarehouse(wh);
    const dir = scratch.made();
    if (dir !== undefined) rmSync(await dir, { recursive: true, force: true });
  });
  const raw = async (sql: string): Promise<unknown> => {
    const db = await openWarehouse(await wh());
    try {
      await db.connection.run(sql);
      return 'ran';
    } catch (error) {
      return (error as Error).message.split('\n')[0];
    } finally {
      db.close();
    }
  };

  it('still reads the views', async () => {
    expect(await raw('select * from enriched.orders')).toBe('ran');
  });

  it('refuses reading other files, even beside the tables', async () => {
    expect(await raw("select * from read_csv('/etc/passwd')")).toMatch(
      /^Permission Error: Cannot access file "\/etc\/passwd"/,
    );
    expect(await raw(`select * from read_parquet('${await wh()}/enriched/*.parquet')`)).toMatch(/^Permission Error/);
    expect(await raw("select * from glob('/etc/*')")).toMatch(/^Permission Error/);
  });

  it('refuses writing files, inside the warehouse too', async () => {
    const outside = join(await scratch(), 'x.csv');
    const inside = join(await wh(), 'enriched', 'x.csv');
    expect(await raw(`copy (select 1) to '${outside}'`)).toMatch(/^Permission Error/);
    expect(await raw(`copy (select 1) to '${inside}'`)).toMatch(/^Permission Error/);
    expect(existsSync(outside) || existsSync(inside)).toBe(false);
  });

  it('refuses attaching database files and loading extensions', async () => {
    const db = join(await scratch(), 'x.db');
    expect(await raw(`attach '${db}' as x`)).toMatch(/^Permission Error/);
    expect(existsSync(db)).toBe(false);
    expect(await raw('install httpfs')).toMatch(/^Permission Error/);
    expect(await raw('load httpfs')).toMatch(/^Permission Error/);
  });

  it('refuses changing the configuration back', async () => {
    expect(await raw('set enable_external_access = true')).toMatch(/the configuration has been locked/);
    expect(await raw('set lock_configuration = false')).toMatch(/the configuration has been locked/);
    expect(await raw("set allowed_paths = ['/etc/passwd']")).toMatch(/the configuration has been locked/);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { formatCsv, openWarehouse, type WarehouseDb } from '../../src/index.js';
import { csvLinesQuery } from '../../src/sql/csv-sql.js';
import { sink } from '../helpers/cli.js';
import { TRICKY } from './tricky-csv-values.js';
import { emptyWarehouse, removeWarehouse, writeTable } from './warehouse.js';

describe('CSV lines rendered by DuckDB', () => {
  let wh: string | undefined;
  let db: WarehouseDb | undefined;
  const open = async (): Promise<WarehouseDb> => {
    if (db === undefined) {
      wh = emptyWarehouse();
      await writeTable(wh, 'enriched/orders.parquet', TRICKY);
      db = await openWarehouse(wh);
    }
    return db;
  };
  afterAll(() => {
    db?.close();
    if (wh !== undefined) removeWarehouse(wh);
  });
  const rendered: Record<string, string> = {};
  const exported = async (sql: string, escapeFormulas: boolean): Promise<string> => {
    const out = sink();
    rendered[sql] = (await (await open()).exportCsv(sql, out, { escapeFormulas })).renderedBy;
    return out.text();
  };

  for (const escapeFormulas of [false, true]) {
    const label = escapeFormulas ? ', formulas escaped' : '';
    it(`writes exactly what formatCsv writes, every tricky value${label}`, async () => {
      const sql = `${TRICKY} order by id`;
      const d = await open();
      const result = await d.run(sql);
      expect(result.columns.map((c) => c.type)).toEqual([
        'INTEGER',
        'VARCHAR',
        'TINYINT',
        'BIGINT',
        'HUGEINT',
        'UBIGINT',
        'DECIMAL(18,2)',
        'DECIMAL(38,10)',
        'BOOLEAN',
        'DATE',
      ]);
      expect(csvLinesQuery(sql, result.columns, { escapeFormulas })).toBeDefined(); // DuckDB renders these
      const expected = formatCsv(result, { escapeFormulas });
      expect(expected.split('\n').length).toBeGreaterThan(26);
      expect(await exported(sql, escapeFormulas)).toBe(expected);
      expect(rendered[sql]).toBe('duckdb');
    });
  }

  it('renders in DuckDB only the types it renders the same, and falls back for the others', async () => {
    const d = await open();
    const columns = (await d.run(`${TRICKY} limit 0`)).columns;
    expect(csvLinesQuery('select 1', columns)).toMatch(
      /^select coalesce\(c1::varchar, ''\) \|\| ',' \|\| case when c2 is null/,
    );
    for (const q of [
      'select 0.1::double as x, 0.1::float as f',
      "select timestamp '2016-08-21 10:00:00' as t, [1, 2] as l, {'a': 1} as s, 'a'::blob as b",
      "select uuid '7e0b5b4e-8b1a-4b4e-9b1a-4b4e8b1a4b4e' as u, interval 3 day as i",
    ]) {
      expect(csvLinesQuery(q, (await d.run(q)).columns), q).toBeUndefined();
      expect(await exported(q, true), q).toBe(formatCsv(await d.run(q), { escapeFormulas: true }));
      expect(rendered[q], q).toBe('javascript');
    }
  });

  it('keeps the order of an ordered query, and the statements around the last one', async () => {
    const d = await open();
    const big = 'select range as n, (range % 7)::varchar as s from range(300000) order by s desc, n desc';
    expect(await exported(big, false)).toBe(formatCsv(await d.run(big)));
    expect(rendered[big]).toBe('duckdb');
    for (const q of [
      'select 1 as a; select 2 as b -- a trailing comment',
      'from enriched.orders select id, d where id < 4 order by id',
      'select * from enriched.orders order by id',
      'describe enriched.orders',
      'show tables',
      "select 1 as a, 'x' as a",
      'select * from enriched.orders where false',
    ]) {
      expect(await exported(q, false), q).toBe(formatCsv(await d.run(q)));
    }
    expect(rendered['select 1 as a; select 2 as b -- a trailing comment']).toBe('duckdb');
  });

  it('fails on an error met mid-stream, with DuckDB’s reason, after the rows before it', async () => {
    const out = sink();
    const q = "select case when range = 1500000 then error('boom') else range end as n from range(3000000)";
    await expect((await open()).exportCsv(q, out)).rejects.toMatchObject({
      rule: 'sql.failed',
      message: 'Invalid Input Error: boom',
    });
    const lines = out.text().split('\n');
    expect(lines[0]).toBe('n');
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.length).toBeLessThan(1500000);
  });
});

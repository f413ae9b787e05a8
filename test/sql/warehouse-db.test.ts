import { mkdirSync, readFileSync, realpathSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, openWarehouse, query } from '../../src/index.js';
import { warehouseRoot } from '../../src/sql/warehouse-db.js';
import { tempDir } from '../helpers/tmp.js';
import { emptyWarehouse, lazy, removeLazyWarehouse, removeWarehouse, tinyWarehouse, writeTable } from './warehouse.js';

describe('query', () => {
  const wh = lazy(tinyWarehouse);
  afterAll(async () => {
    await removeLazyWarehouse(wh);
  });

  it('reads the warehouse tables as <layer>.<table> with exact values', async () => {
    const r = await query(
      await wh(),
      'select row_id, order_date, customer_name, profit, big from enriched.orders order by row_id',
    );
    expect(r.columns).toEqual([
      { name: 'row_id', type: 'BIGINT' },
      { name: 'order_date', type: 'DATE' },
      { name: 'customer_name', type: 'VARCHAR' },
      { name: 'profit', type: 'DECIMAL(18,2)' },
      { name: 'big', type: 'BIGINT' },
    ]);
    expect(r.rows).toEqual([
      [1, '2016-08-21', 'Smith, "Jo"', '12.30', '9007199254740993'],
      [2, '2017-01-02', null, '-0.05', 5],
      [3, '2017-12-31', '', '100.00', -9007199254740991],
    ]);
  });

  it('keeps sums exact and prints floats without noise', async () => {
    const r = await query(
      await wh(),
      'select sum(profit) as total, 0.1::float as f, 0.5::double as d, true as b from enriched.orders',
    );
    expect(r.rows).toEqual([['112.25', 0.1, 0.5, true]]);
    const dates = await query(
      await wh(),
      "select 'infinity'::date as a, '-infinity'::date as b, date '0001-01-01' as c",
    );
    expect(dates.rows).toEqual([['infinity', '-infinity', '0001-01-01']]);
    expect(r.columns[0]).toEqual({ name: 'total', type: 'DECIMAL(38,2)' });
  });

  it('returns the last result of several statements', async () => {
    expect((await query(await wh(), 'select 1 as a; select 2 as b;')).rows).toEqual([[2]]);
  });

  it('allows DESCRIBE, SHOW, SUMMARIZE and EXPLAIN', async () => {
    const d = await query(await wh(), 'describe enriched.orders');
    expect(d.rows.map((r) => r[0])).toContain('profit');
    expect((await query(await wh(), 'show all tables')).rows.map((r) => `${String(r[1])}.${String(r[2])}`)).toEqual([
      'aggregates.profit_by_year',
      'enriched.orders',
    ]);
    expect((await query(await wh(), 'summarize aggregates.profit_by_year')).rows).toHaveLength(2);
    expect((await query(await wh(), 'explain select * from enriched.orders')).columns.map((c) => c.name)).toEqual([
      'explain_key',
      'explain_value',
    ]);
  });

  it('names a missing table with DuckDB’s message on one line and the available tables', async () => {
    const e = await query(await wh(), 'select * from enriched.order').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect(e).toMatchObject({ rule: 'sql.table_not_found' });
    expect((e as Error).message).toBe(
      'Catalog Error: Table with name order does not exist! Did you mean "orders"? ' +
        '(available tables: aggregates.profit_by_year, enriched.orders)',
    );
  });

  it('reports syntax errors with DuckDB’s message', async () => {
    await expect(query(await wh(), 'selec 1')).rejects.toMatchObject({
      rule: 'sql.syntax',
      message: 'Parser Error: syntax error at or near "selec"',
    });
    await expect(query(await wh(), '  -- nothing\n')).rejects.toMatchObject({ rule: 'sql.empty' });
  });

  it('refuses a folder that does not exist or is not a warehouse, naming it', async () => {
    const scratch = tempDir();
    const missing = join(scratch, 'nope');
    await expect(query(missing, 'select 1')).rejects.toMatchObject({
      rule: 'sql.no_warehouse',
      message: `${missing}: warehouse folder not found`,
    });
    const plain = tempDir();
    await expect(query(plain, 'select 1')).rejects.toMatchObject({
      rule: 'sql.not_a_warehouse',
      message: `${plain}: is not an ecomflow warehouse (no _ecomflow_warehouse.json)`,
    });
    expect((await query(plain, 'select 1 as a', { requireMarker: false })).rows).toEqual([[1]]);
    // warehouseRoot: the same checks, and the folder's real path
    await expect(warehouseRoot(missing, false)).rejects.toMatchObject({ rule: 'sql.no_warehouse' });
    await expect(warehouseRoot(plain, true)).rejects.toMatchObject({ rule: 'sql.not_a_warehouse' });
    expect(await warehouseRoot(plain, false)).toBe(realpathSync(plain));
    rmSync(plain, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('lists the warehouse tables with show tables, in any case, beside other statements', async () => {
    const expected = [
      ['enriched.orders', 'enriched/orders.parquet', null],
      ['aggregates.profit_by_year', 'aggregates/profit_by_year.parquet', null],
    ];
    const shown = await query(await wh(), 'show tables');
    expect(shown.columns).toEqual([
      { name: 'name', type: 'VARCHAR' },
      { name: 'source', type: 'VARCHAR' },
      { name: 'problem', type: 'VARCHAR' },
    ]);
    expect(shown.rows).toEqual(expected);
    expect((await query(await wh(), '/* tables */ SHOW   Tables; -- all of them')).rows).toEqual(expected);
    expect((await query(await wh(), 'select 1 -- one;\n; show tables')).rows).toEqual(expected);
    expect((await query(await wh(), 'show tables from enriched')).rows).toEqual([['orders']]);
    expect((await query(await wh(), "select 'show tables' as t")).rows).toEqual([['show tables']]);
  });

  it('streams a result chunk by chunk, converting rows only when asked', async () => {
    const db = await openWarehouse(await wh());
    try {
      const stream = await db.stream('select range as n from range(100000)');
      expect(stream.columns).toEqual([{ name: 'n', type: 'BIGINT' }]);
      let rows = 0;
      let chunks = 0;
      let last = -1;
      for await (const chunk of stream.chunks()) {
        chunks += 1;
        expect(chunk.rowCount).toBeLessThanOrEqual(2048);
        if (chunks === 3) {
          const converted = chunk.rows();
          expect(converted[0]).toEqual([rows]);
          last = converted.length;
        }
        rows += chunk.rowCount;
      }
      expect(rows).toBe(100000);
      expect(chunks).toBeGreaterThan(40);
      expect(last).toBe(2048);
      await expect(stream.chunks().next()).rejects.toThrow('a query stream can be read once');
      // the connection serves the next query
      expect((await db.run('select 42 as x')).rows).toEqual([[42]]);
    } finally {
      db.close();
    }
  });

  it('reports an error DuckDB raises while the rows stream as an InputError', async () => {
    const db = await openWarehouse(await wh());
    try {
      let rows = 0;
      const read = async (): Promise<void> => {
        const stream = await db.stream(
          "select case when range = 1500000 then error('boom') else range end as n from range(3000000)",
        );
        for await (const chunk of stream.chunks()) rows += chunk.rowCount;
      };
      await expect(read()).rejects.toMatchObject({ rule: 'sql.failed', message: 'Invalid Input Error: boom' });
      expect(rows).toBeGreaterThan(0); // rows came before the failure: it was raised mid-stream
    } finally {
      db.close();
    }
  });

  it('runs several queries at once, each as it runs alone, every one locked', async () => {
    const db = await openWarehouse(await wh());
    try {
      const sqls = [
        'select row_id, profit from enriched.orders order by row_id',
        'select sum(profit) as total from enriched.orders',
        'select count(*) as n from aggregates.profit_by_year',
      ];
      const alone = [];
      for (const sql of sqls) alone.push(await db.run(sql));
      expect(await Promise.all([...sqls, ...sqls].map((sql) => db.run(sql)))).toEqual([...alone, ...alone]);
      expect(alone[1]!.rows).toEqual([['112.25']]);
      const refused = await Promise.allSettled([
        db.run("select * from read_csv('/etc/passwd')"),
        db.run('select count(*) as n from enriched.orders'),
      ]);
      expect(refused.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    } finally {
      db.close();
    }
  });

  it('opens only the tables named in `tables` (missing or malformed names are left out)', async () => {
    const db = await openWarehouse(await wh(), { tables: ['enriched.orders', 'raw.nothing', 'nolayer', 'x.orders'] });
    try {
      expect(db.tables).toEqual(['enriched.orders']);
      expect((await db.run('select count(*) as n from enriched.orders')).rows).toEqual([[3]]);
      await expect(db.run('select * from aggregates.profit_by_year')).rejects.toThrow(/profit_by_year/);
    } finally {
      db.close();
    }
  });

  it('opens a warehouse with missing layers: every schema exists, tables are the files present', async () => {
    const scratch = tempDir();
    const w = join(scratch, 'w');
    mkdirSync(join(w, 'raw'), { recursive: true });
    const db = await openWarehouse(w, { requireMarker: false });
    try {
      expect(db.tables).toEqual([]);
      expect(
        (
          await db.run(
            'select schema_name from information_schema.schemata ' +
              "where schema_name in ('raw','enriched','rejects','aggregates') order by 1",
          )
        ).rows,
      ).toEqual([['aggregates'], ['enriched'], ['raw'], ['rejects']]);
    } finally {
      db.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('preview', () => {
  const wh = lazy(tinyWarehouse);
  afterAll(async () => {
    await removeLazyWarehouse(wh);
  });

  it('gives the first rows, converted as query() converts them, and the row count', async () => {
    const db = await openWarehouse(await wh());
    try {
      const q = 'select row_id, order_date, customer_name, profit, big from enriched.orders order by row_id';
      const all = await db.run(q);
      expect(await db.preview(q, 2)).toEqual({ columns: all.columns, rows: all.rows.slice(0, 2), total: 3 });
      expect(await db.preview(q, 40)).toEqual({ columns: all.columns, rows: all.rows, total: 3 });
      expect(await db.preview(q, 0)).toEqual({ columns: all.columns, rows: [], total: 3 });
      expect(await db.preview(`${q} limit 0`, 5)).toEqual({ columns: all.columns, rows: [], total: 0 });
    } finally {
      db.close();
    }
  });

  it('keeps the order of an ordered query over many rows, and odd column names', async () => {
    const db = await openWarehouse(await wh());
    try {
      const p = await db.preview(
        'select range as n, \'x\' as n, null as "c1" from range(300000) order by range desc',
        3,
      );
      expect(p.total).toBe(300000);
      expect(p.rows).toEqual([
        [299999, 'x', null],
        [299998, 'x', null],
        [299997, 'x', null],
      ]);
      expect(p.columns.map((c) => c.name)).toEqual(['n', 'n', 'c1']);
      expect((await db.preview('select 1 as a; select 2 as b', 5)).rows).toEqual([[2]]);
      const plan = await db.preview('explain select * from enriched.orders', 5);
      expect(plan.columns.map((c) => c.name)).toEqual(['explain_key', 'explain_value']);
      expect(plan.total).toBe(1);
    } finally {
      db.close();
    }
  });
});

describe('table names taken from file names', () => {
  it('quotes them, in the views and in show tables', async () => {
    const w = emptyWarehouse();
    try {
      await writeTable(w, `enriched/o'rd"ers; drop view x.parquet`, 'select 1 as a');
      const name = `enriched.o'rd"ers; drop view x`;
      expect((await query(w, 'show tables')).rows).toEqual([[name, `enriched/o'rd"ers; drop view x.parquet`, null]]);
      expect((await query(w, `select a from enriched."o'rd""ers; drop view x"`)).rows).toEqual([[1]]);
    } finally {
      removeWarehouse(w);
    }
  });
});

describe('a warehouse with a damaged Parquet file', () => {
  const make = async (): Promise<string> => {
    const wh = await tinyWarehouse();
    const file = join(wh, 'aggregates/profit_by_year.parquet');
    truncateSync(file, Math.floor(readFileSync(file).length / 2));
    return wh;
  };
  const wh = lazy(make);
  afterAll(async () => {
    await removeLazyWarehouse(wh);
  });

  it('still answers queries over the other tables', async () => {
    expect((await query(await wh(), 'select count(*) as n from enriched.orders')).rows).toEqual([[3]]);
    const db = await openWarehouse(await wh());
    try {
      expect(db.tables).toEqual(['enriched.orders']);
      expect(db.damaged).toEqual([
        {
          name: 'aggregates.profit_by_year',
          file: join(await wh(), 'aggregates/profit_by_year.parquet'),
          reason: expect.stringMatching(/^Invalid Input Error: No magic bytes found at end of file/) as string,
        },
      ]);
    } finally {
      db.close();
    }
  });

  it('names the file in the error of every query that touches it', async () => {
    const file = join(await wh(), 'aggregates/profit_by_year.parquet');
    for (const sql of [
      'select * from aggregates.profit_by_year',
      'select * from enriched.orders o join "Aggregates".Profit_By_Year p using (order_year)',
      'with y as (select * from aggregates.profit_by_year) select count(*) from y',
      'describe aggregates.profit_by_year',
      'select 1; select * from aggregates.profit_by_year',
    ]) {
      const e = await query(await wh(), sql).catch((x: unknown) => x);
      expect(e, sql).toBeInstanceOf(InputError);
      expect(e, sql).toMatchObject({
        rule: 'sql.damaged_table',
        where: { file },
        message:
          `${file}: table aggregates.profit_by_year cannot be read ` +
          '(Invalid Input Error: No magic bytes found at end of file)',
      });
    }
  });

  it('keeps a missing table a missing table, noting the damaged one', async () => {
    await expect(query(await wh(), 'select * from aggregates.nope')).rejects.toMatchObject({
      rule: 'sql.table_not_found',
      message: expect.stringMatching(
        /\(available tables: enriched\.orders; damaged: aggregates\.profit_by_year\)$/,
      ) as string,
    });
  });

  it('shows the damage in show tables', async () => {
    expect((await query(await wh(), 'show tables')).rows).toEqual([
      ['enriched.orders', 'enriched/orders.parquet', null],
      [
        'aggregates.profit_by_year',
        'aggregates/profit_by_year.parquet',
        expect.stringMatching(/^Invalid Input Error: No magic bytes/) as string,
      ],
    ]);
  });

  it('names a file whose pages are damaged, found only when its rows are read', async () => {
    const w = emptyWarehouse();
    try {
      await writeTable(
        w,
        'enriched/orders.parquet',
        "select range as a, 'name ' || (range % 97) as b from range(50000)",
      );
      await writeTable(w, 'aggregates/profit_by_year.parquet', 'select 2016 as order_year');
      const file = join(w, 'enriched/orders.parquet');
      const bytes = readFileSync(file);
      bytes.fill(0xff, 4, 40); // the first page header: DuckDB's message does not name the file
      writeFileSync(file, bytes);
      expect((await query(w, 'select count(*) as n from enriched.orders')).rows).toEqual([[50000]]); // metadata only
      await expect(query(w, 'select sum(a) from enriched.orders, aggregates.profit_by_year')).rejects.toMatchObject({
        rule: 'sql.damaged_table',
        where: { file },
        message: expect.stringMatching(
          new RegExp(`^${file}: table enriched\\.orders cannot be read \\(Invalid Error: `),
        ) as string,
      });
      expect((await query(w, 'select * from aggregates.profit_by_year')).rows).toEqual([[2016]]);
      // a failure of the query itself is not blamed on a file
      await expect(query(w, "select error('boom') from aggregates.profit_by_year")).rejects.toMatchObject({
        rule: 'sql.failed',
        message: 'Invalid Input Error: boom',
      });
    } finally {
      removeWarehouse(w);
    }
  });

  it('names a file damaged late, met only after rows have streamed', async () => {
    const w = emptyWarehouse();
    try {
      await writeTable(
        w,
        'enriched/orders.parquet',
        "select range as a, 'name ' || (range % 977) as b from range(1000000)",
      );
      const file = join(w, 'enriched/orders.parquet');
      const bytes = readFileSync(file);
      const at = Math.floor(bytes.length * 0.8);
      bytes.fill(0x55, at, at + 64);
      writeFileSync(file, bytes);
      const db = await openWarehouse(w);
      let rows = 0;
      try {
        const read = async (): Promise<void> => {
          for await (const chunk of (await db.stream('select * from enriched.orders')).chunks()) rows += chunk.rowCount;
        };
        await expect(read()).rejects.toMatchObject({ rule: 'sql.damaged_table', where: { file } });
      } finally {
        db.close();
      }
      expect(rows).toBeGreaterThan(0);
      expect(rows).toBeLessThan(1000000);
    } finally {
      removeWarehouse(w);
    }
  });

  it('names a folder table with no part files', async () => {
    const w = emptyWarehouse();
    try {
      mkdirSync(join(w, 'enriched/orders.parquet'), { recursive: true });
      writeFileSync(join(w, 'enriched/orders.parquet/_SUCCESS'), '');
      await expect(query(w, 'select * from enriched.orders')).rejects.toMatchObject({
        rule: 'sql.damaged_table',
        message:
          `${join(w, 'enriched/orders.parquet/')}: ` +
          'table enriched.orders cannot be read (holds no Parquet part files)',
      });
    } finally {
      removeWarehouse(w);
    }
  });
});

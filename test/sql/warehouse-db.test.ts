import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, openWarehouse, query } from '../../src/index.js';
import { tempDir } from '../helpers/tmp.js';
import { tinyWarehouse } from './warehouse.js';

describe('query', () => {
  const wh = tinyWarehouse();

  it('reads the warehouse tables as <layer>.<table> with exact values', async () => {
    const r = await query(
      await wh,
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
      await wh,
      'select sum(profit) as total, 0.1::float as f, 0.5::double as d, true as b from enriched.orders',
    );
    expect(r.rows).toEqual([['112.25', 0.1, 0.5, true]]);
    expect(r.columns[0]).toEqual({ name: 'total', type: 'DECIMAL(38,2)' });
  });

  it('returns the last result of several statements', async () => {
    expect((await query(await wh, 'select 1 as a; select 2 as b;')).rows).toEqual([[2]]);
  });

  it('allows DESCRIBE, SHOW, SUMMARIZE and EXPLAIN', async () => {
    const d = await query(await wh, 'describe enriched.orders');
    expect(d.rows.map((r) => r[0])).toContain('profit');
    expect((await query(await wh, 'show all tables')).rows.map((r) => `${String(r[1])}.${String(r[2])}`)).toEqual([
      'aggregates.profit_by_year',
      'enriched.orders',
    ]);
    expect((await query(await wh, 'summarize aggregates.profit_by_year')).rows).toHaveLength(2);
    expect((await query(await wh, 'explain select * from enriched.orders')).columns.map((c) => c.name)).toEqual([
      'explain_key',
      'explain_value',
    ]);
  });

  it('names a missing table with DuckDB’s message on one line and the available tables', async () => {
    const e = await query(await wh, 'select * from enriched.order').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect(e).toMatchObject({ rule: 'sql.table_not_found' });
    expect((e as Error).message).toBe(
      'Catalog Error: Table with name order does not exist! Did you mean "orders"? (available tables: ' +
        'aggregates.profit_by_year, enriched.orders)',
    );
  });

  it('reports syntax errors with DuckDB’s message', async () => {
    await expect(query(await wh, 'selec 1')).rejects.toMatchObject({
      rule: 'sql.syntax',
      message: 'Parser Error: syntax error at or near "selec"',
    });
    await expect(query(await wh, '  -- nothing\n')).rejects.toMatchObject({ rule: 'sql.empty' });
  });

  it('refuses a folder that does not exist or is not a warehouse, naming it', async () => {
    const missing = join(tempDir(), 'nope');
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
  });

  it('opens a warehouse with missing layers: every schema exists, tables are the files present', async () => {
    const w = join(tempDir(), 'w');
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
      rmSync(w, { recursive: true, force: true });
    }
  });
});

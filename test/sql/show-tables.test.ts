import { describe, expect, it } from 'vitest';
import { rewriteShowTables } from '../../src/sql/show-tables.js';

const tables = [
  { name: 'raw.orders', source: 'raw/orders.parquet', problem: null },
  { name: "enriched.o'rders", source: 'enriched/orders.parquet/', problem: "can't read" },
];

describe('rewriteShowTables', () => {
  it('answers a show tables statement with the listing', () => {
    expect(rewriteShowTables('show tables', tables)).toBe(
      "select * from (values ('raw.orders', 'raw/orders.parquet', null::varchar), " +
        "('enriched.o''rders', 'enriched/orders.parquet/', 'can''t read'::varchar)) t(name, source, problem)",
    );
    expect(rewriteShowTables('SHOW TABLES', [])).toBe(
      'select null::varchar as name, null::varchar as source, null::varchar as problem where false',
    );
  });

  it('leaves any other text exactly as it is', () => {
    for (const sql of [
      'show tables from raw',
      'show all tables',
      "select 'show tables'",
      'show tables_x',
      'describe raw.orders',
    ]) {
      expect(rewriteShowTables(sql, tables)).toBe(sql);
    }
  });

  it('keeps the other statements, on lines of their own so a -- comment cannot swallow a ;', () => {
    const out = rewriteShowTables('select 1 -- first\n; show tables; select 2', tables);
    expect(out.split('\n;\n')).toHaveLength(3);
    expect(out.startsWith('select 1 -- first\n;\nselect * from (values')).toBe(true);
    expect(out.endsWith('\n;\nselect 2')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { duckdb } from '../../src/sql/duckdb-api.js';
import { tableViewSql } from '../../src/sql/engine.js';
import { preparedColumns } from '../../src/sql/query-result.js';
import type { TableSource } from '../../src/io/warehouse/table-files.js';

const source = (over: Partial<TableSource>): TableSource => ({
  layer: 'enriched',
  table: 'orders',
  name: 'enriched.orders',
  source: 'enriched/orders.parquet',
  files: ["/w/it's/orders.parquet"],
  stamp: '',
  ...over,
});

describe('tableViewSql and preparedColumns', () => {
  it('makes a view over the Parquet files, and an empty Delta table a view of its columns', () => {
    expect(tableViewSql(source({}))).toBe(
      `CREATE VIEW "enriched"."orders" AS SELECT * FROM read_parquet(['/w/it''s/orders.parquet'])`,
    );
    expect(tableViewSql(source({ files: [], deltaColumns: [{ name: 'n', type: 'long' }] }))).toBe(
      'CREATE VIEW "enriched"."orders" AS SELECT CAST(NULL AS BIGINT) AS "n" WHERE false',
    );
  });

  it('gives a prepared statement’s columns before it runs', async () => {
    const instance = await duckdb().DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run('CREATE SCHEMA enriched');
      await connection.run(tableViewSql(source({ files: [], deltaColumns: [{ name: 'n', type: 'long' }] })));
      const prepared = await connection.prepare("select n, 1.50::decimal(18,2) as p, 'x' as s from enriched.orders");
      expect(preparedColumns(prepared)).toEqual([
        { name: 'n', type: 'BIGINT' },
        { name: 'p', type: 'DECIMAL(18,2)' },
        { name: 's', type: 'VARCHAR' },
      ]);
      prepared.destroySync();
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

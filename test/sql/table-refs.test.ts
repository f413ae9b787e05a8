import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { referencedTables } from '../../src/sql/table-refs.js';

describe('referencedTables', () => {
  it('reads the qualified tables of every statement from DuckDB’s parse tree', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      expect(
        await referencedTables(
          connection,
          'with t as (select * from raw.orders) select * from t join "Enriched".Customers c using (a) ' +
            "where a in (select a from rejects.orders) and b = 'x.y'; describe aggregates.profit_by_year",
        ),
      ).toEqual(['raw.orders', 'enriched.customers', 'rejects.orders', 'aggregates.profit_by_year']);
      expect(await referencedTables(connection, 'select 1')).toEqual([]);
      expect(await referencedTables(connection, 'selec 1')).toBeUndefined();
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

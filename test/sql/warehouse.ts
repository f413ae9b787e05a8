/** A tiny hand-made warehouse for the SQL tests, written with DuckDB: odd values on purpose. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqlPath, withDuck } from '../helpers/duckdb.js';
import { tempDir } from '../helpers/tmp.js';

/** Makes a warehouse folder (with its marker) holding enriched.orders and aggregates.profit_by_year. */
export async function tinyWarehouse(): Promise<string> {
  const wh = join(tempDir('ecomflow-sql-'), 'warehouse');
  mkdirSync(join(wh, 'enriched'), { recursive: true });
  mkdirSync(join(wh, 'aggregates'), { recursive: true });
  writeFileSync(join(wh, '_ecomflow_warehouse.json'), '{"tool":"ecomflow","layout":1}\n');
  await withDuck(async (q) => {
    await q(`copy (
      select * from (values
        (1::bigint, 'CA-1', date '2016-08-21', 'Smith, "Jo"', 12.30::decimal(18,2), 2016, 'Furniture',
         9007199254740993::bigint),
        (2::bigint, 'CA-2', date '2017-01-02', null, -0.05::decimal(18,2), 2017, null, 5::bigint),
        (3::bigint, 'CA-3', date '2017-12-31', '', 100.00::decimal(18,2), 2017, 'Technology', -9007199254740991::bigint)
      ) t(row_id, order_id, order_date, customer_name, profit, order_year, category, big)
    ) to ${sqlPath(join(wh, 'enriched/orders.parquet'))} (format parquet)`);
    await q(`copy (select 2016 as order_year, 12.30::decimal(18,2) as profit union all select 2017, 99.95)
      to ${sqlPath(join(wh, 'aggregates/profit_by_year.parquet'))} (format parquet)`);
  });
  return wh;
}

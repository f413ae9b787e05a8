/** Hand-made warehouses for the SQL tests, written with DuckDB: odd values on purpose. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sqlPath, withDuck } from '../helpers/duckdb.js';
import { tempDir } from '../helpers/tmp.js';

/** A fresh warehouse folder with its marker and the given layer folders, inside a temp folder of its own. */
export function emptyWarehouse(layers: readonly string[] = ['enriched', 'aggregates']): string {
  const wh = join(tempDir('ecomflow-sql-'), 'warehouse');
  for (const layer of layers) mkdirSync(join(wh, layer), { recursive: true });
  mkdirSync(wh, { recursive: true });
  writeFileSync(join(wh, '_ecomflow_warehouse.json'), '{"tool":"ecomflow","layout":1}\n');
  return wh;
}

/** Makes a warehouse folder (with its marker) holding enriched.orders and aggregates.profit_by_year. */
export async function tinyWarehouse(): Promise<string> {
  const wh = emptyWarehouse();
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

/** Writes the rows of `select` as the Parquet file `file` of the warehouse (`enriched/orders.parquet`). */
export async function writeTable(wh: string, file: string, select: string): Promise<void> {
  mkdirSync(dirname(join(wh, file)), { recursive: true });
  await withDuck(async (q) => {
    await q(`copy (${select}) to ${sqlPath(join(wh, file))} (format parquet)`);
  });
}

/** Removes a warehouse made here, with the temp folder around it. */
export function removeWarehouse(wh: string): void {
  rmSync(dirname(wh), { recursive: true, force: true });
}

/** A value made on first use (so a test file does no work while vitest collects it), then kept. */
export interface Lazy<T> {
  (): Promise<T>;
  /** The value when it has been made, for clean-up; undefined otherwise. */
  made(): Promise<T> | undefined;
}

/** Wraps `make` so it runs on the first call only. */
export function lazy<T>(make: () => Promise<T> | T): Lazy<T> {
  let value: Promise<T> | undefined;
  const get = (): Promise<T> => (value ??= Promise.resolve().then(make));
  return Object.assign(get, { made: () => value });
}

/** Removes a lazily made warehouse, if it was made. */
export async function removeLazyWarehouse(wh: Lazy<string>): Promise<void> {
  const made = wh.made();
  if (made !== undefined) removeWarehouse(await made);
}

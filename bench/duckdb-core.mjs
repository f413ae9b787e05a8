// The benchmark's core DuckDB peer: the three sources → enriched order lines → the five aggregates as Parquet,
// nothing else (bench/duckdb/core.sql). Plain SQL, one thread per core, one process.
//
//   node bench/duckdb-core.mjs --customers <customers.csv> --products <Products.csv> --orders <Orders.json>
//     --out <dir> [--orders-format array|newline_delimited] [--threads N] [--timings]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { copyParquet, literal, openDuck, runScript, sqlDir, sqlFile, stepTimer } from './duckdb/run-sql.mjs';

const { values: a } = parseArgs({
  options: {
    customers: { type: 'string' },
    products: { type: 'string' },
    orders: { type: 'string' },
    out: { type: 'string' },
    'orders-format': { type: 'string', default: 'array' },
    threads: { type: 'string' },
    timings: { type: 'boolean', default: false },
  },
});
for (const k of ['customers', 'products', 'orders', 'out'])
  if (a[k] === undefined) throw new Error(`--${k} is required`);

const step = stepTimer(a.timings);
const duck = await step('open DuckDB', () => openDuck(a.threads === undefined ? undefined : Number(a.threads)));
const params = {
  customers: literal(a.customers),
  products: literal(a.products),
  orders: literal(a.orders),
  orders_format: literal(a['orders-format']),
};
await runScript(duck, sqlFile(join(sqlDir, 'core.sql'), params), step);
await step('COPY enriched_orders', () =>
  copyParquet(duck, 'enriched_orders', join(a.out, 'enriched', 'orders.parquet')),
);
for (const name of [
  'profit_by_year',
  'profit_by_category',
  'profit_by_sub_category',
  'profit_by_customer',
  'profit_summary',
]) {
  await step(`COPY ${name}`, () => copyParquet(duck, name, join(a.out, 'aggregates', `${name}.parquet`)));
}
duck.close();

// The DuckDB side of the benchmark: the same work as `ecomflow run`, in DuckDB SQL, as one process.
// Sources → raw tables (every value as text, with source_row) → the reference rules of test/reference/*.sql
// (enriched, rejects, aggregates) → every table as Parquet → the four SQL answers as CSV.
// DuckDB cannot read .xlsx without downloading its excel extension (no network here), so the driver hands it a
// CSV copy of Customer.xlsx made before timing starts: DuckDB's side skips the xlsx parse ecomflow pays for.
// Usage: node bench/duckdb-pipeline.mjs <customers.csv> <Products.csv> <Orders.json> <out dir>
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [customersCsv, productsCsv, ordersJson, out] = process.argv.slice(2);
const here = import.meta.dirname;
const q = (s) => `'${s.replaceAll("'", "''")}'`;
const script = (f) => readFileSync(join(here, '..', 'test', 'reference', f), 'utf8');

const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const run = (sql) => c.run(sql);

const orderCols = [
  'Row ID',
  'Order ID',
  'Order Date',
  'Ship Date',
  'Ship Mode',
  'Customer ID',
  'Product ID',
  'Quantity',
  'Price',
  'Discount',
  'Profit',
];
const snake = (h) =>
  h
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
const jsonColumns = `{${orderCols.map((k) => `${q(k)}: 'VARCHAR'`).join(', ')}}`;
await run(`CREATE TABLE raw_orders AS SELECT ${orderCols.map((k) => `"${k}" AS ${snake(k)}`).join(', ')},
  row_number() OVER () AS source_row
  FROM read_json(${q(ordersJson)}, format = 'array', columns = ${jsonColumns})`);
await run(`CREATE TABLE raw_products AS SELECT *, row_number() OVER () AS source_row
  FROM read_csv(${q(productsCsv)}, all_varchar = true, header = true)`);
await run(`CREATE TABLE raw_customers AS SELECT *, row_number() OVER () + 1 AS source_row
  FROM read_csv(${q(customersCsv)}, all_varchar = true, header = true)`);
// snake_case the csv headers as ecomflow does
for (const t of ['raw_products', 'raw_customers']) {
  const cols = (await (await c.runAndReadAll(`DESCRIBE ${t}`)).getRowObjects()).map((r) => String(r.column_name));
  for (const col of cols) if (snake(col) !== col) await run(`ALTER TABLE ${t} RENAME "${col}" TO ${snake(col)}`);
}
await run(script('rules.sql'));
await run(script('reference-pipeline.sql'));

const tables = {
  raw: { customers: 'raw_customers', products: 'raw_products', orders: 'raw_orders' },
  enriched: { customers: 'ref_customers', products: 'ref_products', orders: 'ref_orders' },
  rejects: { customers: 'ref_rejects_customers', products: 'ref_rejects_products', orders: 'ref_rejects_orders' },
  aggregates: {
    profit_by_year: 'ref_profit_by_year',
    profit_by_category: 'ref_profit_by_category',
    profit_by_sub_category: 'ref_profit_by_sub_category',
    profit_by_customer: 'ref_profit_by_customer',
    profit_summary: 'ref_profit_summary',
  },
};
for (const [layer, byName] of Object.entries(tables)) {
  mkdirSync(join(out, layer), { recursive: true });
  for (const [name, t] of Object.entries(byName)) {
    await run(`COPY ${t} TO ${q(join(out, layer, `${name}.parquet`))} (FORMAT parquet)`);
  }
}
mkdirSync(join(out, 'sql'), { recursive: true });
const sqlDir = join(here, '..', 'sql');
await run(`CREATE SCHEMA enriched; CREATE VIEW enriched.orders AS SELECT * FROM ref_orders`);
for (const f of readdirSync(sqlDir).filter((f) => f.endsWith('.sql'))) {
  const body = readFileSync(join(sqlDir, f), 'utf8').trim().replace(/;\s*$/, '');
  await run(`COPY (${body}) TO ${q(join(out, 'sql', f.replace(/\.sql$/, '.csv')))} (FORMAT csv, HEADER)`);
}

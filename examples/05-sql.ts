/**
 * Example 05 — SQL over the warehouse.
 * Runs the whole pipeline into a warehouse folder, then answers the four questions with SQL over its Parquet
 * tables (DuckDB, read-only; tables are addressed as `<layer>.<table>`), using the `.sql` files the package
 * ships in `sql/`, plus an ad-hoc query.
 *
 *   npx tsx examples/05-sql.ts [inputDir] [--out <warehouse>]
 *
 * inputDir defaults to the repo's fixtures/; the warehouse goes to --out (default: a fresh temp folder).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
// In your own project: `from 'ecomflow'` (here the source, so the example runs without a build).
import { SQL_ANSWERS, query, runPipeline, show } from '../src/index.js';

// %% [1] Build the warehouse: raw → enriched → aggregates, written as Parquet (same as `ecomflow run`)
const args = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
const inputDir = resolve(args.positionals[0] ?? join(import.meta.dirname, '../fixtures'));
const warehouse = resolve(args.values.out ?? join(await mkdtemp(join(tmpdir(), 'ecomflow-example-05-')), 'warehouse'));
const summary = await runPipeline({ input: inputDir, out: warehouse });
console.log(`warehouse ${warehouse}`);
for (const t of summary.tables)
  console.log(`  ${t.path.padEnd(42)} ${String(t.rows).padStart(7)} row${t.rows === 1 ? '' : 's'}`);

// %% [2] What is in it: every table, addressable in SQL as <layer>.<table>
const enrichedOrders = await query(
  warehouse,
  'select row_id, order_date, customer_name, category, profit from enriched.orders order by row_id',
);
console.log(`\n${show(enrichedOrders, { title: 'select … from enriched.orders', rows: 5 })}`);

// %% [3] The four questions, each a readable .sql file shipped with the package (sql/<name>.sql)
for (const name of SQL_ANSWERS) {
  const sql = await readFile(join(import.meta.dirname, '../sql', `${name}.sql`), 'utf8');
  const answer = await query(warehouse, sql);
  console.log(`\n${show(answer, { title: name, rows: 15 })}`);
}

// %% [4] Ad hoc: SQL and the aggregates agree to the cent
const check = await query(
  warehouse,
  `select
     (select sum(profit) from enriched.orders)               as orders_profit,
     (select sum(profit) from aggregates.profit_by_year)     as by_year_profit,
     (select sum(profit) from aggregates.profit_by_customer) as by_customer_profit,
     (select count(*) from rejects.orders)                   as rejected_lines`,
);
console.log(`\n${show(check, { title: 'totals' })}`);
const [ordersProfit, byYear, byCustomer] = check.rows[0]!;
if (ordersProfit !== byYear || ordersProfit !== byCustomer) {
  console.log('TOTALS DO NOT RECONCILE');
  process.exitCode = 1;
}

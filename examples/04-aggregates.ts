/**
 * Example 04 — aggregates.
 * Sums the rounded line profits exactly (DECIMAL, 2 places) with `groupBy`: by year, by category, by
 * sub-category, by customer; then all five contract aggregates at once with `profitAggregates`, and shows that
 * every aggregate's total equals the total profit of enriched.orders (unknown category or customer is its own
 * null group, so nothing falls out).
 *
 *   npx tsx examples/04-aggregates.ts [inputDir]
 */
import { join, resolve } from 'node:path';
// ecomflow's tables are Apache Arrow tables: small tables of your own come from apache-arrow itself.
import { vectorFromArray } from 'apache-arrow';
// In your own project: `from 'ecomflow'` (here the source, so the example runs without a build).
import {
  Table,
  cleanCustomers,
  cleanProducts,
  columnValues,
  enrichOrders,
  findSources,
  groupBy,
  profitAggregates,
  rawCustomers,
  rawOrders,
  rawProducts,
  readCsv,
  readJson,
  readXlsx,
  show,
  type Aggregation,
} from '../src/index.js';

// %% [1] Enriched order lines (examples 01–03 step by step)
const inputDir = resolve(process.argv[2] ?? join(import.meta.dirname, '../fixtures'));
const sources = await findSources(inputDir);
const customers = cleanCustomers((await readXlsx(sources.customers, rawCustomers)).table).table;
const products = cleanProducts((await readCsv(sources.products, rawProducts)).table).table;
const orders = enrichOrders((await readJson(sources.orders, rawOrders)).table, { customers, products }).table;
console.log(`enriched.orders: ${orders.numRows} lines`);

// %% [2] Profit by year: one groupBy, exact decimal sums, and how many lines each sum covers
const sumProfit = {
  profit: { op: 'sum', column: 'profit' },
  order_lines: { op: 'count' },
} as const satisfies Record<string, Aggregation>;
const byYear = groupBy(orders, ['order_year'], sumProfit);
console.log(`\n${show(byYear, { title: 'profit by year' })}`);

// %% [3] Profit by category — lines whose product is unknown form the null group
const byCategory = groupBy(orders, ['category'], sumProfit);
console.log(`\n${show(byCategory, { title: 'profit by category' })}`);

// %% [4] Profit by category and sub-category
const bySubCategory = groupBy(orders, ['category', 'sub_category'], sumProfit);
console.log(`\n${show(bySubCategory, { title: 'profit by sub-category' })}`);

// %% [5] Profit by customer — an unknown customer is its own (null) group
const byCustomer = groupBy(orders, ['customer_id', 'customer_name'], sumProfit);
console.log(`\n${show(byCustomer, { title: 'profit by customer', rows: 20 })}`);

// %% [6] All five contract aggregates in one call (what the pipeline writes to <warehouse>/aggregates/)
const aggregates = profitAggregates(orders);
console.log(`\n${show(aggregates.profit_summary, { title: 'aggregates.profit_summary', rows: 8 })}`);

// %% [7] Totals reconcile: each aggregate sums back to the profit and line count of enriched.orders
const total = groupBy(orders, [], sumProfit);
const totals: [string, number, Table][] = [
  ['enriched.orders', orders.numRows, total],
  ...Object.entries<Table>(aggregates).map(([name, t]): [string, number, Table] => [
    `aggregates.${name}`,
    t.numRows,
    groupBy(t, [], { profit: { op: 'sum', column: 'profit' }, order_lines: { op: 'sum', column: 'order_lines' } }),
  ]),
];
/** A table's one-row profit and line count, as text to compare. */
const totalsText = (t: Table): string =>
  `${String(columnValues(t, 'profit')[0])} / ${String(columnValues(t, 'order_lines')[0])}`;
const expected = totalsText(total);
const reconciliation = new Table({
  table: vectorFromArray(totals.map(([name]) => name)),
  rows: vectorFromArray(BigInt64Array.from(totals, ([, n]) => BigInt(n))),
  total_profit: totals.map(([, , s]) => s.getChild('profit')!).reduce((a, b) => a.concat(b)),
  order_lines: totals.map(([, , s]) => s.getChild('order_lines')!).reduce((a, b) => a.concat(b)),
  reconciles: vectorFromArray(totals.map(([, , sums]) => (totalsText(sums) === expected ? 'yes' : 'NO'))),
});
console.log(`\n${show(reconciliation, { title: 'totals reconcile' })}`);
const allMatch = columnValues(reconciliation, 'reconciles').every((m) => m === 'yes');
console.log(allMatch ? `every aggregate totals ${expected} (profit / lines)` : 'TOTALS DO NOT RECONCILE');
if (!allMatch) process.exitCode = 1;

/**
 * Example 02 — enriched customers and products.
 * Cleans raw customers and raw products into one row per id: names, emails, phones and postal codes fixed by
 * named rules, product labels trimmed and prices made exact decimals. Prints what each rule fixed, which rows
 * were set aside (repeated ids) and a few rows before and after cleaning.
 *
 *   npx tsx examples/02-enriched-customers-products.ts [inputDir]
 */
import { basename, join, resolve } from 'node:path';
// ecomflow's tables are Apache Arrow tables: small tables of your own come from apache-arrow itself.
import { tableFromArrays } from 'apache-arrow';
// In your own project: `from 'ecomflow'` (here the source, so the example runs without a build).
import {
  cleanCustomers,
  cleanProducts,
  findSources,
  rawCustomers,
  rawProducts,
  readCsv,
  readXlsx,
  show,
  tableRows,
  take,
  Table,
  type Fixes,
  type Reject,
} from '../src/index.js';

/** The fix counts of a transform as a table: rule, changed, nulled. */
function fixesTable(fixes: Fixes): Table {
  const counts = Object.entries(fixes);
  return tableFromArrays({
    rule: counts.map(([name]) => name),
    changed: BigInt64Array.from(counts, ([, c]) => BigInt(c.changed)),
    nulled: BigInt64Array.from(counts, ([, c]) => BigInt(c.nulled)),
  });
}

/** Rejected rows as a table with the columns of rejects/<table> (see docs/tables.md). */
function rejectsTable(file: string, rejects: readonly Reject[]): Table {
  return tableFromArrays({
    source_file: rejects.map(() => basename(file)),
    source_row: BigInt64Array.from(rejects, (r) => BigInt(r.sourceRow)),
    key: rejects.map((r) => r.key),
    column_name: rejects.map((r) => r.column),
    value: rejects.map((r) => r.value),
    rule: rejects.map((r) => r.rule),
    message: rejects.map((r) => r.message),
  });
}

/**
 * Side by side for the first `n` kept rows (only those cleaning changed, unless `all`): source_row, the key,
 * the column's raw text and its clean value. Raw and clean rows are matched by source_row.
 */
function beforeAfter(raw: Table, clean: Table, name: string, n: number, all = false): Table {
  const key = String(clean.schema.names[0]);
  const rawAt = new Map(tableRows(raw).map((r, i) => [r['source_row'], { row: r, i }]));
  const before: number[] = [];
  const after: number[] = [];
  tableRows(clean).forEach((c, i) => {
    const r = rawAt.get(c['source_row']);
    if (r && (all || r.row[name] !== c[name]) && before.length < n) {
      before.push(r.i);
      after.push(i);
    }
  });
  const pick = (table: Table, rows: number[], column: string) =>
    take(table.select([column]), Int32Array.from(rows)).getChild(column)!;
  return new Table({
    source_row: pick(clean, after, 'source_row'),
    [key]: pick(clean, after, key),
    [`${name} (raw)`]: pick(raw, before, name),
    [`${name} (clean)`]: pick(clean, after, name),
  });
}

// %% [1] Read the raw customers and products (see example 01)
const inputDir = resolve(process.argv[2] ?? join(import.meta.dirname, '../fixtures'));
const sources = await findSources(inputDir);
const rawCustomerTable = (await readXlsx(sources.customers, rawCustomers)).table;
const rawProductTable = (await readCsv(sources.products, rawProducts)).table;
console.log(`raw customers: ${rawCustomerTable.numRows} rows, raw products: ${rawProductTable.numRows} rows`);

// %% [2] Clean customers: one row per trimmed customer_id, each column through its named rule
const customers = cleanCustomers(rawCustomerTable);
console.log(`\n${show(customers.table, { title: 'enriched.customers', rows: 5, maxWidth: 30 })}`);

// %% [3] What the customer rules fixed (changed = value kept but corrected, nulled = unusable value made null)
console.log(`\n${show(fixesTable(customers.fixes), { title: 'customer fixes', rows: 50 })}`);

// %% [4] Customer rows set aside (a repeated customer_id keeps its first row)
const customerRejects = rejectsTable(sources.customers, customers.rejects);
console.log(`\n${show(customerRejects, { title: 'rejects.customers', maxWidth: 100 })}`);

// %% [5] Before and after: names with junk characters, phones, emails, postal codes that lost their leading zeros
for (const name of ['customer_name', 'phone', 'email', 'postal_code']) {
  console.log(`\n${show(beforeAfter(rawCustomerTable, customers.table, name, 4), { title: `${name}: raw → clean` })}`);
}

// %% [6] Clean products: one row per product_id (the first record), labels trimmed, price an exact decimal
const products = cleanProducts(rawProductTable);
console.log(`\n${show(products.table, { title: 'enriched.products', rows: 5, maxWidth: 30 })}`);
console.log(`\n${show(fixesTable(products.fixes), { title: 'product fixes', rows: 50 })}`);
const productRejects = rejectsTable(sources.products, products.rejects);
console.log(`\n${show(productRejects, { title: 'rejects.products', maxWidth: 100 })}`);

// %% [7] Before and after: the price text becomes an exact DECIMAL(18,4)
const prices = beforeAfter(rawProductTable, products.table, 'price_per_product', 4, true);
console.log(`\n${show(prices, { title: 'price_per_product: raw → clean' })}`);

// %% [8] Shape of the result
const shape = (rows: number, enriched: number, rejected: number): string =>
  `${rows} raw rows → ${enriched} enriched + ${rejected} rejected`;
console.log(`\ncustomers: ${shape(rawCustomerTable.numRows, customers.table.numRows, customers.rejects.length)}`);
console.log(`products: ${shape(rawProductTable.numRows, products.table.numRows, products.rejects.length)}`);

/**
 * Example 03 — enriched orders.
 * Types every order line (dates, exact decimals), rounds profit half away from zero to 2 places from its decimal
 * text, and joins customer name/country and product category/sub-category. Lines that cannot be used are set
 * aside with their source row and the rule they broke.
 *
 *   npx tsx examples/03-enriched-orders.ts [inputDir]
 */
import { basename, join, resolve } from 'node:path';
// ecomflow's tables are Apache Arrow tables: small tables of your own come from apache-arrow itself.
import { tableFromArrays } from 'apache-arrow';
// In your own project: `from 'ecomflow'` (here the source, so the example runs without a build).
import {
  Table,
  cleanCustomers,
  cleanProducts,
  enrichOrders,
  findSources,
  rawCustomers,
  rawOrders,
  rawProducts,
  readCsv,
  readJson,
  readXlsx,
  show,
  tableRows,
  take,
} from '../src/index.js';

/** The rows of `table` for which `keep` holds (the first `limit` of them), as a new table. */
function where(table: Table, keep: (row: Record<string, unknown>) => boolean, limit = Infinity): Table {
  const rows: number[] = [];
  tableRows(table).forEach((r, i) => {
    if (rows.length < limit && keep(r)) rows.push(i);
  });
  return take(table, Int32Array.from(rows));
}

/** For the enriched lines in `lines`: their raw text of `column` next to the typed value (matched by source_row). */
function rawBesideTyped(raw: Table, lines: Table, column: string): Table {
  const rawRowOf = new Map(tableRows(raw).map((r, i) => [r['source_row'], i]));
  const rawRows = Int32Array.from(tableRows(lines), (l) => rawRowOf.get(l['source_row'])!);
  return new Table({
    source_row: lines.getChild('source_row')!,
    row_id: lines.getChild('row_id')!,
    [`${column} (raw text)`]: take(raw.select([column]), rawRows).getChild(column)!,
    [column]: lines.getChild(column)!,
  });
}

// %% [1] Read the raw tables (example 01) and clean customers and products (example 02)
const inputDir = resolve(process.argv[2] ?? join(import.meta.dirname, '../fixtures'));
const sources = await findSources(inputDir);
const rawOrderTable = (await readJson(sources.orders, rawOrders)).table;
const customers = cleanCustomers((await readXlsx(sources.customers, rawCustomers)).table).table;
const products = cleanProducts((await readCsv(sources.products, rawProducts)).table).table;
console.log(
  `raw orders: ${rawOrderTable.numRows} lines; customers: ${customers.numRows}; products: ${products.numRows}`,
);

// %% [2] Enrich the order lines: typed, rounded, joined
const enriched = enrichOrders(rawOrderTable, { customers, products });
const orders = enriched.table;
console.log(`\n${show(orders, { title: 'enriched.orders', rows: 8, maxWidth: 24 })}`);

// %% [3] What was fixed on the way (price cleaned of stray characters, profit rounded to 2 places)
console.log('\nfixes:', enriched.fixes);

// %% [4] Profit rounding: half away from zero, from the decimal text (1.005 → 1.01, -2.345 → -2.35, never via a float)
const moreThanTwoPlaces = (text: unknown): boolean => typeof text === 'string' && /\.\d{3,}$/.test(text.trim());
const rawProfitText = new Map(tableRows(rawOrderTable).map((r) => [r['source_row'], r['profit']]));
const roundedLines = where(orders, (l) => moreThanTwoPlaces(rawProfitText.get(l['source_row'])), 8);
console.log(
  `\n${show(rawBesideTyped(rawOrderTable, roundedLines, 'profit'), { title: 'profit: raw text → DECIMAL(18,2)' })}`,
);

// %% [5] Price: stray characters dropped (4797% → 4797.00), the fix counted
const rawPriceText = new Map(tableRows(rawOrderTable).map((r) => [r['source_row'], r['price']]));
const cleanedPrices = where(orders, (l) => {
  const text = rawPriceText.get(l['source_row']);
  return typeof text === 'string' && !/^-?\d+(\.\d+)?$/.test(text);
});
console.log(
  `\n${show(rawBesideTyped(rawOrderTable, cleanedPrices, 'price'), { title: 'price: raw text → DECIMAL(18,2)' })}`,
);

// %% [6] The joins: customer name and country from enriched.customers, category from enriched.products
const joined = orders.select([
  'row_id',
  'customer_id',
  'customer_name',
  'country',
  'product_id',
  'category',
  'sub_category',
]);
console.log(`\n${show(joined, { title: 'joined names', rows: 6 })}`);

// %% [7] Lines whose customer or product is unknown are kept, with null names (their own group later)
const unknown = where(joined, (l) => l['country'] === null || l['category'] === null);
console.log(`\n${show(unknown, { title: 'lines with an unknown customer or product' })}`);
console.log(`unknown customer lines: ${enriched.unknownCustomers}, unknown product lines: ${enriched.unknownProducts}`);

// %% [8] Lines that could not be used, with the source row and the rule
const rejects = tableFromArrays({
  source_file: enriched.rejects.map(() => basename(sources.orders)),
  source_row: BigInt64Array.from(enriched.rejects, (r) => BigInt(r.sourceRow)),
  key: enriched.rejects.map((r) => r.key),
  column_name: enriched.rejects.map((r) => r.column),
  value: enriched.rejects.map((r) => r.value),
  rule: enriched.rejects.map((r) => r.rule),
  message: enriched.rejects.map((r) => r.message),
});
console.log(`\n${show(rejects, { title: 'rejects.orders', maxWidth: 60 })}`);

// %% [9] Every line accounted for
console.log(
  `\norders: ${rawOrderTable.numRows} raw lines → ${orders.numRows} enriched + ${enriched.rejects.length} rejected`,
);

/**
 * Example 01 — raw tables.
 * Reads the three sources (customers .xlsx, products .csv, orders .json) into raw tables — every source row,
 * every value as text exactly as a person sees it, plus `source_row` — and writes them as raw Parquet.
 *
 *   npx tsx examples/01-raw-tables.ts [inputDir] [--out <folder>]
 *
 * inputDir defaults to the repo's fixtures/; the Parquet files go to --out (default: a fresh temp folder).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
// In your own project: `from 'ecomflow'` (here the source, so the example runs without a build).
import {
  findSources,
  rawCustomers,
  rawOrders,
  rawProducts,
  readCsv,
  readJson,
  readParquet,
  readXlsx,
  show,
  writeParquet,
} from '../src/index.js';

// %% [1] Where the sources are, and where the raw tables go
const args = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
const inputDir = resolve(args.positionals[0] ?? join(import.meta.dirname, '../fixtures'));
const outDir = resolve(args.values.out ?? (await mkdtemp(join(tmpdir(), 'ecomflow-example-01-'))));
const sources = await findSources(inputDir);
console.log('sources:', sources);

// %% [2] Customers: the first worksheet of the workbook; row 1 is the header, source_row is the worksheet row
const customers = await readXlsx(sources.customers, rawCustomers);
console.log(`\nread ${customers.rowsRead} customer rows (${customers.bytes.toLocaleString('en-US')} bytes)`);
console.log(show(customers.table, { title: 'raw.customers', rows: 5, maxWidth: 30 }));

// %% [3] Products: CSV with quoted fields; mixed-type columns stay text
const products = await readCsv(sources.products, rawProducts);
console.log(`\nread ${products.rowsRead} product rows`);
console.log(show(products.table, { title: 'raw.products', rows: 5, maxWidth: 30 }));

// %% [4] Orders: a JSON array (or one object per line); numbers keep the text they were written with
const orders = await readJson(sources.orders, rawOrders);
console.log(`\nread ${orders.rowsRead} order rows, ${orders.issues.length} unreadable`);
console.log(show(orders.table, { title: 'raw.orders', rows: 5, maxWidth: 30 }));

// %% [5] Write the raw layer as Parquet
const written = [
  { name: 'customers', file: join(outDir, 'raw', 'customers.parquet'), table: customers.table },
  { name: 'products', file: join(outDir, 'raw', 'products.parquet'), table: products.table },
  { name: 'orders', file: join(outDir, 'raw', 'orders.parquet'), table: orders.table },
];
for (const { file, table } of written) await writeParquet(file, table);

// %% [6] Read them back: same rows, same columns
console.log(`\nraw Parquet in ${outDir}`);
for (const { name, file, table } of written) {
  const back = await readParquet(file);
  const same = back.numRows === table.numRows && back.schema.names.join() === table.schema.names.join();
  console.log(
    `raw/${name}.parquet: ${back.numRows} rows × ${back.numCols} columns${same ? ' (round trip ok)' : ' (DIFFERS)'}`,
  );
  if (!same) process.exitCode = 1;
}

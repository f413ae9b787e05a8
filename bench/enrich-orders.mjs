// Micro-benchmark of the main thread's order steps (`enrichOrders`: stage, dedupe, lookups, order year) over a
// warehouse's raw/orders, in batches as the pipeline streams them: each batch's dictionary columns get their
// own dictionary (first-seen order, as the orders worker builds them), the run's `SeenLines` carries over.
// CPU time of this thread (process.cpuUsage), so a loaded machine disturbs it less than wall time.
//
//   node bench/enrich-orders.mjs <dist folder> <warehouse> [batch rows = 250000] [runs = 3]
//
// Run two builds alternately (A B A B …) to compare them: `for i in 1 2 3; do node … distA …; node … distB …; done`.
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import { Table } from 'apache-arrow';

const [dist, warehouse, batchArg, runsArg] = process.argv.slice(2);
if (dist === undefined || warehouse === undefined) throw new Error('usage: enrich-orders.mjs <dist> <warehouse>');
const load = (path) => import(pathToFileURL(join(resolve(dist), path)).href);
const lib = await load('index.js');
const { SeenLines } = await load('transforms/seen-lines.js');
const { DictionaryBuilder } = await load('table/builders.js');
const { take } = await load('table/take.js');
const { readParquet, rawOrders, enrichedCustomers, enrichedProducts, enrichOrders } = lib;
const batchRows = Number(batchArg ?? 250_000);
const runs = Number(runsArg ?? 3);
const file = (path) => join(resolve(warehouse), path);
const raw = await readParquet(file('raw/orders.parquet'), rawOrders);
const customers = await readParquet(file('enriched/customers.parquet'), enrichedCustomers);
const products = await readParquet(file('enriched/products.parquet'), enrichedProducts);

/** A dictionary column re-encoded with a dictionary of the rows' own values, in first-seen order. */
function ownDictionary(vector) {
  const d = vector.data[0];
  const dict = d.dictionary.data[0];
  const offsets = dict.valueOffsets;
  const bytes = dict.values;
  const b = new DictionaryBuilder();
  for (let i = 0; i < d.length; i++) {
    if (!vector.isValid(i)) b.appendNull();
    else {
      const c = d.values[i];
      b.appendUtf8(bytes, offsets[c], offsets[c + 1]);
    }
  }
  return b.finish();
}

const batches = [];
for (let start = 0; start < raw.numRows; start += batchRows) {
  const end = Math.min(raw.numRows, start + batchRows);
  const part = take(
    raw,
    Int32Array.from({ length: end - start }, (_, i) => start + i),
  );
  const columns = {};
  for (const field of part.schema.fields) {
    const v = part.getChild(field.name);
    columns[field.name] = v.data[0].dictionary === undefined ? v : ownDictionary(v);
  }
  batches.push(new Table(columns));
}
const times = [];
let kept = 0;
let rejects = 0;
for (let run = 0; run < runs; run++) {
  const before = process.cpuUsage();
  const seen = new SeenLines();
  kept = rejects = 0;
  for (const batch of batches) {
    const e = enrichOrders(batch, { customers, products, seen });
    seen.merge(e.seen);
    kept += e.table.numRows;
    rejects += e.rejects.length;
  }
  const used = process.cpuUsage(before);
  times.push((used.user + used.system) / 1000);
}
console.log(
  `${dist}: ${raw.numRows} lines in ${batches.length} batches → ${kept} kept, ${rejects} rejects; ` +
    `CPU ms ${times.map((t) => t.toFixed(0)).join(', ')}`,
);

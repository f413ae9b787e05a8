// Micro-benchmark of the main thread's aggregate work, as the enrich stage does it: a partial profit summary per
// batch of enriched order lines, merged when the parts outgrow the merged summary, then every aggregate from it.
// CPU time of this thread (process.cpuUsage), so a loaded machine disturbs it less than wall time.
//
//   node bench/profit-summary.mjs <dist folder> <enriched/orders.parquet> [batch rows = 250000] [runs = 3]
//
// Run two builds alternately (A B A B …) to compare them: `for i in 1 2 3; do node … distA …; node … distB …; done`.
// A build with transforms/profit-accumulator.js accumulates the batches as its enrich stage does
// (ProfitSummaryAccumulator); ECOMFLOW_SUMMARY=parts measures the partial summaries merged even then.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';

const [dist, file, batchArg, runsArg] = process.argv.slice(2);
if (dist === undefined || file === undefined) throw new Error('usage: profit-summary.mjs <dist> <orders.parquet>');
const lib = await import(pathToFileURL(join(resolve(dist), 'index.js')).href);
const aggregates = await import(pathToFileURL(join(resolve(dist), 'transforms', 'profit-aggregates.js')).href);
const { partialProfitSummary, mergeProfitSummaries, aggregatesFromSummary } = aggregates; // not all public API
const { readParquet, enrichedOrders } = lib;
const { take } = await import(pathToFileURL(join(resolve(dist), 'table', 'take.js')).href);
const accumulatorFile = join(resolve(dist), 'transforms', 'profit-accumulator.js');
const { ProfitSummaryAccumulator } =
  existsSync(accumulatorFile) && process.env.ECOMFLOW_SUMMARY !== 'parts'
    ? await import(pathToFileURL(accumulatorFile).href)
    : {};
const batchRows = Number(batchArg ?? 250_000);
const runs = Number(runsArg ?? 3);
const orders = await readParquet(file, enrichedOrders); // dictionary columns as the pipeline holds them
const batches = [];
for (let start = 0; start < orders.numRows; start += batchRows) {
  const end = Math.min(orders.numRows, start + batchRows);
  batches.push(
    take(
      orders,
      Int32Array.from({ length: end - start }, (_, i) => start + i),
    ),
  );
}
const times = [];
let rows = 0;
for (let run = 0; run < runs; run++) {
  const before = process.cpuUsage();
  if (ProfitSummaryAccumulator !== undefined) {
    const summary = new ProfitSummaryAccumulator();
    for (const batch of batches) summary.add(batch);
    rows = aggregatesFromSummary(summary.finish()).profit_summary.numRows;
    const used = process.cpuUsage(before);
    times.push((used.user + used.system) / 1000);
    continue;
  }
  let parts = [];
  let partRows = 0;
  let mergedRows = 0;
  for (const batch of batches) {
    parts.push(partialProfitSummary(batch));
    partRows += parts[parts.length - 1].numRows;
    if (parts.length > 1 && partRows >= 2 * mergedRows) {
      const merged = mergeProfitSummaries(parts);
      parts = [merged];
      mergedRows = partRows = merged.numRows;
    }
  }
  const all = aggregatesFromSummary(mergeProfitSummaries(parts));
  rows = all.profit_summary.numRows;
  const used = process.cpuUsage(before);
  times.push((used.user + used.system) / 1000);
}
const path = ProfitSummaryAccumulator === undefined ? 'parts' : 'accumulator';
console.log(
  `${dist} (${path}): ${orders.numRows} lines in ${batches.length} batches → ${rows} summary rows; ` +
    `CPU ms ${times.map((t) => t.toFixed(0)).join(', ')}`,
);

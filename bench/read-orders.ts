/**
 * The orders read alone: `readJson` over one orders file, in batches as the pipeline reads it (the batches are
 * dropped), on this thread. Prints the wall and CPU time of each run and their medians, and the text values
 * repaired. Run it alternately against two builds (ABAB) to compare them; see docs/performance.md. CPU time
 * (user + system) is the steadier number on a shared machine.
 *
 *   node --import tsx bench/read-orders.ts <Orders.json> [--runs 3]
 */
import { parseArgs } from 'node:util';
import { rawOrders } from '../src/schemas/raw.js';
import { readJson } from '../src/io/json/read-json.js';

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '3' } },
  allowPositionals: true,
});
const file = positionals[0];
if (file === undefined) throw new Error('usage: bench/read-orders.ts <Orders.json> [--runs N]');

const wall: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < Number(values.runs); i++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await readJson(file, rawOrders, { batchRows: 250_000, onBatch: () => Promise.resolve() });
  const c = process.cpuUsage(c0);
  wall.push(performance.now() - t0);
  cpu.push((c.user + c.system) / 1000);
  const took = `wall ${wall.at(-1)!.toFixed(0)} ms, cpu ${cpu.at(-1)!.toFixed(0)} ms`;
  console.log(`run ${i + 1}: ${took}, ${r.rowsRead} rows, fixes ${JSON.stringify(r.fixes)}`);
}
const median = (xs: number[]): string => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0);
console.log(`median wall ${median(wall)} ms, cpu ${median(cpu)} ms`);

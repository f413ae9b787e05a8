/**
 * The benchmark: ecomflow's whole `run` against an equivalent DuckDB SQL pipeline, as separate processes,
 * alternating, several times, on generated dirty sources. Prints median wall time, the ratio ecomflow/DuckDB,
 * peak RSS of each, and ecomflow's time per stage; checks both produced the same totals.
 *
 *   npm run bench -- --lines 1000000 [--runs 3] [--seed 20240220] [--only ecomflow]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateSources } from '../fixtures/generate.js';
import { rawCustomers, readXlsx, tableRows } from '../src/index.js';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '20240220' },
    only: { type: 'string' },
  },
});
const lines = Number(values.lines);
const runs = Number(values.runs);
const root = resolve(import.meta.dirname, '..');
const data = join(root, 'bench', 'data', `${lines}-${values.seed}`);
const work = join(root, 'bench', 'data', 'out');

/** Generates the sources once per size and seed, plus the CSV copy of the customers workbook DuckDB reads. */
async function prepare(): Promise<void> {
  if (!existsSync(join(data, 'Orders.json'))) {
    console.log(`generating ${lines.toLocaleString('en-US')} lines into ${data} …`);
    await generateSources({ lines, out: data, seed: Number(values.seed) });
  }
  const csv = join(data, 'duckdb-customers.csv');
  if (!existsSync(csv)) {
    const { table } = await readXlsx(join(data, 'Customer.xlsx'), rawCustomers);
    const cols = table.schema.names.map(String).filter((c) => c !== 'source_row');
    // columnValues gives text, numbers and bigints (null for null)
    const cell = (v: unknown): string =>
      v === null || v === undefined ? '' : `"${(v as string | number | bigint).toString().replaceAll('"', '""')}"`;
    const headers = [
      'Customer ID',
      'Customer Name',
      'email',
      'phone',
      'address',
      'Segment',
      'Country',
      'City',
      'State',
      'Postal Code',
      'Region',
    ];
    const body = tableRows(table).map((r) => cols.map((c) => cell(r[c])).join(','));
    writeFileSync(csv, [headers.map(cell).join(','), ...body].join('\n') + '\n');
  }
}

interface Measured {
  readonly ms: number;
  readonly rssMb: number;
  readonly stdout: string;
}

/** Runs a command to completion; wall time from spawn to exit, peak RSS as the child reports it. */
function measure(args: string[]): Promise<Measured> {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', join(root, 'bench', 'rss-preload.mjs'), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) {
        fail(new Error(`${args.join(' ')} exited ${code}\n${stderr}`));
        return;
      }
      const kb = Number(/bench\.maxrss_kb (\d+)/.exec(stderr)?.[1] ?? 0);
      ok({ ms, rssMb: kb / 1024, stdout });
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Profit by year of a warehouse's enriched orders, as exact text. */
async function profitByYear(dir: string): Promise<string> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll(
    'select order_year, sum(profit)::varchar as p, count(*) as n ' +
      `from read_parquet('${join(dir, 'enriched', 'orders.parquet')}') group by 1 order by 1`,
  );
  return JSON.stringify(r.getRowObjectsJson());
}

await prepare();
if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('build first: npm run build');
console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `Node ${process.version}`,
);
console.log(`input: ${lines.toLocaleString('en-US')} order lines (${data})\n`);

const eco: Measured[] = [];
const duck: Measured[] = [];
for (let r = 0; r < runs; r++) {
  if (values.only !== 'duckdb') {
    rmSync(join(work, 'ecomflow'), { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const m = await measure([
      join(root, 'dist', 'cli.js'),
      'run',
      '--input',
      data,
      '--out',
      join(work, 'ecomflow'),
      '--quiet',
    ]);
    eco.push(m);
    console.log(`run ${r + 1}: ecomflow ${(m.ms / 1000).toFixed(2)} s, peak ${m.rssMb.toFixed(0)} MB`);
  }
  if (values.only !== 'ecomflow') {
    rmSync(join(work, 'duckdb'), { recursive: true, force: true });
    const m = await measure([
      join(root, 'bench', 'duckdb-pipeline.mjs'),
      join(data, 'duckdb-customers.csv'),
      join(data, 'Products.csv'),
      join(data, 'Orders.json'),
      join(work, 'duckdb'),
    ]);
    duck.push(m);
    console.log(`run ${r + 1}: duckdb   ${(m.ms / 1000).toFixed(2)} s, peak ${m.rssMb.toFixed(0)} MB`);
  }
}

console.log('');
if (eco.length > 0) {
  const stages = /time: (.*)/.exec(eco[eco.length - 1]!.stdout)?.[1] ?? '';
  console.log(
    `ecomflow: median ${(median(eco.map((m) => m.ms)) / 1000).toFixed(2)} s, ` +
      `peak RSS ${Math.max(...eco.map((m) => m.rssMb)).toFixed(0)} MB`,
  );
  console.log(`  stages (last run): ${stages}`);
}
if (duck.length > 0) {
  console.log(
    `duckdb:   median ${(median(duck.map((m) => m.ms)) / 1000).toFixed(2)} s, ` +
      `peak RSS ${Math.max(...duck.map((m) => m.rssMb)).toFixed(0)} MB`,
  );
}
if (eco.length > 0 && duck.length > 0) {
  const ratio = median(eco.map((m) => m.ms)) / median(duck.map((m) => m.ms));
  console.log(`ratio ecomflow/duckdb: ${ratio.toFixed(2)}`);
  const [a, b] = [await profitByYear(join(work, 'ecomflow')), await profitByYear(join(work, 'duckdb'))];
  console.log(a === b ? `totals agree: ${a}` : `TOTALS DIFFER\n  ecomflow ${a}\n  duckdb   ${b}`);
  if (a !== b) process.exitCode = 1;
}

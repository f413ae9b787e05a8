/**
 * The `ecomflow sql` export benchmark: peak RSS and wall time of `node dist/cli.js sql --format csv|json|table`
 * as a separate process, stdout to /dev/null, for 1M / 5M / 20M rows of two queries:
 *   - `range`:  select range from range(N)            (issue 10's case: one BIGINT column)
 *   - `orders`: select * from enriched.orders          (a synthetic enriched.orders of N lines, 16 columns)
 * then the cost of one `query()` call on a cached engine against opening DuckDB for the call.
 *
 *   npm run build && node --import tsx bench/sql-export.ts [--sizes 1000000,5000000,20000000]
 *       [--queries range,orders|none] [--formats csv,json,table] [--cli dist/cli.js] [--calls 200]
 *
 * `--cli` may point at another build (e.g. of main, to compare); `--queries none` measures only query().
 *
 * The synthetic warehouses are written once per size under bench/data/sql-export-<N>/ (DuckDB, seeded).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { closeQueryEngines, openWarehouse, query } from '../src/index.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000000,5000000,20000000' },
    queries: { type: 'string', default: 'range,orders' },
    formats: { type: 'string', default: 'csv' },
    cli: { type: 'string', default: 'dist/cli.js' },
    calls: { type: 'string', default: '200' },
  },
});
const root = resolve(import.meta.dirname, '..');
const cli = resolve(root, values.cli);
const sizes = values.sizes.split(',').map(Number);
const queries = values.queries === 'none' ? [] : values.queries.split(',');
const formats = values.formats.split(',');

/** A warehouse whose enriched.orders holds `lines` synthetic order lines, with the contract's column types. */
async function syntheticWarehouse(lines: number): Promise<string> {
  const wh = join(root, 'bench', 'data', `sql-export-${lines}`);
  const file = join(wh, 'enriched', 'orders.parquet');
  if (existsSync(file)) return wh;
  console.log(`writing ${lines.toLocaleString('en-US')} synthetic order lines into ${wh} …`);
  mkdirSync(join(wh, 'enriched'), { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run('select setseed(0.2024)');
  await c.run(`copy (
    select range + 1 as row_id,
      'CA-' || (2014 + range % 4) || '-' || lpad((range // 3)::varchar, 6, '0') as order_id,
      (date '2014-01-01' + (range % 1460)::integer) as order_date,
      (date '2014-01-05' + (range % 1460)::integer) as ship_date,
      ['Standard Class', 'Second Class', 'First Class', 'Same Day'][1 + range % 4] as ship_mode,
      chr(65 + (range % 26)::integer) || chr(65 + (range // 26 % 26)::integer) || '-' || (10000 + range % 89999)
        as customer_id,
      'FUR-CH-' || (10000000 + range % 1862) as product_id,
      (1 + range % 9)::integer as quantity,
      (random() * 2000)::decimal(18, 2) as price,
      ((range % 5) / 10)::decimal(18, 2) as discount,
      ((random() - 0.4) * 500)::decimal(18, 2) as profit,
      'Customer ' || (range % 50000) as customer_name,
      'United States' as country,
      ['Furniture', 'Office Supplies', 'Technology'][1 + range % 3] as category,
      ['Chairs', 'Paper', 'Phones', 'Binders'][1 + range % 4] as sub_category,
      (2014 + range % 4)::integer as order_year
    from range(${lines})
  ) to '${file}' (format parquet, compression snappy)`);
  c.closeSync();
  db.closeSync();
  writeFileSync(join(wh, '_ecomflow_warehouse.json'), '{"tool":"ecomflow","layout":1}\n');
  return wh;
}

/** Runs the CLI to completion, stdout to /dev/null; wall time and the peak RSS the child reports. */
function measure(args: string[]): Promise<{ ms: number; rssMb: number }> {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', join(root, 'bench', 'rss-preload.mjs'), cli, ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      const kb = Number(/bench\.maxrss_kb (\d+)/.exec(stderr)?.[1] ?? 0);
      if (code !== 0) fail(new Error(`sql ${args.join(' ')} exited ${String(code)}\n${stderr.slice(0, 2000)}`));
      else ok({ ms, rssMb: kb / 1024 });
    });
  });
}

/** Median milliseconds per call of `fn` over `n` calls (after 5 warm-up calls). */
async function perCall(n: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 5; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)]!;
}

if (!existsSync(cli)) throw new Error(`build first (npm run build): ${cli} is missing`);
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
console.log(`machine: ${machine}, Node ${process.version}`);
console.log(`cli: ${cli}\n`);
console.log('| query | rows | format | wall | peak RSS |');
console.log('|---|---:|---|---:|---:|');
for (const lines of sizes) {
  const wh = await syntheticWarehouse(lines);
  for (const q of queries) {
    const sql = q === 'range' ? `select range from range(${lines})` : 'select * from enriched.orders';
    for (const format of formats) {
      const m = await measure(['sql', '--warehouse', wh, '--format', format, sql]);
      const label = q === 'range' ? 'select range from range(N)' : 'select * from enriched.orders';
      const rows = lines.toLocaleString('en-US');
      console.log(`| \`${label}\` | ${rows} | ${format} | ${(m.ms / 1000).toFixed(1)} s | ${m.rssMb.toFixed(0)} MB |`);
    }
  }
}

const calls = Number(values.calls);
const wh = await syntheticWarehouse(sizes[0]!);
const sql = 'select count(*) as n, max(order_year) as y from enriched.orders';
const cached = await perCall(calls, () => query(wh, sql));
const fresh = await perCall(calls, async () => {
  const db = await openWarehouse(wh);
  try {
    return await db.run(sql);
  } finally {
    db.close();
  }
});
await closeQueryEngines();
console.log(
  `\nquery() per call, median of ${calls}: cached engine ${cached.toFixed(2)} ms, fresh engine ${fresh.toFixed(2)} ms`,
);

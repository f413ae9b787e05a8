/**
 * The Spark benchmark (`npm run bench -- --engine spark`, issue 12 §9, docs/performance.md): ecomflow's local
 * engine against its Spark engine on a local Spark Connect server, on the same generated input, each run a whole
 * `ecomflow run` process, alternating local spark local spark …, median of --runs. Measured: wall, the client's
 * CPU and peak RSS (bench/measure.ts), the server's CPU from /proc/<pid>/stat when the server is local, and the
 * Spark run's statements (ECOMFLOW_SPARK_TRACE=1) grouped into where the time went. After the rounds the two
 * warehouses are compared (bench/compare.ts). Without --remote or SPARK_REMOTE it starts its own server
 * (scripts/spark/server.sh, local[2]) and stops it at the end.
 *
 *   npm run bench -- --engine spark [--lines 1000000] [--sizes 200000,1000000,5000000] [--runs 1]
 *                    [--orders-format ndjson|array|array,ndjson] [--remote sc://host:port] [--server-pid PID]
 *                    [--port 15002] [--driver-memory 2g] [--verify totals|full] [--keep-outputs] [--json FILE]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compareWarehouses } from './compare.js';
import { measure, method, type Measured } from './measure.js';
import { peers } from './peers.js';
import { prepareInput, type PreparedInput } from './prepare-input.js';
import { parseTrace, procStatCpuMs, whereTimeGoes, type TracedStatement } from './spark-trace.js';

const USAGE =
  'usage: npm run bench -- --engine spark [--lines N] [--sizes N,N,…] [--runs R] [--seed S] ' +
  '[--orders-format ndjson|array|array,ndjson] [--remote sc://host:port] [--server-pid PID] [--port P] ' +
  '[--driver-memory 2g] [--verify totals|full] [--keep-outputs] [--json FILE]';

type Format = 'array' | 'ndjson';
type Engine = 'local' | 'spark';

interface Run extends Measured {
  /** The server's CPU during the run (null when its pid is unknown). */
  readonly serverCpuMs: number | null;
  readonly statements: readonly TracedStatement[];
}

interface Entry {
  readonly engine: Engine;
  readonly format: Format;
  readonly input: PreparedInput;
  readonly out: string;
  readonly runs: Run[];
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const count = (text: string): number => {
  const n = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a count: ${text}\n${USAGE}`);
  return n;
};

/** The clock ticks per second of /proc's CPU times (getconf CLK_TCK; 100 on Linux). */
function clockTicks(): number {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout.trim());
  return r.status === 0 && n > 0 ? n : 100;
}

/** The CPU milliseconds the process `pid` has used so far, or null when /proc cannot tell. */
function serverCpuMs(pid: number | null, ticks: number): number | null {
  if (pid === null) return null;
  try {
    return procStatCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'), ticks);
  } catch {
    return null;
  }
}

/** The server's resident and peak resident memory in MB (VmRSS, VmHWM), or null. */
function serverMemory(pid: number | null): { rss_mb: number; peak_rss_mb: number } | null {
  if (pid === null) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rss_mb: Math.round(kb('VmRSS') / 1024), peak_rss_mb: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

/** Runs the Spark benchmark with the arguments of `npm run bench`; returns the exit code. */
export async function runSparkBench(argv: readonly string[]): Promise<number> {
  const { values: opt } = parseArgs({
    args: [...argv],
    options: {
      engine: { type: 'string' },
      lines: { type: 'string', default: '1000000' },
      sizes: { type: 'string' },
      runs: { type: 'string', default: '1' },
      seed: { type: 'string', default: '20240220' },
      'orders-format': { type: 'string', default: 'ndjson' },
      remote: { type: 'string' },
      'server-pid': { type: 'string' },
      port: { type: 'string', default: process.env['SPARK_CONNECT_PORT'] ?? '15002' },
      'driver-memory': { type: 'string', default: process.env['SPARK_DRIVER_MEMORY'] ?? '2g' },
      verify: { type: 'string', default: 'totals' },
      'keep-outputs': { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (opt.help) {
    console.log(USAGE);
    return 0;
  }
  if (opt.engine !== 'spark') throw new Error(`--engine is spark here, got ${String(opt.engine)}\n${USAGE}`);
  const sizes = (opt.sizes ?? opt.lines).split(',').map(count);
  const runs = Math.max(1, count(opt.runs));
  const seed = count(opt.seed);
  const formats = opt['orders-format'].split(',').map((f): Format => {
    if (f !== 'array' && f !== 'ndjson') throw new Error(`--orders-format is array or ndjson, got ${f}\n${USAGE}`);
    return f;
  });
  if (opt.verify !== 'totals' && opt.verify !== 'full') throw new Error(`--verify is totals or full\n${USAGE}`);
  const root = resolve(import.meta.dirname, '..');
  const dataDir = join(root, 'bench', 'data');
  const preload = join(root, 'bench', 'rss-preload.mjs');
  if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('build first: npm run build (npm run bench does)');
  const ecomflow = peers(root, null, 1).find((p) => p.name === 'ecomflow')!;
  const ticks = clockTicks();

  // ── the server: given, or started here ──────────────────────────────────────────────────────────────────────
  let remote = opt.remote ?? (process.env['SPARK_REMOTE'] || undefined);
  let serverPid: number | null = opt['server-pid'] === undefined ? null : count(opt['server-pid']);
  const state = join(dataDir, `spark-server-${opt.port}`);
  const server = join(root, 'scripts', 'spark', 'server.sh');
  const serverEnv = { ...process.env, SPARK_CONNECT_PORT: opt.port, SPARK_DRIVER_MEMORY: opt['driver-memory'] };
  let started = false;
  if (remote === undefined) {
    console.log(`starting a local Spark Connect server on port ${opt.port} (driver memory ${opt['driver-memory']}) …`);
    const r = spawnSync('bash', [server, 'start', state], { encoding: 'utf8', env: serverEnv });
    process.stderr.write(r.stderr);
    if (r.status !== 0) throw new Error('could not start the Spark server (see above)');
    remote = r.stdout.trim().split('\n').at(-1)!;
    serverPid = Number(readFileSync(join(state, 'server.pid'), 'utf8').trim());
    started = true;
  }
  const sparkRemote = remote;

  // ── load average, sampled while the benchmark runs ──────────────────────────────────────────────────────────
  const loadSamples: number[] = [];
  const sampler = setInterval(() => loadSamples.push(loadavg()[0]!), 10_000);
  sampler.unref();
  const loadAtStart = loadavg();
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    memory_gib: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    measured_by: method,
    spark_remote: sparkRemote,
    server_pid: serverPid,
    load_average_at_start: loadAtStart.map((l) => Number(l.toFixed(2))),
  };
  console.log(
    `machine: ${machine.cores} cores, ${machine.memory_gib} GiB, Node ${machine.node}; Spark at ${sparkRemote}` +
      (serverPid === null ? ' (server CPU not measured: give --server-pid)' : ` (server pid ${serverPid})`),
  );
  console.log(`load average at start: ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`);

  const argsOf = (e: Entry): string[] => {
    const args = ecomflow.args(e.input, e.out);
    return e.engine === 'spark' ? [...args, '--engine', 'spark', '--remote', sparkRemote] : args;
  };
  const results: Record<string, unknown>[] = [];
  let failed = false;
  try {
    for (const lines of sizes) {
      const entries: Entry[] = [];
      const outRoot = join(dataDir, 'out-spark', String(lines));
      mkdirSync(outRoot, { recursive: true });
      for (const format of formats) {
        const log = (l: string): void => {
          console.log(l);
        };
        const input = await prepareInput({ dataDir, lines, seed, ordersFormat: format, log });
        for (const engine of ['local', 'spark'] as const) {
          entries.push({ engine, format, input, out: join(outRoot, `${engine}-${format}`), runs: [] });
        }
      }
      console.log(`\ninput: ${lines.toLocaleString('en-US')} order lines (${formats.join(', ')}); ${runs} round(s)`);
      for (let r = 0; r < runs; r++) {
        for (const e of entries) {
          rmSync(e.out, { recursive: true, force: true });
          const cpu0 = e.engine === 'spark' ? serverCpuMs(serverPid, ticks) : null;
          if (e.engine === 'spark') process.env['ECOMFLOW_SPARK_TRACE'] = '1';
          let m: Measured;
          try {
            m = await measure(argsOf(e), root, preload);
          } finally {
            delete process.env['ECOMFLOW_SPARK_TRACE'];
          }
          const cpu1 = e.engine === 'spark' ? serverCpuMs(serverPid, ticks) : null;
          const run: Run = {
            ...m,
            serverCpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0,
            statements: e.engine === 'spark' ? parseTrace(m.stderr) : [],
          };
          e.runs.push(run);
          console.log(
            `  round ${r + 1}  ${`${e.engine} (${e.format})`.padEnd(16)} ${secs(m.wallMs).padStart(9)} wall ` +
              `${secs(m.cpuMs).padStart(8)} client CPU` +
              (run.serverCpuMs === null ? '' : ` ${secs(run.serverCpuMs).padStart(8)} server CPU`) +
              ` ${Math.round(m.peakRssMb)} MB client peak` +
              `  (load ${loadavg()[0]!.toFixed(1)})`,
          );
        }
      }
      for (const format of formats) {
        const [local, spark] = (['local', 'spark'] as const).map((engine) =>
          entries.find((e) => e.engine === engine && e.format === format)!,
        );
        const c = await compareWarehouses(local!.out, spark!.out, { quality: true, full: opt.verify === 'full' });
        const what = opt.verify === 'full' ? 'every table' : 'row counts, aggregate totals, quality.json';
        const check = c.ok ? `agree (${what}; ${c.checks} checks)` : `DIFFER: ${c.differences.join('; ')}`;
        if (!c.ok) failed = true;
        results.push(summarise(lines, format, local!, spark!, check));
      }
      if (!opt['keep-outputs']) rmSync(outRoot, { recursive: true, force: true });
    }
  } finally {
    clearInterval(sampler);
    if (started) {
      console.log(`server memory at the end: ${JSON.stringify(serverMemory(serverPid))}`);
      spawnSync('bash', [server, 'stop', state], { stdio: 'inherit', env: serverEnv });
    }
  }

  if (results.length > 1) {
    console.log('\ngrowth (median wall; µs per line):');
    console.log('  lines        format  local          Spark          Spark / local');
    for (const r of results as { lines: number; format: string; local: Side; spark: Side; ratio: number }[]) {
      console.log(
        `  ${r.lines.toLocaleString('en-US').padStart(11)}  ${r.format.padEnd(6)}  ` +
          `${secs(r.local.wall_s * 1000).padStart(7)} ${perLine(r.local.wall_s, r.lines).padStart(6)}  ` +
          `${secs(r.spark.wall_s * 1000).padStart(7)} ${perLine(r.spark.wall_s, r.lines).padStart(6)}  ` +
          `${r.ratio.toFixed(2)}×`,
      );
    }
  }
  const loadAtEnd = loadavg();
  const during = loadSamples.length === 0 ? [loadAtEnd[0]!] : loadSamples;
  const load = {
    at_start: loadAtStart.map((l) => Number(l.toFixed(2))),
    at_end: loadAtEnd.map((l) => Number(l.toFixed(2))),
    during_mean: Number((during.reduce((s, x) => s + x, 0) / during.length).toFixed(2)),
    during_max: Number(Math.max(...during).toFixed(2)),
  };
  console.log(
    `\nload average (1 min): ${load.during_mean} mean, ${load.during_max} max during the runs; ` +
      `at end ${load.at_end.join(' ')}`,
  );
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = opt.json ?? join(root, 'bench', 'results', `${stamp}-spark-${sizes.join('_')}.json`);
  mkdirSync(resolve(file, '..'), { recursive: true });
  const options = { sizes, runs, seed, formats, verify: opt.verify, driver_memory: opt['driver-memory'] };
  writeFileSync(
    file,
    `${JSON.stringify({ when: new Date().toISOString(), machine, load, options, results }, null, 2)}\n`,
  );
  console.log(`results: ${file}`);
  return failed ? 1 : 0;
}

interface Side {
  readonly wall_s: number;
  readonly wall_min_s: number;
  readonly wall_max_s: number;
  readonly cpu_s: number;
  readonly server_cpu_s: number | null;
  readonly peak_rss_mb: number;
}

const perLine = (wallS: number, lines: number): string => `${((wallS * 1e6) / lines).toFixed(0)} µs`;

/** One engine's runs as medians. */
function side(e: Entry): Side {
  const server = e.runs.map((r) => r.serverCpuMs);
  return {
    wall_s: median(e.runs.map((r) => r.wallMs)) / 1000,
    wall_min_s: Math.min(...e.runs.map((r) => r.wallMs)) / 1000,
    wall_max_s: Math.max(...e.runs.map((r) => r.wallMs)) / 1000,
    cpu_s: median(e.runs.map((r) => r.cpuMs)) / 1000,
    server_cpu_s: server.every((s) => s !== null) ? median(server.map(Number)) / 1000 : null,
    peak_rss_mb: Math.round(Math.max(...e.runs.map((r) => r.peakRssMb))),
  };
}

/** Prints and returns one size × format: both engines, the ratio, where the Spark run's time went, the check. */
function summarise(lines: number, format: Format, local: Entry, spark: Entry, check: string): Record<string, unknown> {
  const [l, s] = [side(local), side(spark)];
  const ratio = s.wall_s / l.wall_s;
  const median = spark.runs.map((r) => r.wallMs).sort((a, b) => a - b)[Math.floor((spark.runs.length - 1) / 2)];
  const typical = spark.runs.find((r) => r.wallMs === median) ?? spark.runs.at(-1)!;
  const time = whereTimeGoes(typical.statements);
  console.log(`\n${lines.toLocaleString('en-US')} lines, ${format} — median of ${local.runs.length}:`);
  for (const [name, x] of [
    ['local', l],
    ['spark', s],
  ] as const) {
    console.log(
      `  ${name.padEnd(6)} ${secs(x.wall_s * 1000).padStart(9)} wall ` +
        `(${x.wall_min_s.toFixed(1)}–${x.wall_max_s.toFixed(1)}) ` +
        `${secs(x.cpu_s * 1000).padStart(8)} client CPU` +
        (x.server_cpu_s === null ? '' : ` ${secs(x.server_cpu_s * 1000).padStart(8)} server CPU`) +
        ` ${x.peak_rss_mb} MB client peak  ${perLine(x.wall_s, lines)}/line`,
    );
  }
  console.log(`  Spark / local: ${ratio.toFixed(2)}× wall`);
  console.log(`  where the Spark run's ${secs(typical.wallMs)} went (statements, the median run):`);
  for (const row of time.rows.filter((r) => r.ms >= 500)) {
    console.log(`    ${secs(row.ms).padStart(8)}  ${row.label}${row.count > 1 ? ` (${row.count}×)` : ''}`);
  }
  console.log(
    `    ${secs(typical.wallMs - time.totalMs).padStart(8)}  client side: start, reading customers and products, ` +
      'aggregates, quality.json, SQL answers, report',
  );
  console.log(`  check: ${check}`);
  return {
    lines,
    format,
    local: l,
    spark: s,
    ratio,
    spark_statements_ms: time.rows,
    spark_client_side_ms: Math.round(typical.wallMs - time.totalMs),
    check,
  };
}

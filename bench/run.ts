/**
 * The benchmark (`npm run bench`, docs/performance.md): ecomflow's whole `run` against three peers on the same
 * generated input, each a whole process, alternating A B C D A B C D …, median of several rounds, with CPU time and
 * peak RSS. After the rounds every peer's outputs are checked against ecomflow's, so each is proven to have done
 * its part of the work (bench/compare.ts).
 *
 *   npm run bench -- [--lines 1000000] [--runs 3] [--seed 20240220] [--orders-format array|ndjson|array,ndjson]
 *                    [--sizes 100000,1000000,5000000,10000000]
 *                    [--peers ecomflow,duckdb-same-work,duckdb-core,polars-core]
 *                    [--threads N] [--verify totals|full] [--skip-sample] [--keep-outputs] [--json FILE]
 *   npm run bench -- --engine spark …   the local engine against the Spark engine (bench/spark-bench.ts)
 *
 * Peers: duckdb-same-work writes what `ecomflow run` writes but the report (bench/duckdb-pipeline.mjs);
 * duckdb-core and polars-core do the core only: enriched order lines and the aggregates (bench/duckdb-core.mjs,
 * bench/polars-core.mjs). polars-core is left out above 5M lines unless named in --peers (its JSON reader holds
 * the whole file: 2.2 GB at 1M lines).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compareWarehouses } from './compare.js';
import { measure, method, type Measured } from './measure.js';
import { ensurePolars, peers as allPeers, type Peer, type PeerInput } from './peers.js';
import { prepareInput } from './prepare-input.js';
import { sparkEngineAsked } from './spark-trace.js';

// `--engine spark`: ecomflow's local engine against its Spark engine (bench/spark-bench.ts); the rest is local
if (sparkEngineAsked(process.argv.slice(2))) {
  const { runSparkBench } = await import('./spark-bench.js');
  process.exit(await runSparkBench(process.argv.slice(2)));
}

const USAGE =
  'usage: npm run bench -- [--lines N] [--runs R] [--seed S] [--orders-format array|ndjson|array,ndjson] ' +
  '[--sizes N,N,…] [--peers a,b,…] [--threads N] [--verify totals|full] [--skip-sample] [--keep-outputs] [--json FILE]';
const { values: opt } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    sizes: { type: 'string' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '20240220' },
    'orders-format': { type: 'string', default: 'array' },
    peers: { type: 'string' },
    threads: { type: 'string', default: String(availableParallelism()) },
    verify: { type: 'string', default: 'totals' },
    'skip-sample': { type: 'boolean', default: false },
    'keep-outputs': { type: 'boolean', default: false },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help) {
  console.log(USAGE);
  process.exit(0);
}
const count = (text: string): number => {
  const n = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a count: ${text}\n${USAGE}`);
  return n;
};
const sizes = (opt.sizes ?? opt.lines).split(',').map(count);
const runs = Math.max(1, count(opt.runs));
const seed = count(opt.seed);
const threads = Math.max(1, count(opt.threads));
const formats = opt['orders-format'].split(',').map((f) => {
  if (f !== 'array' && f !== 'ndjson') throw new Error(`--orders-format is array or ndjson, got ${f}\n${USAGE}`);
  return f;
});
const root = resolve(import.meta.dirname, '..');
const dataDir = join(root, 'bench', 'data');
const preload = join(root, 'bench', 'rss-preload.mjs');
const sampleDir = resolve(root, '..', 'shared', 'data', 'pei-sample');
const named = opt.peers?.split(',');
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mb = (m: number): string => `${Math.round(m).toLocaleString('en-US')} MB`;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('build first: npm run build (npm run bench does)');

// ── which peers ────────────────────────────────────────────────────────────────────────────────────────────────
const wantPolars = named === undefined || named.includes('polars-core');
let polarsDir: string | null = null;
if (wantPolars) {
  const got = ensurePolars((line) => {
    console.log(line);
  });
  polarsDir = got.dir;
  if (got.dir === null) console.log(`polars-core: skipped — ${got.reason}`);
}
const known = allPeers(root, polarsDir, threads);
for (const n of named ?? []) {
  if (!known.some((p) => p.name === n) && n !== 'polars-core') throw new Error(`unknown peer ${n}\n${USAGE}`);
}
const peersFor = (lines: number): Peer[] =>
  known.filter((p) => (named === undefined ? p.name !== 'polars-core' || lines <= 5_000_000 : named.includes(p.name)));

// ── machine ────────────────────────────────────────────────────────────────────────────────────────────────────
const loadAtStart = loadavg();
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? '?',
  memory_gib: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  measured_by: method,
  load_average_at_start: loadAtStart.map((l) => Number(l.toFixed(2))),
};
console.log(
  `machine: ${machine.cores} cores (${machine.cpu}), ${machine.memory_gib} GiB, Node ${machine.node}; ` +
    `CPU and peak RSS by ${method === 'gnu-time' ? 'GNU time (wait4 rusage of the child tree)' : 'the child itself'}`,
);
console.log(
  `load average at start: ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}` +
    (loadAtStart[0]! > machine.cores ? '  (busy machine: the numbers are noisy)' : ''),
);

interface Entry {
  readonly peer: Peer;
  readonly format: 'array' | 'ndjson';
  readonly input: PeerInput;
  readonly out: string;
  readonly runs: Measured[];
}
interface Summary {
  readonly peer: string;
  readonly format: string;
  readonly wall_s: number;
  readonly wall_min_s: number;
  readonly wall_max_s: number;
  readonly cpu_s: number;
  readonly peak_rss_mb: number;
  readonly runs: readonly { wall_s: number; cpu_s: number; peak_rss_mb: number }[];
  readonly check: string;
}
const label = (e: { peer: Peer; format: string }): string =>
  formats.length > 1 ? `${e.peer.name} (${e.format})` : e.peer.name;

/** Runs the rotation for one input size; returns each entry's summary. */
async function benchSize(
  lines: number,
): Promise<{ summaries: Summary[]; inputs: Record<string, unknown>; stages: string }> {
  const inputs: Record<string, unknown> = {};
  const entries: Entry[] = [];
  const outRoot = join(dataDir, 'out', String(lines));
  for (const format of formats) {
    const input = await prepareInput({
      dataDir,
      lines,
      seed,
      ordersFormat: format,
      log: (l) => {
        console.log(l);
      },
    });
    inputs[format] = { orders: input.orders, bytes: input.ordersBytes };
    for (const peer of peersFor(lines)) {
      entries.push({ peer, format, input, out: join(outRoot, `${peer.name}-${format}`), runs: [] });
    }
  }
  const first = entries.find((e) => e.peer.name === 'ecomflow');
  console.log(
    `\ninput: ${lines.toLocaleString('en-US')} order lines` +
      Object.entries(inputs)
        .map(([f, i]) => `, ${f} ${((i as { bytes: number }).bytes / 1e6).toFixed(0)} MB`)
        .join('') +
      `; ${runs} round(s) of ${entries.map(label).join(', ')}`,
  );
  mkdirSync(outRoot, { recursive: true });
  for (let r = 0; r < runs; r++) {
    for (const e of entries) {
      rmSync(e.out, { recursive: true, force: true });
      const m = await measure(e.peer.args(e.input, e.out), root, preload);
      e.runs.push(m);
      console.log(
        `  round ${r + 1}  ${label(e).padEnd(26)} ${secs(m.wallMs).padStart(9)} wall ` +
          `${secs(m.cpuMs).padStart(9)} CPU ${mb(m.peakRssMb).padStart(9)} peak`,
      );
    }
  }

  // outputs of the last round, checked against ecomflow's (same orders format; ecomflow ndjson against array)
  const checks = new Map<Entry, string>();
  for (const e of entries) {
    const eco = entries.find((x) => x.peer.name === 'ecomflow' && x.format === e.format);
    const ref = e.peer.name === 'ecomflow' ? (e === first ? undefined : first) : eco;
    if (ref === undefined) {
      checks.set(e, e.peer.name === 'ecomflow' ? 'reference' : 'not checked: ecomflow is not among --peers');
      continue;
    }
    const sameWork = e.peer.check !== 'core';
    const c = await compareWarehouses(ref.out, e.out, { quality: sameWork, full: sameWork && opt.verify === 'full' });
    const what = sameWork
      ? opt.verify === 'full'
        ? 'every table equal'
        : 'row counts of every table, aggregate totals, quality.json'
      : 'row counts and totals of enriched orders and aggregates';
    checks.set(e, c.ok ? `agrees (${what}; ${c.checks} checks)` : `DIFFERS: ${c.differences.join('; ')}`);
    if (!c.ok) process.exitCode = 1;
  }
  if (!opt['keep-outputs']) rmSync(outRoot, { recursive: true, force: true });

  const summaries = entries.map((e): Summary => ({
    peer: e.peer.name,
    format: e.format,
    wall_s: median(e.runs.map((m) => m.wallMs)) / 1000,
    wall_min_s: Math.min(...e.runs.map((m) => m.wallMs)) / 1000,
    wall_max_s: Math.max(...e.runs.map((m) => m.wallMs)) / 1000,
    cpu_s: median(e.runs.map((m) => m.cpuMs)) / 1000,
    peak_rss_mb: Math.max(...e.runs.map((m) => m.peakRssMb)),
    runs: e.runs.map((m) => ({ wall_s: m.wallMs / 1000, cpu_s: m.cpuMs / 1000, peak_rss_mb: m.peakRssMb })),
    check: checks.get(e) ?? '',
  }));
  const stages = first === undefined ? '' : (/time: (.*)/.exec(first.runs.at(-1)?.stdout ?? '')?.[1] ?? '');
  printSummary(lines, summaries, entries, stages);
  return { summaries, inputs, stages };
}

function printSummary(lines: number, summaries: readonly Summary[], entries: readonly Entry[], stages: string): void {
  console.log(`\n${lines.toLocaleString('en-US')} lines — median of ${runs}:`);
  console.log(
    `  ${'peer'.padEnd(26)} ${'wall'.padStart(9)} ${'(min–max)'.padStart(15)} ${'CPU'.padStart(9)} ` +
      'peak RSS'.padStart(9),
  );
  summaries.forEach((s, k) => {
    const range = `${s.wall_min_s.toFixed(2)}–${s.wall_max_s.toFixed(2)}`;
    console.log(
      `  ${label(entries[k]!).padEnd(26)} ${`${s.wall_s.toFixed(2)} s`.padStart(9)} ${range.padStart(15)} ` +
        `${`${s.cpu_s.toFixed(2)} s`.padStart(9)} ${mb(s.peak_rss_mb).padStart(9)}`,
    );
  });
  for (const format of formats) {
    const of = (name: string): Summary | undefined => summaries.find((s) => s.peer === name && s.format === format);
    const eco = of('ecomflow');
    if (eco === undefined) continue;
    console.log(`  ratios, ecomflow / peer${formats.length > 1 ? ` (${format})` : ''}:`);
    for (const name of ['duckdb-core', 'duckdb-same-work', 'polars-core']) {
      const p = of(name);
      if (p === undefined) continue;
      console.log(
        `    ${name.padEnd(17)} wall ${(eco.wall_s / p.wall_s).toFixed(2)}×   ` +
          `CPU ${(eco.cpu_s / p.cpu_s).toFixed(2)}×   ` +
          `peak RSS ${(eco.peak_rss_mb / p.peak_rss_mb).toFixed(2)}× (${mb(eco.peak_rss_mb)} vs ${mb(p.peak_rss_mb)})`,
      );
    }
  }
  if (formats.length > 1) {
    const [a, n] = [
      summaries.find((s) => s.peer === 'ecomflow' && s.format === 'array'),
      summaries.find((s) => s.peer === 'ecomflow' && s.format === 'ndjson'),
    ];
    if (a !== undefined && n !== undefined) {
      console.log(
        `  ecomflow ndjson / array: wall ${(n.wall_s / a.wall_s).toFixed(2)}×, CPU ${(n.cpu_s / a.cpu_s).toFixed(2)}×`,
      );
    }
  }
  if (stages !== '') console.log(`  ecomflow stages (last run): ${stages}`);
  summaries.forEach((s, k) => {
    console.log(`  check ${label(entries[k]!)}: ${s.check}`);
  });
}

/** ecomflow end to end on the shared sample, `runs` times; null when the sample is absent. */
async function benchSample(): Promise<Summary | null> {
  if (opt['skip-sample'] || !existsSync(join(sampleDir, 'Orders.json'))) return null;
  const out = join(dataDir, 'out', 'sample');
  const ms: Measured[] = [];
  for (let r = 0; r < runs; r++) {
    rmSync(out, { recursive: true, force: true });
    ms.push(
      await measure(
        [join(root, 'dist', 'cli.js'), 'run', '--input', sampleDir, '--out', out, '--quiet'],
        root,
        preload,
      ),
    );
  }
  rmSync(out, { recursive: true, force: true });
  const walls = ms.map((m) => m.wallMs);
  const s: Summary = {
    peer: 'ecomflow',
    format: 'array',
    wall_s: median(walls) / 1000,
    wall_min_s: Math.min(...walls) / 1000,
    wall_max_s: Math.max(...walls) / 1000,
    cpu_s: median(ms.map((m) => m.cpuMs)) / 1000,
    peak_rss_mb: Math.max(...ms.map((m) => m.peakRssMb)),
    runs: ms.map((m) => ({ wall_s: m.wallMs / 1000, cpu_s: m.cpuMs / 1000, peak_rss_mb: m.peakRssMb })),
    check: '',
  };
  console.log(
    `\nshared sample end to end (ecomflow run, median of ${runs}): ${s.wall_s.toFixed(2)} s wall ` +
      `(${s.wall_min_s.toFixed(2)}–${s.wall_max_s.toFixed(2)}), ${s.cpu_s.toFixed(2)} s CPU, ` +
      `${mb(s.peak_rss_mb)} peak` +
      ` — target ≤ 1.0 s: ${s.wall_s <= 1 ? 'met' : 'not met'}`,
  );
  return s;
}

const results: { lines: number; inputs: Record<string, unknown>; peers: Summary[]; ecomflow_stages: string }[] = [];
for (const lines of sizes) {
  const r = await benchSize(lines);
  results.push({ lines, inputs: r.inputs, peers: r.summaries, ecomflow_stages: r.stages });
}
if (sizes.length > 1) {
  console.log('\nscaling (median wall, peak RSS; ecomflow µs per line):');
  for (const r of results) {
    const cells = r.peers.map(
      (p) =>
        `${formats.length > 1 ? `${p.peer} (${p.format})` : p.peer} ${p.wall_s.toFixed(2)} s / ${mb(p.peak_rss_mb)}`,
    );
    const eco = r.peers.find((p) => p.peer === 'ecomflow');
    const perLine = eco === undefined ? '' : `  ecomflow ${((eco.wall_s * 1e6) / r.lines).toFixed(2)} µs/line`;
    console.log(`  ${r.lines.toLocaleString('en-US').padStart(11)}: ${cells.join(' · ')}${perLine}`);
  }
}
const sample = await benchSample();
const loadAtEnd = loadavg();
console.log(`\nload average at end: ${loadAtEnd.map((l) => l.toFixed(2)).join(' ')}`);

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const file = opt.json ?? join(root, 'bench', 'results', `${stamp}-${sizes.join('_')}.json`);
mkdirSync(resolve(file, '..'), { recursive: true });
const record = {
  when: new Date().toISOString(),
  machine: { ...machine, load_average_at_end: loadAtEnd.map((l) => Number(l.toFixed(2))) },
  options: { sizes, runs, seed, formats, threads, verify: opt.verify },
  results,
  sample,
};
writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
console.log(`results: ${file}`);

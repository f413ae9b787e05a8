/**
 * The benchmark's peers: what each one runs, and nodejs-polars installed on demand. nodejs-polars is not a
 * dependency of the project (npm ci stays lean): a pinned version goes into a cache folder outside the clone
 * (~/.cache/ecomflow/bench-peers, or $ECOMFLOW_BENCH_PEERS) the first time it is needed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The nodejs-polars version the polars peer runs. */
export const POLARS_VERSION = '0.26.1';

/** One command of the rotation. */
export interface Peer {
  /** Short name used in tables and results. */
  readonly name: string;
  readonly describe: string;
  /** Node script and its arguments, given the input and an output folder. */
  readonly args: (input: PeerInput, out: string) => string[];
  /** How its outputs are checked against ecomflow's. */
  readonly check: 'reference' | 'same-work' | 'core';
}

/** What a peer reads. */
export interface PeerInput {
  readonly customersXlsx: string;
  readonly customersCsv: string;
  readonly products: string;
  readonly orders: string;
  readonly ordersFormat: 'array' | 'ndjson';
}

/** The peers of `npm run bench`, in rotation order; `polarsDir` is null when nodejs-polars is unavailable. */
export function peers(root: string, polarsDir: string | null, threads: number): Peer[] {
  const duckFormat = (i: PeerInput): string => (i.ordersFormat === 'array' ? 'array' : 'newline_delimited');
  const common = (i: PeerInput, out: string): string[] => [
    '--customers',
    i.customersCsv,
    '--products',
    i.products,
    '--orders',
    i.orders,
    '--out',
    out,
    '--orders-format',
    duckFormat(i),
  ];
  const list: Peer[] = [
    {
      name: 'ecomflow',
      describe: 'ecomflow run (built CLI): everything, report included',
      args: (i, out) => [
        join(root, 'dist', 'cli.js'),
        'run',
        '--customers',
        i.customersXlsx,
        '--products',
        i.products,
        '--orders',
        i.orders,
        '--out',
        out,
        '--quiet',
      ],
      check: 'reference',
    },
    {
      name: 'duckdb-same-work',
      describe: 'DuckDB, the same outputs as ecomflow run but the report (bench/duckdb-pipeline.mjs)',
      args: (i, out) => [
        join(root, 'bench', 'duckdb-pipeline.mjs'),
        ...common(i, out),
        '--threads',
        String(threads),
        '--customers-label',
        i.customersXlsx,
        '--products-label',
        i.products,
        '--orders-label',
        i.orders,
      ],
      check: 'same-work',
    },
    {
      name: 'duckdb-core',
      describe: 'DuckDB, the core: enriched lines + aggregates as Parquet (bench/duckdb-core.mjs)',
      args: (i, out) => [join(root, 'bench', 'duckdb-core.mjs'), ...common(i, out), '--threads', String(threads)],
      check: 'core',
    },
  ];
  if (polarsDir !== null) {
    list.push({
      name: 'polars-core',
      describe: `nodejs-polars ${POLARS_VERSION}, the core (bench/polars-core.mjs)`,
      args: (i, out) => [join(root, 'bench', 'polars-core.mjs'), '--modules', polarsDir, ...common(i, out)],
      check: 'core',
    });
  }
  return list;
}

/** The platform package nodejs-polars loads its native code from, or null on a platform it has none for. */
function polarsPlatformPackage(): string | null {
  const { platform, arch } = process;
  if (platform === 'linux') {
    const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
    const libc = report.header?.glibcVersionRuntime === undefined ? 'musl' : 'gnu';
    return arch === 'x64' || arch === 'arm64' ? `nodejs-polars-linux-${arch}-${libc}` : null;
  }
  if (platform === 'darwin') return arch === 'x64' || arch === 'arm64' ? `nodejs-polars-darwin-${arch}` : null;
  if (platform === 'win32') return arch === 'x64' ? 'nodejs-polars-win32-x64-msvc' : null;
  return null;
}

/** True when `dir` holds a nodejs-polars that loads (its native code included). */
function polarsLoads(dir: string): boolean {
  if (!existsSync(join(dir, 'node_modules', 'nodejs-polars'))) return false;
  const probe = spawnSync(process.execPath, ['-e', "require('nodejs-polars').DataFrame({ a: [1] })"], {
    cwd: dir,
    stdio: 'ignore',
    timeout: 60_000,
  });
  return probe.status === 0;
}

/**
 * The folder holding a working nodejs-polars, installed from the registry into the cache when missing;
 * `{ dir: null, reason }` when it cannot be installed here.
 */
export function ensurePolars(log: (line: string) => void): { dir: string | null; reason: string } {
  const base = process.env['ECOMFLOW_BENCH_PEERS'] ?? join(homedir(), '.cache', 'ecomflow', 'bench-peers');
  const dir = join(base, `nodejs-polars-${POLARS_VERSION}`);
  if (polarsLoads(dir)) return { dir, reason: '' };
  const platformPackage = polarsPlatformPackage();
  if (platformPackage === null)
    return { dir: null, reason: `no nodejs-polars build for ${process.platform}/${process.arch}` };
  log(`installing nodejs-polars ${POLARS_VERSION} into ${dir} (once) …`);
  mkdirSync(dir, { recursive: true });
  const dependencies = { 'nodejs-polars': POLARS_VERSION, [platformPackage]: POLARS_VERSION };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, dependencies }, null, 2)}\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (install.status !== 0) {
    const why = (install.stderr || install.error?.message || `exit ${String(install.status)}`).trim().split('\n')[0];
    return { dir: null, reason: `npm install nodejs-polars@${POLARS_VERSION} failed: ${why ?? ''}` };
  }
  return polarsLoads(dir)
    ? { dir, reason: '' }
    : { dir: null, reason: `nodejs-polars ${POLARS_VERSION} installed but does not load on Node ${process.version}` };
}

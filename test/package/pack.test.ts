/**
 * The npm package installs and works: `npm pack` the repo, install the tarball into an empty project (one
 * install, dependencies from the registry or npm's cache), then use it as a user would — import it, run the
 * `ecomflow` bin, compile TypeScript against its types. Skips only when the registry cannot be reached.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const root = resolve(import.meta.dirname, '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** Errors that mean "no registry here", not "the package is broken". */
const OFFLINE =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ENOTCACHED|ERR_SOCKET_TIMEOUT|CERT_[A-Z_]+|UNABLE_TO_GET_ISSUER_CERT[A-Z_]*|SELF_SIGNED_CERT[A-Z_]*)\b|network request to .* failed/;

function run(cmd: string, args: readonly string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}

/** Fails with the command's output when it did not exit 0. */
function ok(r: SpawnSyncReturns<string>, what: string): SpawnSyncReturns<string> {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`);
  return r;
}

let consumer = '';
let packDir = '';
let offline: string | null = null;

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'index.js')) || !existsSync(join(root, 'dist', 'cli.js'))) {
    ok(run(npm, ['run', 'build'], root), 'npm run build');
  }
  packDir = tempDir('ecomflow-pack-');
  // --ignore-scripts: pack the dist/ that is there (pretest or the step above built it) without rebuilding
  ok(run(npm, ['pack', '--ignore-scripts', '--pack-destination', packDir], root), 'npm pack');
  const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball into ${packDir}`);

  consumer = tempDir('ecomflow-consumer-');
  ok(run(npm, ['init', '-y'], consumer), 'npm init -y');
  const install = run(
    npm,
    ['install', join(packDir, tarball), '--no-audit', '--no-fund', '--prefer-offline'],
    consumer,
    280_000,
  );
  if (install.status !== 0) {
    const output = `${install.stdout}\n${install.stderr}`;
    if (!OFFLINE.test(output)) ok(install, 'npm install <tarball>');
    offline = `npm install could not reach the registry (${output.match(OFFLINE)![0]}); package tests skipped`;
    console.warn(offline);
  }
}, 300_000);

afterAll(() => {
  for (const dir of [consumer, packDir]) if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('ships dist, sql, the README and the LICENSE, and its entry point exports the API', ({ skip }) => {
    if (offline !== null) skip(offline);
    const installed = join(consumer, 'node_modules', 'ecomflow');
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli.js',
      'sql/profit_by_year.sql',
    ]) {
      expect(existsSync(join(installed, file)), file).toBe(true);
    }
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(existsSync(join(installed, 'test'))).toBe(false);
    const r = ok(
      run(
        process.execPath,
        ['-e', "import('ecomflow').then(m => console.log(typeof m.runPipeline, typeof m.readJson))"],
        consumer,
      ),
      'import',
    );
    expect(r.stdout).toBe('function function\n');
  });

  it('carries an MIT LICENSE, as package.json says', ({ skip }) => {
    if (offline !== null) skip(offline);
    const installed = join(consumer, 'node_modules', 'ecomflow');
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { license: string };
    expect(pkg.license).toBe('MIT');
    const license = readFileSync(join(installed, 'LICENSE'), 'utf8');
    expect(license.split('\n')[0]).toBe('MIT License');
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });

  it('ships no source maps (they would point at sources it does not ship)', ({ skip }) => {
    if (offline !== null) skip(offline);
    const dist = join(consumer, 'node_modules', 'ecomflow', 'dist');
    const files = readdirSync(dist, { recursive: true, encoding: 'utf8' });
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const js = files.filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(10);
    expect(js.filter((f) => readFileSync(join(dist, f), 'utf8').includes('sourceMappingURL'))).toEqual([]);
  });

  it('can be required from CommonJS (Node 20.19+ loads the ES module)', ({ skip }) => {
    if (offline !== null) skip(offline);
    writeFileSync(
      join(consumer, 'check.cjs'),
      "const m = require('ecomflow');\nconsole.log(typeof m.runPipeline, typeof m.readJson, typeof m.query);\n",
    );
    const r = ok(run(process.execPath, ['check.cjs'], consumer), 'node check.cjs');
    expect(r.stdout).toBe('function function function\n');
  });

  it('installs only its runtime dependencies (not the test-only decimal.js, not the old hyparquet-writer)', ({
    skip,
  }) => {
    if (offline !== null) skip(offline);
    const modules = join(consumer, 'node_modules');
    expect(existsSync(join(modules, 'apache-arrow'))).toBe(true);
    expect(existsSync(join(modules, 'decimal.js'))).toBe(false);
    expect(existsSync(join(modules, 'hyparquet-writer'))).toBe(false);
    expect(existsSync(join(modules, 'typescript'))).toBe(false);
  });

  it('installs the ecomflow command, which prints its usage', ({ skip }) => {
    if (offline !== null) skip(offline);
    const r = ok(run(npx, ['ecomflow', '--help'], consumer), 'npx ecomflow --help');
    expect(r.stdout).toContain('Usage: ecomflow <command>');
    expect(r.stdout).toContain('--input');
  });

  it('runs the pipeline on the fixtures into a warehouse', ({ skip }) => {
    if (offline !== null) skip(offline);
    const wh = join(tempDir('ecomflow-wh-'), 'wh');
    ok(
      run(npx, ['ecomflow', 'run', '--input', join(root, 'fixtures'), '--out', wh, '--quiet'], consumer),
      'npx ecomflow run',
    );
    for (const file of [
      'enriched/orders.parquet',
      'raw/orders.parquet',
      'aggregates/profit_by_year.parquet',
      'quality.json',
    ]) {
      expect(existsSync(join(wh, file)), file).toBe(true);
    }
  });

  it('gives TypeScript users its types', ({ skip }) => {
    if (offline !== null) skip(offline);
    writeFileSync(
      join(consumer, 'check.mts'),
      [
        "import { runPipeline, show, type RunSummary, type Table } from 'ecomflow';",
        "const summary: Promise<RunSummary> = runPipeline({ input: 'in', out: 'wh' });",
        'const text: (t: Table) => string = (t) => show(t, { rows: 5 });',
        '// @ts-expect-error: out is required',
        'void runPipeline({ input: 1 });',
        'export { summary, text };',
        '',
      ].join('\n'),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--skipLibCheck',
      '--types',
      'node',
      '--typeRoots',
      join(root, 'node_modules', '@types'),
      'check.mts',
    ];
    const r = run(process.execPath, [tsc, ...args], consumer);
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });
});

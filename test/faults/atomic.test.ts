import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSources } from '../../fixtures/generate.js';
import { assertReplaceable, recoverWarehouse, WAREHOUSE_MARKER } from '../../src/pipeline/warehouse.js';
import { sqlPath, withDuck } from '../helpers/duckdb.js';
import { tempDir } from '../helpers/tmp.js';
import { expectAccounted, freshOut, makeInput, quality, run } from './harness.js';

/** A pid no process can have (above Linux's largest pid_max, 2^22): stands for a run that was killed. */
const DEAD_PID = 4_194_305;

/** Every file of a folder tree, path → bytes (base64). */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else files[`${prefix}${e.name}`] = readFileSync(join(d, e.name)).toString('base64');
    }
  };
  walk(dir, '');
  return files;
}

/** Row counts of every Parquet table of a warehouse, as DuckDB reads them (a torn file would fail to read). */
async function tableCounts(out: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await withDuck(async (q) => {
    for (const layer of ['raw', 'enriched', 'rejects', 'aggregates']) {
      for (const f of readdirSync(join(out, layer)).sort()) {
        const [row] = await q(`select count(*) as n from ${sqlPath(join(out, layer, f))}`);
        counts[`${layer}/${f}`] = Number(row!['n']);
      }
    }
  });
  return counts;
}

/** A good warehouse of the fixtures at a fresh path. */
async function goodWarehouse(): Promise<string> {
  const out = freshOut();
  expect((await run(makeInput(), out)).code).toBe(0);
  return out;
}

const leftover = (out: string, kind: 'staging' | 'previous', pid: number, ms: number): string =>
  join(dirname(out), `.${basename(out)}.${kind}-${pid}-${ms}`);

describe('the warehouse swap survives a kill at any point', () => {
  it('restores the previous warehouse when a run died between its two renames', async () => {
    const out = await goodWarehouse();
    const before = snapshot(out);
    // the state a kill between `rename(out, previous)` and `rename(staging, out)` leaves behind
    const previous = leftover(out, 'previous', DEAD_PID, 1000);
    const staging = leftover(out, 'staging', DEAD_PID, 999);
    renameSync(out, previous);
    mkdirSync(join(staging, 'raw'), { recursive: true });
    writeFileSync(join(staging, 'raw', 'orders.parquet'), 'PAR1 half written');
    expect(existsSync(out)).toBe(false);

    expect(await recoverWarehouse(out)).toEqual({ restored: previous, removed: [staging] });
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(dirname(out))).toEqual([basename(out)]);
    await expectAccounted(out, { customers: 15, products: 14, orders: 27 });
  });

  it('recovers before anything else, so even a run that then fails leaves the good warehouse in place', async () => {
    const out = await goodWarehouse();
    const before = snapshot(out);
    renameSync(out, leftover(out, 'previous', DEAD_PID, 1000));
    const r = await run(makeInput({ 'Orders.json': '[' }), out);
    expect(r.code).toBe(1);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(dirname(out))).toEqual([basename(out)]);
  });

  it('restores the newest previous warehouse and only one that carries the marker', async () => {
    const out = await goodWarehouse();
    const before = snapshot(out);
    const newest = leftover(out, 'previous', DEAD_PID, 3000);
    renameSync(out, newest);
    const older = leftover(out, 'previous', DEAD_PID, 2000);
    cpSync(newest, older, { recursive: true });
    writeFileSync(join(older, 'quality.json'), '{"older":true}');
    const halfDeleted = leftover(out, 'previous', DEAD_PID, 4000); // a cleanup that was cut short
    mkdirSync(join(halfDeleted, 'raw'), { recursive: true });
    await assertReplaceable(out);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(dirname(out))).toEqual([basename(out)]);
  });

  it('deletes what dead runs left beside the warehouse, and leaves a live run and other folders alone', async () => {
    const out = await goodWarehouse();
    const dead = [leftover(out, 'staging', DEAD_PID, 1), leftover(out, 'previous', DEAD_PID, 2)];
    const live = leftover(out, 'staging', process.ppid, 3); // the parent process: alive
    const unrelated = join(dirname(out), `.${basename(out)}.staging-notes`);
    for (const d of [...dead, live, unrelated]) mkdirSync(d);
    const r = await run(makeInput(), out);
    expect(r.code).toBe(0);
    expect(readdirSync(dirname(out)).sort()).toEqual([basename(out), basename(live), basename(unrelated)].sort());
  });

  it('leaves no temporary file or staging folder behind after a good run, and writes the marker', async () => {
    const out = await goodWarehouse();
    expect(readdirSync(dirname(out))).toEqual([basename(out)]);
    const files = Object.keys(snapshot(out));
    expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(files).toContain(WAREHOUSE_MARKER);
    expect(JSON.parse(readFileSync(join(out, WAREHOUSE_MARKER), 'utf8'))).toMatchObject({ tool: 'ecomflow' });
  });
});

describe('--out must be absent, empty or an ecomflow warehouse', () => {
  it('refuses a non-empty folder that is not a warehouse, exit 1, and deletes nothing', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'thesis.docx'), 'precious');
    mkdirSync(join(out, 'raw'));
    const r = await run(makeInput(), out);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `ecomflow: ${out}: is a non-empty folder that is not an ecomflow warehouse (no ${WAREHOUSE_MARKER}); ` +
        'refusing to replace it — choose another --out\n',
    );
    expect(readdirSync(out).sort()).toEqual(['raw', 'thesis.docx']);
    expect(readFileSync(join(out, 'thesis.docx'), 'utf8')).toBe('precious');
    expect(readdirSync(dirname(out))).toContain(basename(out));
    expect(readdirSync(dirname(out)).filter((n) => n.startsWith(`.${basename(out)}.`))).toEqual([]);
  });

  it('refuses a file', async () => {
    const out = join(tempDir(), 'notes.txt');
    writeFileSync(out, 'keep me');
    const r = await run(makeInput(), out);
    expect(r).toMatchObject({ code: 1, err: `ecomflow: ${out}: exists and is not a folder\n` });
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  });

  it('fills an empty folder', async () => {
    const out = tempDir();
    expect((await run(makeInput(), out)).code).toBe(0);
    await expectAccounted(out, { orders: 27 });
  });
});

describe('determinism', () => {
  it('gives byte-identical Parquet files, quality.json and SQL answers for the same inputs', async () => {
    const input = tempDir('ecomflow-det-');
    await generateSources({ lines: 20_000, out: input, seed: 7 });
    const a = freshOut();
    const b = freshOut();
    expect((await run(input, a)).code).toBe(0);
    expect((await run(input, b)).code).toBe(0);
    const sa = snapshot(a);
    const sb = snapshot(b);
    expect(Object.keys(sb).sort()).toEqual(Object.keys(sa).sort());
    const parquet = Object.keys(sa).filter((f) => f.endsWith('.parquet'));
    expect(parquet).toHaveLength(14);
    // everything but run.json and the HTML report (the run's own start time and timings) is byte-identical
    const compared = Object.keys(sa).filter((f) => f !== 'run.json' && !f.startsWith('report/'));
    expect(compared).toEqual(
      expect.arrayContaining(['quality.json', 'sql/profit_by_year.csv', WAREHOUSE_MARKER, ...parquet]),
    );
    for (const f of compared) expect(sb[f] === sa[f], f).toBe(true);
    expect(quality(a).tables.orders.rows_read).toBe(20_000);
    await expectAccounted(a, { orders: 20_000 });
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------------------
// SLOW (~40–70 s): a real `ecomflow run` process on 1,000,000 generated order lines, killed with SIGKILL twice
// over a good warehouse — once while it reads, once while it writes its staging folder. The old warehouse must
// still read whole in DuckDB, table by table.
// ---------------------------------------------------------------------------------------------------------------
describe('SLOW: kill -9 of a real 1M-line run over a good warehouse', () => {
  const root = resolve(import.meta.dirname, '../..');
  let input = '';
  let out = '';
  let before: Record<string, string> = {};
  let counts: Record<string, number> = {};
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    input = tempDir('ecomflow-1m-');
    await generateSources({ lines: 1_000_000, out: input });
    out = await goodWarehouse();
    before = snapshot(out);
    counts = await tableCounts(out);
  }, 60_000);

  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(input, { recursive: true, force: true });
  });

  /** Starts `node --import tsx src/cli.ts run` on the 1M-line input over the good warehouse. */
  function start(): ChildProcess & { exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli.ts'), 'run', '--input', input, '--out', out, '--quiet'],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    children.push(child);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.on('exit', (code, signal) => {
        done({ code, signal });
      }),
    );
    return Object.assign(child, { exited });
  }

  async function expectOldWarehouseWhole(): Promise<void> {
    expect(await tableCounts(out)).toEqual(counts);
    expect(snapshot(out)).toEqual(before);
    await expectAccounted(out, { customers: 15, products: 14, orders: 27 });
  }

  it('killed while reading (after ~3 s): the old warehouse is untouched', async () => {
    const child = start();
    await sleep(3000);
    expect(child.exitCode, 'still running after 3 s').toBe(null);
    child.kill('SIGKILL');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await expectOldWarehouseWhole();
  }, 30_000);

  it('killed while writing its staging folder: the old warehouse is untouched, the next run cleans up', async () => {
    const child = start();
    const staging = `.${basename(out)}.staging-${child.pid}-`;
    let caught = '';
    while (child.exitCode === null && caught === '') {
      await sleep(20);
      const dir = readdirSync(dirname(out)).find((n) => n.startsWith(staging));
      if (dir !== undefined && existsSync(join(dirname(out), dir, 'raw'))) caught = dir;
    }
    child.kill('SIGKILL');
    expect(await child.exited, 'killed, not finished').toEqual({ code: null, signal: 'SIGKILL' });
    expect(caught).not.toBe('');
    expect(readdirSync(dirname(out))).toContain(caught);
    await expectOldWarehouseWhole();

    // the next run removes the dead run's staging folder
    expect((await run(makeInput(), out)).code).toBe(0);
    expect(readdirSync(dirname(out))).toEqual([basename(out)]);
    expect(await tableCounts(out)).toEqual(counts);
  }, 90_000);
});

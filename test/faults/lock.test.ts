/**
 * One run at a time per warehouse: a lock file beside --out holds the writing run's pid; a second run refuses with
 * exit 1 naming it; a lock whose process is gone is cleared (issue 10 item 17).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSources } from '../../fixtures/generate.js';
import { acquireLock, type Lock } from '../../src/io/files/lock.js';
import { scratch } from '../helpers/scratch.js';
import { startCli } from '../helpers/spawn-cli.js';
import { expectAccounted, makeInput, run } from './harness.js';

/** A pid no process can have (above Linux's largest pid_max, 2^22): stands for a run that was killed. */
const DEAD_PID = 4_194_305;

const tmp = scratch();
afterAll(() => {
  tmp.cleanup();
});

const lockOf = (out: string): string => join(dirname(out), `.${basename(out)}.lock`);
const refusal = (out: string, pid: number): string =>
  `ecomflow: another ecomflow run is writing ${out} (pid ${pid}); wait for it to finish (if no such run is ` +
  `going, delete ${lockOf(out)})\n`;

describe('acquireLock', () => {
  it('gives the lock to exactly one of many at once, and again once it is released', async () => {
    const file = join(tmp.dir(), 'x.lock');
    const tries = await Promise.all(Array.from({ length: 8 }, () => acquireLock(file)));
    const got = tries.filter((t): t is Lock => 'release' in t);
    expect(got).toHaveLength(1);
    expect(tries.filter((t) => 'heldBy' in t).map((t) => (t as { heldBy: number }).heldBy)).toEqual(
      Array<number>(7).fill(process.pid),
    );
    expect(readFileSync(file, 'utf8')).toBe(`${process.pid}\n`);
    await got[0]!.release();
    expect(existsSync(file)).toBe(false);
    const again = await acquireLock(file);
    expect('release' in again).toBe(true);
    await (again as Lock).release();
    expect(readdirSync(dirname(file))).toEqual([]);
  });

  it('clears the lock of a process that is gone, and keeps the lock of one that runs', async () => {
    const file = join(tmp.dir(), 'x.lock');
    writeFileSync(file, `${DEAD_PID}\n`);
    const lock = await acquireLock(file);
    expect('release' in lock).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(`${process.pid}\n`);
    (lock as Lock).releaseSync();
    writeFileSync(file, `${process.ppid}\n`);
    expect(await acquireLock(file)).toEqual({ heldBy: process.ppid });
    expect(readFileSync(file, 'utf8')).toBe(`${process.ppid}\n`);
  });
});

describe('runs into one warehouse', () => {
  it('three at once in one process: one writes, two refuse with exit 1 and the pid; nothing is left', async () => {
    const out = join(tmp.dir(), 'w');
    const input = makeInput();
    tmp.track(input);
    const results = await Promise.all([run(input, out), run(input, out), run(input, out)]);
    expect(results.map((r) => r.code).sort()).toEqual([0, 1, 1]);
    for (const r of results.filter((x) => x.code === 1)) expect(r.err).toBe(refusal(out, process.pid));
    expect(readdirSync(dirname(out))).toEqual(['w']);
    await expectAccounted(out, { customers: 15, products: 14, orders: 27 });
  });

  it('clears a stale lock left by a killed run', async () => {
    const out = join(tmp.dir(), 'w');
    writeFileSync(lockOf(out), `${DEAD_PID}\n`);
    const r = await run(tmp.track(makeInput()), out);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(dirname(out))).toEqual(['w']);
  });

  it('refuses while a live process holds the lock, and leaves its lock alone', async () => {
    const out = join(tmp.dir(), 'w');
    writeFileSync(lockOf(out), `${process.ppid}\n`);
    expect(await run(tmp.track(makeInput()), out)).toMatchObject({ code: 1, out: '', err: refusal(out, process.ppid) });
    expect(readFileSync(lockOf(out), 'utf8')).toBe(`${process.ppid}\n`);
    expect(existsSync(out)).toBe(false);
  });

  describe('three real processes at once', () => {
    let input = '';
    beforeAll(async () => {
      input = tmp.dir('ecomflow-lock-in-');
      await generateSources({ lines: 100_000, out: input, seed: 5 }); // a run of several seconds: they overlap
    }, 120_000);

    it('one writes the warehouse, the others refuse naming its pid; no ENOTEMPTY, no leftovers', async () => {
      const out = join(tmp.dir(), 'w');
      const runs = [0, 1, 2].map(() => startCli(['run', '--input', input, '--out', out, '--quiet']));
      const outcomes = await Promise.all(runs.map((r) => r.outcome));
      const ok = outcomes.filter((o) => o.code === 0);
      expect(ok, outcomes.map((o) => o.err).join('')).toHaveLength(1);
      const winner = runs[outcomes.indexOf(ok[0]!)]!.pid;
      for (const o of outcomes.filter((x) => x.code !== 0))
        expect(o).toMatchObject({ code: 1, err: refusal(out, winner) });
      expect(readdirSync(dirname(out))).toEqual(['w']);
      await expectAccounted(out, { orders: 100_000 });
    }, 300_000);
  });
});

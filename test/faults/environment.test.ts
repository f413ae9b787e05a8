/**
 * When the machine, not the input, stops a run: an --out that cannot be created, a full disk, a read-only or
 * unwritable parent, a source this user may not read. Exit 1, one line naming the path and the cause — never the
 * input file for a write, never "internal error", never a hang — and no staging folder left behind. Real
 * processes: a small tmpfs and a read-only bind mount in a mount namespace of their own (needs root, or skips),
 * and runs as `nobody` for permissions (root ignores file modes).
 */
import { chmodSync, cpSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSources } from '../../fixtures/generate.js';
import { scratch } from '../helpers/scratch.js';
import {
  canMount,
  hasBuild,
  inMountNamespace,
  isRoot,
  NOBODY,
  otherUserReachesProject,
  PROJECT_UNREACHABLE,
  runCli,
  sharedDir,
  startCli,
  type CliOutcome,
  type CliProcessOptions,
} from '../helpers/spawn-cli.js';
import { fixtures } from './harness.js';

const tmp = scratch();
afterAll(() => {
  tmp.cleanup();
});

/** Runs the CLI as a process, killed if it has not ended after `ms` (a hang is a failure, not a stuck suite). */
async function within(ms: number, args: string[], options: CliProcessOptions = {}): Promise<CliOutcome> {
  const child = startCli(args, options);
  const timer = setTimeout(() => {
    child.kill('SIGKILL');
  }, ms);
  try {
    return await child.outcome;
  } finally {
    clearTimeout(timer);
  }
}

/** A copy of the fixtures any user may read. */
function sharedInput(): string {
  const dir = join(tmp.track(sharedDir('ecomflow-env-in-')), 'in');
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  for (const f of ['Customer.xlsx', 'Products.csv', 'Orders.json']) {
    cpSync(join(fixtures, f), join(dir, f));
    chmodSync(join(dir, f), 0o644);
  }
  return dir;
}

/** As `nobody` when this is root (file modes hold then); as this user otherwise. */
const asUser: CliProcessOptions = isRoot ? { uid: NOBODY, gid: NOBODY } : {};

describe('an --out that cannot be created', () => {
  it('fails at once with exit 1 (it used to hang in a recursive mkdir under /proc)', async () => {
    const t0 = Date.now();
    const r = await within(30_000, ['run', '--input', fixtures, '--out', '/proc/x', '--quiet']);
    expect(r).toEqual({
      code: 1,
      signal: null,
      out: '',
      err: 'ecomflow: cannot create /proc/x: /proc does not accept new files or folders\n',
    });
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 60_000);

  it('names a parent that is a file', async () => {
    const file = join(tmp.dir(), 'notes.txt');
    cpSync(join(fixtures, 'Products.csv'), file);
    const r = await within(30_000, ['run', '--input', fixtures, '--out', join(file, 'w'), '--quiet']);
    expect(r).toMatchObject({
      code: 1,
      err: `ecomflow: cannot write ${join(file, 'w')}: a part of the path is a file, not a folder\n`,
    });
  }, 60_000);
});

describe('a full disk (a small tmpfs)', () => {
  let mountable = false;
  let input = '';
  beforeAll(async () => {
    mountable = canMount();
    if (!mountable) return;
    // enough order lines that the raw orders Parquet alone outgrows the tmpfs
    input = tmp.dir('ecomflow-enospc-in-');
    await generateSources({ lines: 20_000, out: input, seed: 3 });
  }, 60_000);

  for (const [name, built] of [
    ['main thread (from sources)', false],
    ['orders worker (the build)', true],
  ] as const) {
    it(`says no space left on device writing the warehouse, exit 1, and leaves nothing: ${name}`, async ({ skip }) => {
      skip(!mountable, 'cannot mount a tmpfs here (needs root or a mount namespace)');
      skip(built && !hasBuild, 'no build (dist/cli.js): npm run build');
      for (const size of ['64k', '256k']) {
        const mnt = tmp.dir('ecomflow-enospc-');
        const listing = join(tmp.dir(), 'left.txt');
        const out = join(mnt, 'w');
        const r = await within(120_000, ['run', '--input', input, '--out', out, '--quiet'], {
          built,
          env: { ECOMFLOW_WORKER_MIN_BYTES: '0' },
          wrap: inMountNamespace(`mount -t tmpfs -o size=${size} tmpfs ${mnt}`, `ls -A ${mnt} > ${listing}`),
        });
        expect({ code: r.code, out: r.out, err: r.err }, size).toEqual({
          code: 1,
          out: '',
          err: `ecomflow: no space left on device writing ${out}\n`,
        });
        expect(readFileSync(listing, 'utf8'), 'no staging folder or lock left').toBe('');
      }
    }, 300_000);
  }
});

describe('a read-only or unwritable parent of --out', () => {
  it('says cannot write <out>: read-only file system (a read-only bind mount)', async ({ skip }) => {
    skip(!canMount(), 'cannot mount here (needs root or a mount namespace)');
    const parent = tmp.dir('ecomflow-ro-');
    const out = join(parent, 'w');
    const r = await within(60_000, ['run', '--input', fixtures, '--out', out, '--quiet'], {
      wrap: inMountNamespace(`mount --bind ${parent} ${parent} && mount -o remount,ro,bind ${parent}`),
    });
    expect(r).toMatchObject({ code: 1, out: '', err: `ecomflow: cannot write ${out}: read-only file system\n` });
    expect(readdirSync(parent)).toEqual([]);
  }, 120_000);

  it('says cannot write <out>: permission denied (a folder this user may not write)', async ({ skip }) => {
    skip(!otherUserReachesProject(), PROJECT_UNREACHABLE);
    const parent = join(tmp.track(sharedDir('ecomflow-perm-')), 'locked');
    mkdirSync(parent);
    chmodSync(parent, 0o555);
    const out = join(parent, 'w');
    const r = await within(60_000, ['run', '--input', sharedInput(), '--out', out, '--quiet'], asUser);
    expect(r).toMatchObject({ code: 1, out: '', err: `ecomflow: cannot write ${out}: permission denied\n` });
    expect(readdirSync(parent)).toEqual([]);
  }, 120_000);
});

describe('a source this user may not read (issue 10 item 9)', () => {
  for (const name of ['Customer.xlsx', 'Products.csv', 'Orders.json']) {
    it(`${name}: exit 1, cannot read <file>: permission denied, no staging folder left`, async ({ skip }) => {
      skip(!otherUserReachesProject(), PROJECT_UNREACHABLE);
      const input = sharedInput();
      chmodSync(join(input, name), 0o000);
      const parent = tmp.track(sharedDir('ecomflow-perm-out-'));
      const out = join(parent, 'w');
      for (const built of hasBuild ? [false, true] : [false]) {
        const r = await within(60_000, ['run', '--input', input, '--out', out, '--quiet'], {
          ...asUser,
          built,
          env: { ECOMFLOW_WORKER_MIN_BYTES: '0' },
        });
        expect({ code: r.code, out: r.out, err: r.err }, built ? 'built' : 'sources').toEqual({
          code: 1,
          out: '',
          err: `ecomflow: cannot read ${join(input, name)}: permission denied\n`,
        });
        expect(readdirSync(parent)).toEqual([]);
      }
    }, 180_000);
  }

  it('an input folder this user may not list', async ({ skip }) => {
    skip(!otherUserReachesProject(), PROJECT_UNREACHABLE);
    const input = sharedInput();
    chmodSync(input, 0o311);
    const r = await runCli(['run', '--input', input, '--out', join(tmp.dir(), 'w'), '--quiet'], asUser);
    chmodSync(input, 0o755); // so the folder can be removed by a user who is not root
    expect(r).toMatchObject({ code: 1, err: `ecomflow: cannot read ${input}: permission denied\n` });
  }, 60_000);
});

/**
 * Hostile paths and file kinds beyond issue 10's list ("add your own cases in the same spirit"): a source that
 * is a named pipe or a folder, a 0-byte workbook, a path whose bytes are not UTF-8, names and a current folder
 * longer than the system allows, a source that fails while it is read. Each ends in one line naming the path
 * and what to do, with the documented exit code: never a hang, a wrong folder written, or "internal error".
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv, readJson, readXlsx, rawCustomers, rawOrders, rawProducts } from '../../src/index.js';
import { scratch } from '../helpers/scratch.js';
import { hasBuild, runCli } from '../helpers/spawn-cli.js';
import { cli, fixtures, freshOut, makeInput, run } from './harness.js';

const tmp = scratch();
afterAll(() => {
  tmp.cleanup();
});

/** The names left in `dir` (a run that failed must leave no staging folder or lock beside its --out). */
const leftovers = (dir: string): string[] => readdirSync(dir).filter((n) => n.startsWith('.'));

describe('sources that are not files', () => {
  it('a named pipe called Orders.json: named as one, found or given, never read (it would block)', async () => {
    const input = makeInput();
    rmSync(join(input, 'Orders.json'));
    execFileSync('mkfifo', [join(input, 'Orders.json')]);
    const out = freshOut();
    const found = await run(input, out);
    expect(found).toEqual({
      code: 1,
      out: '',
      err:
        `ecomflow: ${input}: no orders file: expected a file named order*.json, order*.ndjson or order*.jsonl ` +
        '(or name it with --orders); Orders.json is a named pipe (FIFO), not a file\n',
    });
    const given = await cli('run', '--input', input, '--orders', join(input, 'Orders.json'), '--out', out, '--quiet');
    expect(given).toMatchObject({
      code: 1,
      err: `ecomflow: ${join(input, 'Orders.json')}: is a named pipe (FIFO), not a file\n`,
    });
    expect(existsSync(out)).toBe(false);
  });

  it('a folder called Orders.json', async () => {
    const input = makeInput();
    rmSync(join(input, 'Orders.json'));
    mkdirSync(join(input, 'Orders.json'));
    const r = await run(input, freshOut());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/: no orders file: .*; Orders\.json is a folder, not a file\n$/);
  });

  it('a 0-byte Customer.xlsx, Products.csv or Orders.json: exit 1 naming the file, nothing written', async () => {
    const cases = [
      ['Customer.xlsx', 'is not an Excel workbook (not a zip archive)'],
      ['Products.csv', 'is empty: expected a header row'],
      ['Orders.json', ', byte 0: the file is empty: expected a JSON array of objects or one JSON object per line'],
    ] as const;
    for (const [name, what] of cases) {
      const input = makeInput({ [name]: '' });
      const out = freshOut();
      expect(await run(input, out), name).toEqual({
        code: 1,
        out: '',
        err: `ecomflow: ${join(input, name)}${what.startsWith(',') ? '' : ': '}${what}\n`,
      });
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('paths a person cannot pass or the system cannot hold', () => {
  it('a folder whose name is not UTF-8: exit 2 saying why, not "does not exist" or another folder', async () => {
    const base = tmp.dir();
    // the real folder, named by bytes; Node hands its name to the CLI as "h-\uFFFD" (what process.argv holds)
    const raw = Buffer.concat([Buffer.from(`${base}/h-`), Buffer.from([0xff])]);
    mkdirSync(raw);
    for (const f of ['Customer.xlsx', 'Products.csv', 'Orders.json']) {
      writeFileSync(Buffer.concat([raw, Buffer.from(`/${f}`)]), readFileSync(join(fixtures, f)));
    }
    const named = join(base, 'h-\uFFFD');
    const input = await cli('run', '--input', named, '--out', join(base, 'w'), '--quiet');
    expect(input.code).toBe(2);
    expect(input.err).toBe(
      `ecomflow: --input "${named}" held bytes that are not UTF-8, which reach ecomflow as "\uFFFD" (Node decodes ` +
        'the command line as UTF-8), so that path cannot be named; rename it to a UTF-8 name, or use a symlink\n',
    );
    // --out: a run must not write a folder under another name than the one typed
    const out = await cli('run', '--input', fixtures, '--out', join(base, 'w-\uFFFD'), '--quiet');
    expect(out.code).toBe(2);
    expect(out.err).toMatch(/^ecomflow: --out ".*w-\uFFFD" held bytes that are not UTF-8/);
    expect(readdirSync(base).map((n) => n.startsWith('w'))).not.toContain(true);
    const sql = await cli('sql', '--warehouse', join(base, 'w-\uFFFD'), 'select 1');
    expect(sql.code).toBe(2);
    // a name that really holds U+FFFD is an ordinary name
    const real = join(base, 'real-\uFFFD');
    mkdirSync(real);
    expect((await run(fixtures, join(real, 'w'))).code).toBe(0);
  }, 60_000);

  it('an --out name too long for the file system: exit 1, cannot write, no leftovers', async () => {
    const base = tmp.dir();
    for (const length of [300, 250]) {
      // 250 is a legal name, but the lock and the staging folder beside it are longer
      const out = join(base, 'w'.repeat(length));
      const r = await run(fixtures, out);
      expect(r, String(length)).toEqual({
        code: 1,
        out: '',
        err:
          `ecomflow: cannot write ${out}: the path is too long for the file system ` +
          '(a run also writes .<name>.lock and .<name>.staging-* beside it)\n',
      });
      expect(leftovers(base)).toEqual([]);
    }
  }, 60_000);

  // the build: tsx itself asks for the current folder before ecomflow starts
  it.skipIf(!hasBuild)(
    'a current folder deeper than PATH_MAX: exit 1 and what to do, not internal error ERANGE',
    async () => {
      const base = tmp.dir();
      const name = 'd'.repeat(200);
      // 25 × 201 bytes > 4096: reachable one cd at a time, but getcwd() fails
      const r = await runCli(['run', '--input', fixtures, '--out', 'w', '--quiet'], {
        built: true,
        wrap: ['bash', '-c', `cd "$0" && for i in $(seq 25); do mkdir ${name} && cd ${name}; done && exec "$@"`, base],
      });
      execFileSync('rm', ['-rf', join(base, name)]); // GNU rm walks a tree deeper than PATH_MAX; fs.rmSync does not
      expect(r).toMatchObject({
        code: 1,
        err:
          "ecomflow: the current folder's path is longer than the system allows (PATH_MAX); " +
          'run ecomflow from a shorter path\n',
      });
    },
    60_000,
  );
});

describe('a source that fails while it is read (after the shared check opened it)', () => {
  // /proc/self/mem is a regular file to stat and open, but reading it at offset 0 fails with EIO
  const special = '/proc/self/mem';
  it.skipIf(!existsSync(special))(
    'every reader names the source, never the warehouse: cannot read <file>: input/output error',
    async () => {
      const message = `cannot read ${special}: input/output error (a failing disk?)`;
      await expect(readCsv(special, rawProducts)).rejects.toMatchObject({ rule: 'env.io_error', message });
      await expect(readJson(special, rawOrders)).rejects.toMatchObject({ rule: 'env.io_error', message });
      // the workbook reader sees a 0-byte file (stat's size) and refuses it before reading
      await expect(readXlsx(special, rawCustomers)).rejects.toMatchObject({ rule: 'xlsx.not_a_workbook' });
      // through the CLI (orders are read as the pipeline reads them): it used to say "cannot write <out>"
      const out = freshOut();
      const r = await cli('run', '--input', fixtures, '--orders', special, '--out', out, '--quiet');
      expect(r).toEqual({ code: 1, out: '', err: `ecomflow: ${message}\n` });
    },
    30_000,
  );
});

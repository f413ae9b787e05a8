/**
 * A run never deletes or replaces anything but an ecomflow warehouse (holding only what ecomflow wrote) or an
 * empty folder. A user file sits in every place a warehouse swap could touch — inside --out, beside it, in its
 * parent, in an input folder inside --out, beside and inside a symlink's target, in the current and the home
 * folder — and each must survive every refused and every successful run (real processes, cwd and HOME set).
 */
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WAREHOUSE_MARKER } from '../../src/pipeline/warehouse.js';
import { assertOutsideWarehouse, resolveWarehouse } from '../../src/pipeline/out-path.js';
import { runCli, type CliOutcome } from '../helpers/spawn-cli.js';
import { scratch } from '../helpers/scratch.js';
import { fixtures, makeInput, run } from './harness.js';

const tmp = scratch();
afterAll(() => {
  tmp.cleanup();
});

/** The folders of one user's world, each with a file of theirs. */
function world() {
  const base = tmp.dir('ecomflow-world-');
  const home = join(base, 'home');
  const cwd = join(home, 'project');
  const parent = join(cwd, 'out');
  const out = join(parent, 'w');
  const target = join(base, 'elsewhere', 'real-w');
  const link = join(parent, 'link');
  const input = join(base, 'in');
  for (const d of [cwd, parent, target, input]) mkdirSync(d, { recursive: true });
  for (const f of ['Customer.xlsx', 'Products.csv', 'Orders.json']) cpSync(join(fixtures, f), join(input, f));
  symlinkSync(target, link);
  const files: Record<string, string> = {
    [join(base, 'base.txt')]: 'above home',
    [join(home, 'home.txt')]: 'in the home folder',
    [join(cwd, 'cwd.txt')]: 'in the current folder',
    [join(parent, 'beside.txt')]: 'beside --out',
    [join(dirname(target), 'beside-target.txt')]: 'beside the symlink target',
    [join(input, 'input.txt')]: 'in the input folder',
  };
  for (const [f, text] of Object.entries(files)) writeFileSync(f, text);
  /** Every user file, with its content now (a deleted one reads as null). */
  const check = (): void => {
    for (const [f, text] of Object.entries(files)) {
      expect(existsSync(f) ? readFileSync(f, 'utf8') : null, f).toBe(text);
    }
    expect(lstatSync(link).isSymbolicLink(), 'the --out symlink stays a link').toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(
      readdirSync(parent).filter((n) => n.includes('.staging-') || n.includes('.previous-')),
      'no leftovers',
    ).toEqual([]);
  };
  /** Adds a user file the checks then hold too. */
  const add = (file: string, text: string): void => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    files[file] = text;
  };
  const ecomflow = (...args: string[]): Promise<CliOutcome> =>
    runCli(['run', ...args, '--quiet'], { cwd, env: { HOME: home } });
  return { base, home, cwd, parent, out, target, link, input, check, add, ecomflow };
}

describe('a run never destroys a file it did not write', () => {
  it('refuses a blank or root-like --out with exit 2, and a user file anywhere survives', async () => {
    const w = world();
    const cases: [string, string][] = [
      [
        '',
        'ecomflow: --out is empty: give the warehouse folder, e.g. --out warehouse (is a variable in your script ' +
          'unset?)\n',
      ],
      [
        '  ',
        'ecomflow: --out is blank: give the warehouse folder, e.g. --out warehouse (is a variable in your script ' +
          'unset?)\n',
      ],
      [
        '.',
        'ecomflow: --out . is the current folder; a run replaces --out whole, so give a folder of its own, e.g. ' +
          '--out warehouse\n',
      ],
      [
        '..',
        'ecomflow: --out .. is your home folder; a run replaces --out whole, so give a folder of its own, e.g. ' +
          '--out ../warehouse\n',
      ],
      [
        w.cwd,
        `ecomflow: --out ${w.cwd} is the current folder; a run replaces --out whole, so give a folder of its ` +
          `own, e.g. --out ${join(w.cwd, 'warehouse')}\n`,
      ],
      [
        w.home,
        `ecomflow: --out ${w.home} is your home folder; a run replaces --out whole, so give a folder of its own, ` +
          `e.g. --out ${join(w.home, 'warehouse')}\n`,
      ],
      [
        w.base,
        `ecomflow: --out ${w.base} is a folder that holds the current folder; a run replaces --out whole, so ` +
          `give a folder of its own, e.g. --out ${join(w.base, 'warehouse')}\n`,
      ],
      [
        '/',
        'ecomflow: --out / is the root folder; a run replaces --out whole, so give a folder of its own, e.g. ' +
          '--out /warehouse\n',
      ],
    ];
    const outcomes = await Promise.all(cases.map(([out]) => w.ecomflow('--input', w.input, '--out', out)));
    outcomes.forEach((r, i) => {
      expect({ code: r.code, out: r.out, err: r.err }, `--out "${cases[i]![0]}"`).toEqual({
        code: 2,
        out: '',
        err: cases[i]![1],
      });
    });
    w.check();
  });

  it('refuses sources inside --out (exit 2) and a folder holding files ecomflow did not write (exit 1)', async () => {
    const w = world();
    expect((await w.ecomflow('--input', w.input, '--out', w.out)).code).toBe(0);
    // an input folder inside the warehouse
    const exports = join(w.out, 'exports');
    for (const f of ['Customer.xlsx', 'Products.csv', 'Orders.json'])
      w.add(join(exports, f), readFileSync(join(fixtures, f), 'latin1'));
    const inside = await w.ecomflow('--input', exports, '--out', w.out);
    expect(inside).toMatchObject({ code: 2, out: '' });
    expect(inside.err).toBe(
      `ecomflow: --input ${exports} lies inside --out ${w.out}: a run replaces --out whole, so its sources ` +
        `cannot live there; move them out, or choose another --out\n`,
    );
    // one source named inside it
    const one = await w.ecomflow('--input', w.input, '--orders', join(exports, 'Orders.json'), '--out', w.out);
    expect(one.code).toBe(2);
    expect(one.err).toContain(`ecomflow: --orders ${join(exports, 'Orders.json')} lies inside --out ${w.out}`);
    // the input folder moved out, but a user file left in the warehouse: the warehouse is not replaced
    const foreign = await w.ecomflow('--input', w.input, '--out', w.out);
    expect(foreign).toMatchObject({ code: 1, out: '' });
    expect(foreign.err).toBe(
      `ecomflow: ${w.out}: holds files ecomflow did not write (exports/); refusing to replace it — move them out ` +
        `of the warehouse, or choose another --out\n`,
    );
    w.add(join(w.out, 'notes.txt'), 'my notes');
    w.add(join(w.out, 'raw', 'mine.csv'), 'a,b');
    const more = await w.ecomflow('--input', w.input, '--out', w.out);
    expect(more.err).toContain('holds files ecomflow did not write (exports/, notes.txt, raw/mine.csv)');
    // a non-empty folder that is no warehouse
    w.add(join(w.parent, 'thesis', 'chapter1.docx'), 'precious');
    expect((await w.ecomflow('--input', w.input, '--out', join(w.parent, 'thesis'))).code).toBe(1);
    w.check();
  });

  it(
    'replaces its own warehouse run after run, and follows a --out symlink: the target is the warehouse, the link ' +
      'stays',
    async () => {
      const w = world();
      for (let i = 0; i < 2; i++) {
        expect((await w.ecomflow('--input', w.input, '--out', w.out)).code).toBe(0);
        w.check();
      }
      for (let i = 0; i < 2; i++) {
        const r = await w.ecomflow('--input', w.input, '--out', w.link);
        expect(r.code, r.err).toBe(0);
        w.check();
        expect(existsSync(join(w.target, WAREHOUSE_MARKER)), 'the target holds the warehouse').toBe(true);
        expect(readdirSync(dirname(w.target)).sort()).toEqual(['beside-target.txt', 'real-w']);
      }
      // a user file inside the target is kept: the run is refused
      w.add(join(w.target, 'keep.txt'), 'mine');
      expect((await w.ecomflow('--input', w.input, '--out', w.link)).code).toBe(1);
      w.check();
    },
  );
});

describe('resolveWarehouse', () => {
  it('follows a symlink to its target, even when the target does not exist yet', async () => {
    const base = tmp.dir();
    symlinkSync(join(base, 'later'), join(base, 'link'));
    expect(await resolveWarehouse(join(base, 'link'), { cwd: base, home: '/nonexistent' })).toBe(join(base, 'later'));
    expect(await resolveWarehouse('w', { cwd: base, home: '/nonexistent' })).toBe(join(base, 'w'));
  });

  it('refuses a symlink whose target is the current folder', async () => {
    const base = tmp.dir();
    symlinkSync(base, join(base, 'here'));
    await expect(resolveWarehouse('here', { cwd: base, home: '/nonexistent' })).rejects.toThrow(
      'is the current folder',
    );
  });
});

describe('assertOutsideWarehouse', () => {
  it('lets a warehouse live inside the input folder, but no source inside the warehouse', async () => {
    const base = tmp.dir();
    await assertOutsideWarehouse(join(base, 'in', 'w'), [{ label: '--input', path: join(base, 'in') }]);
    await expect(
      assertOutsideWarehouse(join(base, 'w'), [{ label: 'orders file', path: join(base, 'w', 'o.json') }]),
    ).rejects.toThrow(`orders file ${join(base, 'w', 'o.json')} lies inside --out ${join(base, 'w')}`);
  });
});

describe('warehouses written before the marker listed its files', () => {
  it('are replaced when they hold only the layout, and refused when they hold anything else', async () => {
    const out = join(tmp.dir(), 'w');
    expect((await run(tmp.track(makeInput()), out)).code).toBe(0);
    writeFileSync(join(out, WAREHOUSE_MARKER), '{"tool":"ecomflow","layout":1}\n');
    expect((await run(tmp.track(makeInput()), out)).code).toBe(0);
    writeFileSync(join(out, WAREHOUSE_MARKER), '{"tool":"ecomflow","layout":1}\n');
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const r = await run(tmp.track(makeInput()), out);
    expect(r.code).toBe(1);
    expect(r.err).toContain('holds files ecomflow did not write (notes.txt)');
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

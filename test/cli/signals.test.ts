/**
 * Ctrl-C (SIGINT) and SIGTERM stop a run: one line `interrupted; the previous warehouse is unchanged`, exit 130,
 * no `.staging-*` folder or lock left, the previous warehouse byte for byte as it was — from sources (orders read
 * on the main thread) and from the build (orders read on a worker thread, which must stop too). Real processes.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSources } from '../../fixtures/generate.js';
import { scratch } from '../helpers/scratch.js';
import { hasBuild, startCli } from '../helpers/spawn-cli.js';
import { makeInput, run } from '../faults/harness.js';

const tmp = scratch();
afterAll(() => {
  tmp.cleanup();
});

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

describe('interrupting a run', () => {
  let input = '';
  beforeAll(async () => {
    input = tmp.dir('ecomflow-signal-in-');
    await generateSources({ lines: 300_000, out: input, seed: 11 }); // a run long enough to be interrupted
  }, 120_000);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const built of [false, true]) {
      it(
        `${signal}, orders read ${built ? 'on a worker (the build)' : 'on the main thread'}: exit 130, one line, ` +
          `nothing left`,
        async ({ skip }) => {
          skip(built && !hasBuild, 'no build (dist/cli.js): npm run build');
          const out = join(tmp.dir(), 'w');
          expect((await run(tmp.track(makeInput()), out)).code).toBe(0);
          const before = snapshot(out);
          const child = startCli(['run', '--input', input, '--out', out, '--quiet'], {
            built,
            env: { ECOMFLOW_WORKER_MIN_BYTES: '0' },
          });
          // wait until the run is writing its staging folder (the orders are being read), then interrupt it
          const staging = `.${basename(out)}.staging-${child.pid}-`;
          const state = { exited: false };
          void child.outcome.then(() => {
            state.exited = true;
          });
          while (!state.exited && !readdirSync(dirname(out)).some((n) => n.startsWith(staging))) await sleep(20);
          expect(state.exited, 'still running when its staging folder appears').toBe(false);
          await sleep(500);
          const sent = Date.now();
          child.kill(signal);
          const r = await child.outcome;
          expect({ code: r.code, signal: r.signal, out: r.out, err: r.err }).toEqual({
            code: 130,
            signal: null,
            out: '',
            err: 'ecomflow: interrupted; the previous warehouse is unchanged\n',
          });
          expect(Date.now() - sent, 'stops promptly').toBeLessThan(15_000);
          expect(readdirSync(dirname(out)), 'no staging folder, no lock').toEqual(['w']);
          expect(snapshot(out)).toEqual(before);
        },
        180_000,
      );
    }
  }
});

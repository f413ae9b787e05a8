import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as api from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { grpc } from '../../src/spark/grpc-api.js';
import { builtCli, hasBuild, root } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('grpc', () => {
  it('gives the same module an import gives, so its classes and codes compare equal', () => {
    expect(grpc().Client).toBe(api.Client);
    expect(grpc().status.UNAVAILABLE).toBe(api.status.UNAVAILABLE);
    expect(grpc()).toBe(grpc());
  });

  it.skipIf(!hasBuild)(
    'is not loaded by the built CLI for a local run, nor for --version',
    () => {
      const dir = tempDir('ecomflow-grpc-');
      // loaded before the CLI: at exit, says whether any module of @grpc/grpc-js was required
      const hook = join(dir, 'hook.mjs');
      writeFileSync(
        hook,
        "import { createRequire } from 'node:module';\n" +
          'const cache = createRequire(import.meta.url).cache;\n' +
          "process.on('exit', () => process.stderr.write(Object.keys(cache).some((k) => k.includes('@grpc'))" +
          " ? 'grpc loaded' : 'grpc not loaded'));\n",
      );
      const loaded = (args: string[]): string => {
        const child = spawnSync(process.execPath, ['--import', pathToFileURL(hook).href, builtCli, ...args], {
          cwd: root,
          encoding: 'utf8',
        });
        expect(child.status).toBe(0);
        return child.stderr;
      };
      const run = ['run', '--input', join(root, 'fixtures'), '--out', join(dir, 'warehouse'), '--quiet'];
      expect(loaded(run)).toBe('grpc not loaded');
      expect(loaded(['--version'])).toBe('grpc not loaded');
    },
    60_000,
  );
});

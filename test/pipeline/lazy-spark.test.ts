import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the Spark path', () => {
  it('is not loaded by loading the CLI: the gRPC client waits for a run with --engine spark', () => {
    // a fresh process imports the CLI's entry module, then reports whether grpc-js was required
    const script =
      "await import('./src/cli/main.ts'); const { createRequire } = await import('node:module');" +
      'const cache = createRequire(import.meta.url).cache;' +
      "console.log(Object.keys(cache).some((k) => k.includes('grpc-js')) ? 'loaded' : 'not loaded');";
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('not loaded');
  }, 60_000);
});

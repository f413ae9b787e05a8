/**
 * Vitest global setup: one temp root per run (`ECOMFLOW_TEST_TMP`, handed to the forked workers), removed when
 * the run ends, so a run leaves nothing in the OS temp dir. The workers point TMPDIR at it for the code they test
 * and the processes they start, and give each test file its own folder under it (file-setup.ts). Also says once,
 * for the whole run, why the tests that need the shared sample skip.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasSample, sampleDir } from './tmp.js';

/** Makes the run's temp root; returns the teardown that removes it. */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'ecomflow-test-'));
  chmodSync(root, 0o1777); // a temp dir as /tmp is: some tests run a process as another user, which writes here
  const before = process.env['ECOMFLOW_TEST_TMP'];
  process.env['ECOMFLOW_TEST_TMP'] = root;
  if (!hasSample) console.log(`ecomflow tests: no shared sample at ${sampleDir}; the tests that need it are skipped`);
  return () => {
    if (before === undefined) delete process.env['ECOMFLOW_TEST_TMP'];
    else process.env['ECOMFLOW_TEST_TMP'] = before;
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}

/**
 * Runs before each test file (vitest `setupFiles`). Points TMPDIR at the run's temp root (global-setup.ts), so
 * whatever the tested code and the processes it starts put in the temp dir goes when the run ends; gives the
 * file its own folder under it for `tempDir()`, removed when the file ends; and fails the file when it leaves
 * one of its files open (a FileHandle nobody closed, later closed by the garbage collector with a warning).
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect } from 'vitest';
import { openFilesAfterSettling } from './open-files.js';
import { sampleDir } from './tmp.js';

const runRoot = process.env['ECOMFLOW_TEST_TMP'];
if (runRoot !== undefined) for (const name of ['TMPDIR', 'TMP', 'TEMP']) process.env[name] = runRoot;
const fileDir = mkdtempSync(join(tmpdir(), 'file-'));
chmodSync(fileDir, 0o711); // passable by the other user some tests run a reader as, not listable
process.env['ECOMFLOW_TEST_FILE_TMP'] = fileDir;

afterAll(async () => {
  const watched = [fileDir, resolve(import.meta.dirname, '../../fixtures'), sampleDir];
  const open = (await Promise.all(watched.map((dir) => openFilesAfterSettling(dir)))).flat();
  rmSync(fileDir, { recursive: true, force: true, maxRetries: 3 });
  expect(open, 'files this test file left open').toEqual([]);
});

/**
 * Temporary folders for tests, and the shared sample's location. Under vitest, `tempDir()` folders go in the
 * test file's own folder (`ECOMFLOW_TEST_FILE_TMP`, see file-setup.ts), removed when the file ends.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The folder `tempDir()` makes folders in: the test file's own, or the OS temp dir outside vitest's setup. */
export function tempRoot(): string {
  return process.env['ECOMFLOW_TEST_FILE_TMP'] ?? tmpdir();
}

/** A fresh empty folder under `tempRoot()`. */
export function tempDir(prefix = 'ecomflow-'): string {
  return mkdtempSync(join(tempRoot(), prefix));
}

/** Writes `content` to `name` in a fresh temp folder and returns the file's path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  const file = join(tempDir(), name);
  writeFileSync(file, content);
  return file;
}

/** The real public sample beside the project (may be absent). */
export const sampleDir = resolve(import.meta.dirname, '../../../shared/data/pei-sample');
/** Whether the real sample is present. */
export const hasSample = existsSync(join(sampleDir, 'Orders.json'));

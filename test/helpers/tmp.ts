/** Temporary folders for tests, and the shared sample's location. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A fresh empty folder under the OS temp dir. */
export function tempDir(prefix = 'ecomflow-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
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

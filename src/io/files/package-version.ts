/** The version of the installed ecomflow package, read once from its package.json. */
import { readFile } from 'node:fs/promises';

let version: Promise<string> | null = null;

/**
 * ecomflow's version from its own package.json (found relative to this module, in `src/` and in `dist/` alike);
 * `'unknown'` when the file cannot be read.
 * @example
 * await packageVersion(); // '0.1.0'
 */
export function packageVersion(): Promise<string> {
  version ??= readFile(new URL('../../../package.json', import.meta.url), 'utf8').then(
    (text) => {
      const parsed = JSON.parse(text) as { version?: unknown };
      return typeof parsed.version === 'string' ? parsed.version : 'unknown';
    },
    () => 'unknown',
  );
  return version;
}

/** The package's version, from its package.json (three folders up from src/io/files/ and dist/io/files/ alike). */
import { readFileSync } from 'node:fs';

let version: string | undefined;

/**
 * The version in package.json, read once.
 * @example
 * packageVersion(); // '0.1.0'
 */
export function packageVersion(): string {
  if (version === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    if (typeof pkg.version !== 'string') throw new Error('package.json has no version');
    version = pkg.version;
  }
  return version;
}

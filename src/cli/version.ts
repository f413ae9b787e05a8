/** The package's version, read from its package.json (two folders up from src/cli/ and dist/cli/ alike). */
import { readFileSync } from 'node:fs';

/** The version in package.json, e.g. `0.1.0`. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

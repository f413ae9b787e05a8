/**
 * Path options as Node hands them over. Node decodes the command line as UTF-8 and turns bytes that are not
 * UTF-8 into U+FFFD (`�`), so a folder whose name holds such bytes can never be named: say so, instead of
 * "does not exist" or, for `--out`, a new folder written under another name.
 */
import { UsageError } from '../errors.js';
import { pathExistsSync } from '../io/files/folders.js';

/** The replacement character Node puts where the command line held bytes that are not UTF-8. */
const REPLACED = '\uFFFD';

/**
 * Throws UsageError (exit 2) for a path option holding U+FFFD that names nothing on disk: its bytes were not
 * UTF-8 and were lost on the way in. A path whose names holding `�` exist as written (a real `�`) is fine.
 * @example
 * assertPathsPassable({ out: 'w-\uFFFD' }); // UsageError: --out "w-�" held bytes that are not UTF-8 …
 */
export function assertPathsPassable(paths: Readonly<Record<string, string | undefined>>): void {
  for (const [flag, path] of Object.entries(paths)) {
    if (path === undefined || !path.includes(REPLACED)) continue;
    // the path up to the end of the last name holding U+FFFD: what must exist for the name to be a real one
    const end = path.indexOf('/', path.lastIndexOf(REPLACED));
    if (pathExistsSync(end === -1 ? path : path.slice(0, end))) continue;
    throw new UsageError(
      `--${flag} "${path}" held bytes that are not UTF-8, which reach ecomflow as "${REPLACED}" (Node decodes ` +
        'the command line as UTF-8), so that path cannot be named; rename it to a UTF-8 name, or use a symlink',
    );
  }
}

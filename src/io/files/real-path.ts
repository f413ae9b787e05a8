/** A path with every symlink followed, for paths that may not exist yet (where a run will write). */
import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { errnoCode } from './fs-errors.js';

/**
 * `path` (absolute) with every symlink followed, even where the path or a link's target does not exist yet: the
 * part that exists is resolved and the rest kept. A loop, or a folder this process may not look into, gives the
 * path as it is (writing there fails later, and says why).
 * @example
 * await realTarget('/home/me/w-link/new'); // '/data/w/new' when w-link → /data/w and new does not exist
 */
export async function realTarget(path: string, depth = 0): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    const code = errnoCode(error);
    if (depth > 40 || (code !== 'ENOENT' && code !== 'ENOTDIR')) return path;
  }
  // a dangling symlink: follow it by hand; a missing path: resolve the part that exists
  const link = await lstat(path).catch(() => null);
  if (link?.isSymbolicLink()) return realTarget(resolve(dirname(path), await readlink(path)), depth + 1);
  const parent = dirname(path);
  if (parent === path) return path;
  return join(await realTarget(parent, depth + 1), basename(path));
}

/**
 * A small file glob: `*` (any characters but `/`), `?` (one character but `/`), `[abc]`, `[a-z]`, `[!abc]` (one
 * of, or none of, a set), in any path segment (`exports/*\/orders.ndjson`). Not recursive: `**` is refused. A
 * wildcard does not match a leading `.` (as in a shell). Matches are regular files (or symlinks to files), sorted
 * by path in byte order.
 */
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { UsageError } from '../../errors.js';
import { errnoCode, readFault } from './fs-errors.js';

/** Whether `text` holds a glob wildcard (`*`, `?` or `[`). */
export function isGlob(text: string): boolean {
  return /[*?[]/.test(text);
}

/**
 * The regular expression matching one path segment written as a glob (see the module comment).
 * @example
 * globSegment('Orders_*.json').test('Orders_2016.json'); // true
 */
export function globSegment(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      re += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, (m) => `\\${m}`)}]`;
      i = close;
    } else re += c.replace(/[.+^${}()|\\]/g, (m) => `\\${m}`);
  }
  return new RegExp(`^${segment.startsWith('.') ? '' : '(?!\\.)'}${re}$`, 'u');
}

/** Compares two paths by their UTF-8 bytes (the order the files of a glob or a folder are read in). */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Every regular file matching `pattern`, sorted by path in byte order; an empty list when none does.
 * @example
 * await expandGlob('exports/Orders_*.json'); // ['exports/Orders_2016.json', 'exports/Orders_2017.json']
 */
export async function expandGlob(pattern: string): Promise<string[]> {
  const segments = pattern.split('/');
  if (segments.some((s) => s === '**')) {
    throw new UsageError(`${pattern}: '**' (any depth of folders) is not supported; name each level with '*'`);
  }
  let bases = [isAbsolute(pattern) ? '/' : ''];
  const start = isAbsolute(pattern) ? 1 : 0;
  for (let k = start; k < segments.length; k++) {
    const segment = segments[k]!;
    const last = k === segments.length - 1;
    if (segment === '' && !last) continue; // `a//b`
    const next: string[] = [];
    for (const base of bases) {
      if (!isGlob(segment)) {
        const path = base === '' ? segment : join(base, segment);
        if (await kindOf(path, last)) next.push(path);
        continue;
      }
      const re = globSegment(segment);
      for (const name of await namesIn(base === '' ? '.' : base)) {
        if (!re.test(name)) continue;
        const path = base === '' ? name : join(base, name);
        if (await kindOf(path, last)) next.push(path);
      }
    }
    bases = next;
  }
  return bases.sort(byteOrder);
}

/** Whether `path` is what the walk wants there: a file for the last segment, a folder before it. */
async function kindOf(path: string, file: boolean): Promise<boolean> {
  try {
    const s = await stat(path);
    return file ? s.isFile() : s.isDirectory();
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return false;
    throw readFault(error, path) ?? error;
  }
}

/** The entry names of folder `dir`, or none when it is not a readable folder. */
async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw readFault(error, dir) ?? error;
  }
}

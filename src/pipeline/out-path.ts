/**
 * Where a run's warehouse goes. `--out` is replaced whole at the end of a run, so it is checked before any work:
 * never empty or blank (an unset `$OUT`), never the root, the home folder, the current folder or a folder that
 * holds one of them, and no source may lie inside it. A symlink is followed: its target is the warehouse (the
 * link stays a link).
 */
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join, parse, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { realTarget } from '../io/files/real-path.js';

/** Where `resolveWarehouse` looks for the folders a warehouse must never be (tests give their own). */
export interface OutContext {
  readonly cwd?: string;
  readonly home?: string;
}

/**
 * Checks `out` and returns the real path of the warehouse folder (it may not exist yet); throws UsageError
 * (exit 2) for a blank or root-like `out`.
 * @example
 * await resolveWarehouse('warehouse'); // '/home/me/project/warehouse'
 * await resolveWarehouse('');          // UsageError: --out is empty: …
 */
export async function resolveWarehouse(given: string, context: OutContext = {}): Promise<string> {
  const cwd = context.cwd ?? process.cwd();
  const out = localOut(given);
  if (out.trim() === '') {
    throw new UsageError(
      `--out is ${out === '' ? 'empty' : 'blank'}: give the warehouse folder, e.g. --out warehouse ` +
        '(is a variable in your script unset?)',
    );
  }
  const target = await realTarget(resolve(cwd, out));
  const where = await forbiddenPlace(target, cwd, context.home ?? homedir());
  if (where !== null) {
    throw new UsageError(
      `--out ${out} is ${where}; a run replaces --out whole, so give a folder of its own, ` +
        `e.g. --out ${join(out, 'warehouse')}`,
    );
  }
  return target;
}

/**
 * `--out` as a local path: a `file://` URI becomes its path; any other URI (`s3://`, `abfss://`, `dbfs:/`) is a
 * UsageError. The client writes part of every warehouse (quality.json, sql/, run.json, the report) and swaps the
 * staging folder in by a rename, which an object store cannot do atomically (docs/spark.md, object stores).
 */
function localOut(out: string): string {
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(out)?.[1]; // two letters at least: `C:\w` is a path
  if (scheme === undefined) return out;
  if (scheme.toLowerCase() === 'file') {
    try {
      return fileURLToPath(out);
    } catch (e) {
      throw new UsageError(`--out ${out} is not a usable file:// URI (${(e as Error).message})`);
    }
  }
  throw new UsageError(
    `--out ${out} is a ${scheme}: URI; ecomflow writes the warehouse through this machine's file system and ` +
      'replaces it by a rename, so --out must be a folder that both this machine and the Spark cluster see ' +
      '(a shared mount; on Databricks, a /Volumes/… path from a cluster web terminal): see docs/spark.md',
  );
}

/** One path a run reads: what the user calls it and where it is. */
export interface ReadPath {
  readonly label: string;
  readonly path: string;
}

/**
 * Throws UsageError (exit 2) when any path the run reads lies inside the warehouse `target`: the swap would delete it.
 * @example
 * await assertOutsideWarehouse('/w', [{ label: '--input', path: '/w/exports' }]);
 * // UsageError: --input /w/exports lies inside --out /w: …
 */
export async function assertOutsideWarehouse(target: string, paths: readonly ReadPath[]): Promise<void> {
  for (const { label, path } of paths) {
    const real = await realTarget(resolve(path));
    if (real === target || real.startsWith(withSep(target))) {
      throw new UsageError(
        `${label} ${path} lies inside --out ${target}: a run replaces --out whole, so its sources cannot live ` +
          'there; move them out, or choose another --out',
      );
    }
  }
}

/** Why `target` may never be a warehouse, or null: the root, the current or home folder, or a folder holding them. */
async function forbiddenPlace(target: string, cwd: string, home: string): Promise<string | null> {
  if (parse(target).root === target) return 'the root folder';
  const holds = (inner: string): 'same' | 'holds' | null =>
    inner === target ? 'same' : inner.startsWith(withSep(target)) ? 'holds' : null;
  const here = holds(await realTarget(resolve(cwd)));
  const mine = holds(await realTarget(resolve(home)));
  if (here === 'same') return 'the current folder';
  if (mine === 'same') return 'your home folder';
  if (here === 'holds') return 'a folder that holds the current folder';
  if (mine === 'holds') return 'a folder that holds your home folder';
  return null;
}

const withSep = (folder: string): string => (folder.endsWith(sep) ? folder : `${folder}${sep}`);

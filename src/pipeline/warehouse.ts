/**
 * The warehouse folder as a whole: a run writes into a fresh staging folder beside it and swaps it into place
 * only when every file is written, so a failed or killed run leaves the previous warehouse readable.
 * A non-empty folder that is not an ecomflow warehouse is never replaced.
 */
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';

/** The marker file that says a folder is an ecomflow warehouse. */
export const WAREHOUSE_MARKER = '_ecomflow_warehouse.json';

/** Throws unless `out` is absent, empty, or already an ecomflow warehouse. */
export async function assertReplaceable(out: string): Promise<void> {
  let entries: string[];
  try {
    const s = await stat(out);
    if (!s.isDirectory()) throw new InputError('warehouse.not_a_folder', 'exists and is not a folder', { file: out });
    entries = await readdir(out);
  } catch (error) {
    if (error instanceof InputError) throw error;
    return; // absent
  }
  if (entries.length > 0 && !entries.includes(WAREHOUSE_MARKER)) {
    throw new InputError(
      'warehouse.not_ours',
      `is a non-empty folder that is not an ecomflow warehouse (no ${WAREHOUSE_MARKER}); refusing to replace it — choose another --out`,
      { file: out },
    );
  }
}

/** Creates an empty staging folder beside `out` and returns its path. */
export async function createStaging(out: string): Promise<string> {
  const target = resolve(out);
  const staging = join(dirname(target), `.${basename(target)}.staging-${process.pid}-${Date.now()}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  return staging;
}

/** Marks `staging` as a warehouse and swaps it into `out`, removing the previous warehouse after the swap. */
export async function commitStaging(staging: string, out: string, marker: Record<string, unknown>): Promise<void> {
  await writeFile(join(staging, WAREHOUSE_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
  const target = resolve(out);
  const previous = join(dirname(target), `.${basename(target)}.previous-${process.pid}-${Date.now()}`);
  let moved = false;
  try {
    await rename(target, previous);
    moved = true;
  } catch {
    // no previous warehouse
  }
  try {
    await rename(staging, target);
  } catch (error) {
    if (moved) await rename(previous, target);
    throw error;
  }
  if (moved) await rm(previous, { recursive: true, force: true });
}

/** Removes a staging folder after a failed run. */
export async function discardStaging(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
}

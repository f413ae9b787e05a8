/**
 * The warehouse folder replaced whole: a run writes into a fresh staging folder beside `<out>` and swaps it into
 * place only when every file is written, so a failed or killed run leaves the previous warehouse readable. Only
 * an ecomflow warehouse holding nothing but what ecomflow wrote, or an empty folder, is ever replaced.
 *
 * The protocol, safe against a kill at any point (every step is one atomic rename or leaves only leftovers
 * that the next run's `recoverWarehouse` recognises by name, see recover.ts):
 * 0. lock   — `.<name>.lock` beside `<out>` holds the run's pid (see io/files/lock.ts): one run at a time;
 * 1. stage  — every file is written to `.<name>.staging-<pid>-<ms>` beside `<out>`, the marker last;
 * 2. swap   — `<out>` is renamed to `.<name>.previous-<pid>-<ms>`, then the staging folder to `<out>`;
 * 3. clean  — the previous folder is deleted.
 * Killed in 1: `<out>` is untouched; the staging folder is deleted by the next run. Killed between the two
 * renames of 2: `<out>` is missing and the next run renames the previous warehouse back. Killed in 3: the
 * next run deletes the leftover previous folder.
 */
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { EnvironmentError, InputError } from '../../errors.js';
import { WAREHOUSE_MARKER } from '../../schemas/warehouse-layout.js';
import { filesUnder, makeFolders } from '../files/folders.js';
import { errnoCode, writeFault } from '../files/fs-errors.js';
import { acquireLock, type Lock } from '../files/lock.js';
import { foreignFiles, writeMarker, type WarehouseMarker } from './marker.js';
import { recoverWarehouse } from './recover.js';

/**
 * Recovers leftovers (see `recoverWarehouse`), then throws unless `out` is absent, an empty folder, or an
 * ecomflow warehouse that holds only files ecomflow wrote.
 * @example
 * await assertReplaceable('/home/me/thesis');
 * // InputError warehouse.not_ours: /home/me/thesis: is a non-empty folder that is not an ecomflow warehouse …
 */
export async function assertReplaceable(out: string): Promise<void> {
  await recoverWarehouse(out);
  let entries: string[];
  try {
    const s = await stat(out);
    if (!s.isDirectory()) throw new InputError('warehouse.not_a_folder', 'exists and is not a folder', { file: out });
    entries = await readdir(out);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (errnoCode(error) === 'ENOENT') return;
    throw new InputError('warehouse.unreadable', `cannot be read (${errnoCode(error) ?? String(error)})`, {
      file: out,
    });
  }
  if (entries.length === 0) return;
  if (!entries.includes(WAREHOUSE_MARKER)) {
    throw new InputError(
      'warehouse.not_ours',
      `is a non-empty folder that is not an ecomflow warehouse (no ${WAREHOUSE_MARKER}); ` +
        'refusing to replace it — choose another --out',
      { file: out },
    );
  }
  const foreign = await foreignFiles(out);
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ` and ${foreign.length - 5} more` : '');
    throw new InputError(
      'warehouse.foreign_files',
      `holds files ecomflow did not write (${shown}); refusing to replace it — ` +
        'move them out of the warehouse, or choose another --out',
      { file: out },
    );
  }
}

/**
 * Takes the warehouse's lock (`.<name>.lock` beside it); throws EnvironmentError `warehouse.locked` naming the pid
 * when another live run holds it. A lock left by a killed run is cleared.
 * @example
 * const lock = await lockWarehouse('/data/w');
 * try { … } finally { await lock.release(); }
 */
export async function lockWarehouse(target: string): Promise<Lock> {
  let lock: Awaited<ReturnType<typeof acquireLock>>;
  const file = join(dirname(target), `.${basename(target)}.lock`);
  try {
    await makeFolders(dirname(target));
    lock = await acquireLock(file);
  } catch (error) {
    throw creationFault(error, target);
  }
  if ('heldBy' in lock) {
    throw new EnvironmentError(
      'warehouse.locked',
      `another ecomflow run is writing ${target} (pid ${lock.heldBy}); ` +
        `wait for it to finish (if no such run is going, delete ${file})`,
      target,
    );
  }
  return lock;
}

/**
 * Creates an empty staging folder beside `out` and returns its path.
 * @example
 * await createStaging('/data/w'); // '/data/.w.staging-4711-1700000000000'
 */
export async function createStaging(out: string): Promise<string> {
  const target = resolve(out);
  const staging = join(dirname(target), `.${basename(target)}.staging-${process.pid}-${Date.now()}`);
  try {
    await makeFolders(dirname(target));
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging);
  } catch (error) {
    throw creationFault(error, target);
  }
  return staging;
}

/**
 * Marks `staging` as a warehouse (listing its files) and swaps it into `out`, then removes the previous warehouse.
 * @example
 * await commitStaging('/data/.w.staging-4711-1700000000000', '/data/w', { tool: 'ecomflow', layout: 1 });
 */
export async function commitStaging(
  staging: string,
  out: string,
  marker: Omit<WarehouseMarker, 'files'>,
): Promise<void> {
  await writeMarker(staging, { ...marker, files: await filesUnder(staging) });
  await assertReplaceable(out); // `out` may have changed while the run was reading
  const target = resolve(out);
  const previous = join(dirname(target), `.${basename(target)}.previous-${process.pid}-${Date.now()}`);
  let moved = false;
  try {
    await rename(target, previous);
    moved = true;
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
  }
  try {
    await rename(staging, target);
  } catch (error) {
    if (moved) await rename(previous, target);
    throw error;
  }
  if (moved) await rm(previous, { recursive: true, force: true });
}

/**
 * Removes a staging folder after a failed run.
 * @example
 * await discardStaging('/data/.w.staging-4711-1700000000000');
 */
export async function discardStaging(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
}

/** The typed error for a warehouse folder that cannot be made. */
function creationFault(error: unknown, target: string): unknown {
  const fault = writeFault(error, target);
  if (fault) return fault;
  if (errnoCode(error) === 'ENOENT') {
    return new EnvironmentError(
      'env.cannot_create',
      `cannot create ${target}: ${dirname(target)} does not accept new files or folders`,
      target,
    );
  }
  return error;
}

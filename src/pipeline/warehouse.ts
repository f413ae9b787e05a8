/**
 * The warehouse folder as a whole: a run writes into a fresh staging folder beside it and swaps it into place
 * only when every file is written, so a failed or killed run leaves the previous warehouse readable.
 * Only an ecomflow warehouse holding nothing but what ecomflow wrote, or an empty folder, is ever replaced: the
 * marker file lists every file the run wrote, and a warehouse holding any other file is refused.
 *
 * The protocol, safe against a kill at any point (every step is one atomic rename or leaves only leftovers
 * that the next run's `recoverWarehouse` recognises by name):
 * 0. lock   — `.<name>.lock` beside `<out>` holds the run's pid (see io/files/lock.ts): one run at a time;
 * 1. stage  — every file is written to `.<name>.staging-<pid>-<ms>` beside `<out>`, the marker last;
 * 2. swap   — `<out>` is renamed to `.<name>.previous-<pid>-<ms>`, then the staging folder to `<out>`;
 * 3. clean  — the previous folder is deleted.
 * Killed in 1: `<out>` is untouched; the staging folder is deleted by the next run. Killed between the two
 * renames of 2: `<out>` is missing and the next run renames the previous warehouse back. Killed in 3: the
 * next run deletes the leftover previous folder.
 */
import { WAREHOUSE_MARKER } from '../schemas/warehouse-layout.js';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { EnvironmentError, InputError } from '../errors.js';
import { writeFileAtomic } from '../io/files/atomic-file.js';
import { errnoCode, writeFault } from '../io/files/fs-errors.js';
import { acquireLock, processAlive, type Lock } from '../io/files/lock.js';

/** The marker file that says a folder is an ecomflow warehouse. */
export { WAREHOUSE_MARKER };

/** What `recoverWarehouse` did. */
export interface Recovery {
  /** The `.<name>.previous-*` folder renamed back to `<out>`, if any. */
  readonly restored: string | null;
  /** Leftover staging and previous folders deleted. */
  readonly removed: readonly string[];
}

/** A leftover folder beside `<out>`: its path, kind, and the process and time that made it. */
interface Leftover {
  readonly path: string;
  readonly kind: 'staging' | 'previous';
  readonly pid: number;
  readonly ms: number;
}

/** The content of the marker file. */
export interface WarehouseMarker {
  readonly tool: 'ecomflow';
  readonly layout: number;
  /** Every file the run wrote, relative, with `/` (absent in warehouses written before this list existed). */
  readonly files?: readonly string[];
}

/** What a warehouse written before the marker listed its files may hold (nothing else is ecomflow's). */
const LEGACY_ENTRIES = new Set([
  'raw',
  'enriched',
  'rejects',
  'aggregates',
  'sql',
  'report',
  'quality.json',
  'run.json',
  WAREHOUSE_MARKER,
]);

/**
 * Repairs what a killed run left beside `out`: renames the newest previous warehouse back when `out` is missing,
 * then deletes the staging and previous folders of processes that are gone (a live run's are left alone).
 * @example
 * await recoverWarehouse('warehouse'); // { restored: '/data/.warehouse.previous-4711-1700000000000', removed: [] }
 */
export async function recoverWarehouse(out: string): Promise<Recovery> {
  const target = resolve(out);
  const leftovers = await leftoversOf(target);
  let restored: string | null = null;
  if (!(await exists(target))) {
    // The two renames of a swap are microseconds apart, so a missing `<out>` beside a previous warehouse means
    // a run died between them (whatever its pid says: pids get reused).
    const previous = leftovers.filter((l) => l.kind === 'previous').sort((a, z) => z.ms - a.ms);
    for (const p of previous) {
      if (await exists(join(p.path, WAREHOUSE_MARKER))) {
        await rename(p.path, target);
        restored = p.path;
        break;
      }
    }
  }
  const removed: string[] = [];
  for (const l of leftovers) {
    if (l.path === restored || processAlive(l.pid)) continue;
    await rm(l.path, { recursive: true, force: true });
    removed.push(l.path);
  }
  return { restored, removed };
}

/**
 * Recovers leftovers (see `recoverWarehouse`), then throws unless `out` is absent, an empty folder, or an
 * ecomflow warehouse that holds only files ecomflow wrote.
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

/** Creates an empty staging folder beside `out` and returns its path. */
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

/** Marks `staging` as a warehouse (listing its files) and swaps it into `out`, then removes the previous warehouse. */
export async function commitStaging(
  staging: string,
  out: string,
  marker: Omit<WarehouseMarker, 'files'>,
): Promise<void> {
  const files = await filesUnder(staging);
  const content: WarehouseMarker = { ...marker, files };
  await writeFileAtomic(join(staging, WAREHOUSE_MARKER), async (h) => {
    await h.writeFile(`${JSON.stringify(content, null, 2)}\n`);
  });
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

/** Removes a staging folder after a failed run. */
export async function discardStaging(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
}

/** The files of a warehouse that ecomflow did not write (relative paths, sorted; a foreign folder counts once). */
async function foreignFiles(warehouse: string): Promise<string[]> {
  const marker = await readMarker(warehouse);
  const foreign: string[] = [];
  if (marker?.files === undefined) {
    for (const name of (await readdir(warehouse)).sort()) if (!LEGACY_ENTRIES.has(name)) foreign.push(name);
    return foreign;
  }
  const ours = new Set([...marker.files, WAREHOUSE_MARKER]);
  const folders = new Set<string>();
  for (const file of marker.files) {
    for (let i = file.indexOf('/'); i > 0; i = file.indexOf('/', i + 1)) folders.add(file.slice(0, i));
  }
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(warehouse, rel), { withFileTypes: true });
    for (const e of entries.sort((a, z) => (a.name < z.name ? -1 : 1))) {
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (folders.has(path)) await walk(path);
        else foreign.push(`${path}/`);
      } else if (!ours.has(path) && !isOurTemp(path, ours)) {
        foreign.push(path);
      }
    }
  };
  await walk('');
  return foreign;
}

/** A temporary file an interrupted atomic write of one of `ours` left (`<file>.tmp-<pid>-<hex>`). */
function isOurTemp(path: string, ours: ReadonlySet<string>): boolean {
  const m = /^(.*)\.tmp-\d+-[0-9a-f]+$/.exec(path);
  return m !== null && ours.has(m[1]!);
}

/** The marker of `warehouse`, or null when it cannot be read as one. */
async function readMarker(warehouse: string): Promise<WarehouseMarker | null> {
  try {
    const parsed = JSON.parse(await readFile(join(warehouse, WAREHOUSE_MARKER), 'utf8')) as Partial<WarehouseMarker>;
    const files = parsed.files;
    if (files !== undefined && !(Array.isArray(files) && files.every((f) => typeof f === 'string'))) return null;
    return parsed as WarehouseMarker;
  } catch {
    return null;
  }
}

/** Every file below `folder`, relative, with `/`, sorted. */
async function filesUnder(folder: string, rel = ''): Promise<string[]> {
  const files: string[] = [];
  for (const e of await readdir(join(folder, rel), { withFileTypes: true })) {
    const path = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) files.push(...(await filesUnder(folder, path)));
    else files.push(path);
  }
  return files.sort();
}

/**
 * `mkdir -p` that always ends: Node's recursive mkdir loops for ever where a file system answers ENOENT for a
 * folder that cannot be made (e.g. under /proc), so each level is made once, its parent first.
 */
async function makeFolders(folder: string): Promise<void> {
  try {
    await mkdir(folder);
    return;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') {
      if ((await stat(folder)).isDirectory()) return;
      throw Object.assign(new Error(`${folder} is a file`), { code: 'ENOTDIR' });
    }
    if (code !== 'ENOENT' || dirname(folder) === folder) throw error;
  }
  await makeFolders(dirname(folder));
  await mkdir(folder).catch(async (error: unknown) => {
    if (errnoCode(error) !== 'EEXIST' || !(await stat(folder)).isDirectory()) throw error;
  });
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

/** The `.<name>.staging-<pid>-<ms>` and `.<name>.previous-<pid>-<ms>` folders beside `target`. */
async function leftoversOf(target: string): Promise<Leftover[]> {
  const folder = dirname(target);
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const found: Leftover[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(staging|previous)-(\d+)-(\d+)$/.exec(name.slice(prefix.length));
    if (m)
      found.push({ path: join(folder, name), kind: m[1] as Leftover['kind'], pid: Number(m[2]), ms: Number(m[3]) });
  }
  return found;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

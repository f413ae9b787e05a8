/**
 * The warehouse folder as a whole: a run writes into a fresh staging folder beside it and swaps it into place
 * only when every file is written, so a failed or killed run leaves the previous warehouse readable.
 * A non-empty folder that is not an ecomflow warehouse is never replaced.
 *
 * The protocol, safe against a kill at any point (every step is one atomic rename or leaves only leftovers
 * that the next run's `recoverWarehouse` recognises by name):
 * 1. stage  — every file is written to `.<name>.staging-<pid>-<ms>` beside `<out>`, the marker last;
 * 2. swap   — `<out>` is renamed to `.<name>.previous-<pid>-<ms>`, then the staging folder to `<out>`;
 * 3. clean  — the previous folder is deleted.
 * Killed in 1: `<out>` is untouched; the staging folder is deleted by the next run. Killed between the two
 * renames of 2: `<out>` is missing and the next run renames the previous warehouse back. Killed in 3: the
 * next run deletes the leftover previous folder.
 */
import { WAREHOUSE_MARKER } from '../schemas/warehouse-layout.js';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../io/files/atomic-file.js';

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
    if (l.path === restored || isAlive(l.pid)) continue;
    await rm(l.path, { recursive: true, force: true });
    removed.push(l.path);
  }
  return { restored, removed };
}

/** Recovers leftovers (see `recoverWarehouse`), then throws unless `out` is absent, empty, or an ecomflow warehouse. */
export async function assertReplaceable(out: string): Promise<void> {
  await recoverWarehouse(out);
  let entries: string[];
  try {
    const s = await stat(out);
    if (!s.isDirectory()) throw new InputError('warehouse.not_a_folder', 'exists and is not a folder', { file: out });
    entries = await readdir(out);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (codeOf(error) === 'ENOENT') return;
    throw new InputError('warehouse.unreadable', `cannot be read (${codeOf(error) ?? String(error)})`, { file: out });
  }
  if (entries.length > 0 && !entries.includes(WAREHOUSE_MARKER)) {
    throw new InputError(
      'warehouse.not_ours',
      `is a non-empty folder that is not an ecomflow warehouse (no ${WAREHOUSE_MARKER}); ` +
        'refusing to replace it — choose another --out',
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
  await writeFileAtomic(join(staging, WAREHOUSE_MARKER), async (h) => {
    await h.writeFile(`${JSON.stringify(marker, null, 2)}\n`);
  });
  await assertReplaceable(out); // `out` may have changed while the run was reading
  const target = resolve(out);
  const previous = join(dirname(target), `.${basename(target)}.previous-${process.pid}-${Date.now()}`);
  let moved = false;
  try {
    await rename(target, previous);
    moved = true;
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw error;
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

/** Whether process `pid` is running (this process counts as running: its own folders may be in use). */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

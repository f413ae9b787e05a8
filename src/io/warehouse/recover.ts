/**
 * What a killed run leaves beside a warehouse `<out>`, and its repair: `.<name>.staging-<pid>-<ms>` folders of a
 * run that died while writing, and `.<name>.previous-<pid>-<ms>` folders of a run that died while swapping.
 */
import { readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { WAREHOUSE_MARKER } from '../../schemas/warehouse-layout.js';
import { pathExists } from '../files/folders.js';
import { processAlive } from '../files/lock.js';

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
  if (!(await pathExists(target))) {
    // The two renames of a swap are microseconds apart, so a missing `<out>` beside a previous warehouse means
    // a run died between them (whatever its pid says: pids get reused).
    const previous = leftovers.filter((l) => l.kind === 'previous').sort((a, z) => z.ms - a.ms);
    for (const p of previous) {
      if (await pathExists(join(p.path, WAREHOUSE_MARKER))) {
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

/**
 * The engines `query()` reuses, one per warehouse folder. Lifetime: an engine is kept while its warehouse's
 * table files are unchanged (same names, sizes, modification times and inodes: a new run or a rewritten table
 * opens a fresh engine), for at most `IDLE_MS` after its last query, and for at most `MAX_ENGINES` warehouses
 * (the least recently used goes first). `closeQueryEngines()` closes them all at once. Open engines never keep
 * the process alive: the idle timer is unref'd and DuckDB holds no event-loop handle.
 */
import { openEngine, type Engine } from './engine.js';
import type { TableSource } from '../io/warehouse/table-files.js';

/** How long an unused engine stays open. */
export const IDLE_MS = 30_000;
/** How many warehouses keep an engine open at once. */
export const MAX_ENGINES = 4;

/** An engine lent to one query; `release()` it when the query is done. */
export interface Lease {
  readonly engine: Engine;
  release(): void;
}

interface Slot {
  readonly root: string;
  readonly signature: string;
  readonly engine: Promise<Engine>;
  users: number;
  retired: boolean;
  closed: boolean;
  timer: NodeJS.Timeout | undefined;
}

const slots = new Map<string, Slot>();

/**
 * The engine over `root` whose tables are `sources`: the cached one when the tables are unchanged, else a new
 * one (the old one closes once its running queries end).
 */
export async function acquireEngine(root: string, sources: readonly TableSource[]): Promise<Lease> {
  const signature = sources.map((t) => `${t.name}|${t.source}|${t.stamp}|${t.problem ?? ''}`).join('\n');
  let slot = slots.get(root);
  if (slot !== undefined && slot.signature !== signature) {
    retire(slot);
    slot = undefined;
  }
  if (slot === undefined) {
    slot = {
      root,
      signature,
      engine: openEngine(root, sources),
      users: 0,
      retired: false,
      closed: false,
      timer: undefined,
    };
    slot.engine.catch(() => undefined); // a failed open is reported to the caller below
    slots.set(root, slot);
    for (const old of [...slots.values()].slice(0, Math.max(0, slots.size - MAX_ENGINES))) retire(old);
  } else {
    slots.delete(root); // re-insert: the Map's order is the least recently used first
    slots.set(root, slot);
  }
  const held = slot;
  held.users += 1;
  clearTimeout(held.timer);
  let engine: Engine;
  try {
    engine = await held.engine;
  } catch (error) {
    held.users -= 1;
    retire(held);
    throw error;
  }
  let released = false;
  return {
    engine,
    release() {
      if (released) return;
      released = true;
      held.users -= 1;
      if (held.users > 0) return;
      if (held.retired) closeSlot(held);
      else
        held.timer = setTimeout(() => {
          retire(held);
        }, IDLE_MS).unref();
    },
  };
}

/** Closes every cached engine now (engines still running a query close when it ends). */
export async function closeQueryEngines(): Promise<void> {
  const all = [...slots.values()];
  for (const slot of all) retire(slot);
  await Promise.allSettled(all.map((s) => s.engine));
}

/** How many engines are cached (for tests). */
export function cachedEngineCount(): number {
  return slots.size;
}

function retire(slot: Slot): void {
  if (slots.get(slot.root) === slot) slots.delete(slot.root);
  slot.retired = true;
  clearTimeout(slot.timer);
  if (slot.users === 0) closeSlot(slot);
}

function closeSlot(slot: Slot): void {
  if (slot.closed) return;
  slot.closed = true;
  slot.engine.then(
    (e) => {
      e.close();
    },
    () => undefined,
  );
}

/** Quality counts: what each cleaning rule changed or nulled, and why rows were rejected. Plain data, JSON-ready. */
import type { FixCount } from '../schemas/quality-file.js';

export type { FixCount };

/** Fix counts by rule name, e.g. `{ "name.clean": { changed: 57, nulled: 2 } }`. */
export type Fixes = Record<string, FixCount>;

/** Adds `count` to the fix counts of `rule`. */
export function addFix(fixes: Fixes, rule: string, count: Partial<FixCount>): void {
  const f = (fixes[rule] ??= { changed: 0, nulled: 0 });
  f.changed += count.changed ?? 0;
  f.nulled += count.nulled ?? 0;
}

/** Counts of `values` grouped by themselves, sorted by key: `['a','b','a']` → `{ a: 2, b: 1 }`. */
export function countBy(values: Iterable<string>): Record<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

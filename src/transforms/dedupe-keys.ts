/**
 * Keeps the first row of each key (in row order); later rows and rows without a key are reported, never dropped
 * silently.
 */
import type { CleanedColumn } from './apply-rule.js';

/** The rows kept, and for every other row why not (`missing` key, or `duplicate` of the kept row `firstRow`). */
export interface KeyedRows {
  readonly kept: Int32Array;
  readonly dropped: readonly {
    readonly row: number;
    readonly reason: 'missing' | 'duplicate';
    readonly firstRow: number;
  }[];
}

/** Splits the rows of a cleaned key column into first occurrences and the rest. */
export function firstRowPerKey(key: CleanedColumn): KeyedRows {
  const n = key.codes.length;
  const firstByCleaned = new Map<string, number>();
  const kept: number[] = [];
  const dropped: { row: number; reason: 'missing' | 'duplicate'; firstRow: number }[] = [];
  for (let i = 0; i < n; i++) {
    const code = key.codes[i]!;
    const value = code < 0 ? null : key.values[code]!;
    if (value === null) {
      dropped.push({ row: i, reason: 'missing', firstRow: -1 });
      continue;
    }
    const first = firstByCleaned.get(value);
    if (first === undefined) {
      firstByCleaned.set(value, i);
      kept.push(i);
    } else {
      dropped.push({ row: i, reason: 'duplicate', firstRow: first });
    }
  }
  return { kept: Int32Array.from(kept), dropped };
}

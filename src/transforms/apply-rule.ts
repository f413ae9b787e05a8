/**
 * Applies a cleaning rule to a text column once per distinct value (dictionary codes), counting per row how many
 * values it changed or nulled. The building block of the clean* transforms.
 */
import type { Table, TypeMap } from 'apache-arrow';
import { codedColumn, type ColumnName } from '../table/columns.js';
import type { FixCount } from './quality.js';
import type { CleaningRule } from './rules/rule.js';

/** A text column after a rule: the cleaned value of each dictionary code, and each row's code (-1 = null). */
export interface CleanedColumn {
  readonly codes: Int32Array;
  /** Cleaned value per code (null when the rule nulled it). */
  readonly values: readonly (string | null)[];
}

/** Cleans column `name` of `table` with `rule`, counting (over `rows`, or all rows) what it changed or nulled. */
export function applyRule<T extends TypeMap>(
  table: Table<T>,
  name: ColumnName<T>,
  rule: CleaningRule | null,
  rows?: Int32Array,
): CleanedColumn & { readonly count: FixCount; readonly raw: readonly string[] } {
  const { codes, dictionary } = codedColumn(table, name);
  const values = rule === null ? dictionary.slice() : dictionary.map((v) => rule.clean(v));
  const count: FixCount = { changed: 0, nulled: 0 };
  if (rule !== null) {
    const changed = new Uint8Array(dictionary.length);
    for (let c = 0; c < dictionary.length; c++) {
      const after = values[c];
      changed[c] = after === null ? 2 : after !== dictionary[c] ? 1 : 0;
    }
    const visit = (code: number): void => {
      if (code < 0) return;
      const k = changed[code]!;
      if (k === 1) count.changed++;
      else if (k === 2) count.nulled++;
    };
    if (rows) for (let i = 0; i < rows.length; i++) visit(codes[rows[i]!]!);
    else for (let i = 0; i < codes.length; i++) visit(codes[i]!);
  }
  return { codes, values, count, raw: dictionary };
}

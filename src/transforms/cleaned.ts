/** What a cleaning or enriching transform returns: the clean table, the rows it set aside, and what it fixed. */
import type { Table } from 'apache-arrow';
import type { Reject } from './rejects-builder.js';
import type { Fixes } from './quality.js';

/** The result of a clean/enrich transform (`T`: its table's type). `rejects` hold the rows' `source_row` values. */
export interface Cleaned<T extends Table = Table> {
  readonly table: T;
  readonly rejects: readonly Reject[];
  readonly fixes: Fixes;
}

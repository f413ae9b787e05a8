/** Tiny raw tables for transform tests, built the way readers build them. */
import type { Table } from 'apache-arrow';
import { type TableSchema } from '../../src/index.js';
import { RawTableBuilder } from '../../src/table/raw-builder.js';

/** A raw table of `schema` from rows keyed by source header (`'Customer ID'`) or column name; source_row = 1, 2, … */
export function rawTable(schema: TableSchema, rows: readonly Record<string, string | null>[]): Table {
  const b = new RawTableBuilder(schema, 'test');
  for (const c of schema.columns) if (c.source) b.columnFor(c.source);
  rows.forEach((row, i) => {
    b.beginRow(i + 1);
    for (const [k, v] of Object.entries(row)) b.setText(b.columnFor(k), v);
  });
  return b.finish();
}

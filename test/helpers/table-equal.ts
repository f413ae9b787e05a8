/** A value-based table comparison for tests: column names, then every row's values, compared exactly. */
import { expect } from 'vitest';
import type { Table } from 'apache-arrow';
import { tableRows } from '../../src/table/columns.js';

/**
 * Asserts `actual` has exactly `columns` (in order; by default the keys of the first expected row) and rows
 * equal to `expected`, as `tableRows` reads them: strings, numbers, bigints for Int64, decimal text such as
 * '12.34' for decimals, epoch milliseconds for dates, null for nulls.
 * @example
 * expectTableEqual(groupBy(t, ['k'], { n: { op: 'count' } }), [{ k: 'a', n: 2n }, { k: null, n: 1n }]);
 */
export function expectTableEqual(
  actual: Table,
  expected: readonly Record<string, unknown>[],
  columns: readonly string[] = Object.keys(expected[0] ?? {}),
): void {
  expect(actual.schema.names.map(String), 'column names').toEqual([...columns]);
  const rows = tableRows(actual);
  expect(rows.length, 'row count').toBe(expected.length);
  rows.forEach((row, i) => {
    expect(row, `row ${i}`).toEqual(expected[i]);
  });
}

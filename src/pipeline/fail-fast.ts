/** `--on-bad-rows fail`: turn the first rejected row (in source order, sources in reading order) into an InputError. */
import type { Table } from 'apache-arrow';
import { InputError, isRuleName } from '../errors.js';
import { bigintColumn, textReader } from '../table/columns.js';

/**
 * What a reject message says about the rows a finished run keeps ("; the first row is kept", "(counted once)"):
 * true of a run that sets rows aside, false of one that stops.
 */
const KEPT_CLAUSE = /(; the first (row )?is kept| \(counted once\))$/;

/**
 * Throws an InputError describing the first row of the first non-empty rejects table; returns when all are empty.
 * @example
 * failOnFirstReject([customerRejects]);
 * // InputError: Customer.xlsx, row 12, column "customer_id": customer_id "DP-13000" already seen at source row 11
 * //   (rule customer.duplicate_id); the run stopped at this first bad row (--on-bad-rows fail) and wrote nothing
 */
export function failOnFirstReject(rejects: readonly Table[]): void {
  for (const t of rejects) {
    if (t.numRows === 0) continue;
    const file = textReader(t, 'source_file')(0) ?? '';
    const row = Number(bigintColumn(t, 'source_row').values[0]!);
    const column = textReader(t, 'column_name')(0);
    const read = textReader(t, 'rule')(0);
    const rule = read !== null && isRuleName(read) ? read : 'row.rejected';
    const message = (textReader(t, 'message')(0) ?? '').replace(KEPT_CLAUSE, '');
    throw new InputError(
      rule,
      `${message} (rule ${rule}); the run stopped at this first bad row (--on-bad-rows fail) and wrote nothing`,
      { file, row, ...(column === null ? {} : { column }) },
    );
  }
}

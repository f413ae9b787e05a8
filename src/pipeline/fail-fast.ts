/** `--on-bad-rows fail`: turn the first rejected row (in source order, sources in reading order) into an InputError. */
import type { Table } from 'apache-arrow';
import { InputError } from '../errors.js';
import { bigintColumn, textReader } from '../table/columns.js';

/** Throws an InputError describing the first row of the first non-empty rejects table; returns when all are empty. */
export function failOnFirstReject(rejects: readonly Table[]): void {
  for (const t of rejects) {
    if (t.numRows === 0) continue;
    const file = textReader(t, 'source_file')(0) ?? '';
    const row = Number(bigintColumn(t, 'source_row').values[0]!);
    const column = textReader(t, 'column_name')(0);
    const rule = textReader(t, 'rule')(0) ?? 'row.rejected';
    const message = textReader(t, 'message')(0) ?? '';
    throw new InputError(rule, `${message} (rule ${rule}; --on-bad-rows fail stops at the first bad row)`, {
      file,
      row,
      ...(column === null ? {} : { column }),
    });
  }
}

/** quality.json: per source table, rows read, written and rejected (by reason), and the fixes each rule applied. */
import type { TableQuality } from '../schemas/quality-file.js';
import type { Fixes } from '../transforms/quality.js';

export type { TableQuality };
import { countBy } from '../transforms/quality.js';
import type { RawSource } from './raw-stage.js';

/** Builds the quality entry of one table; throws if rows are unaccounted for (written + rejected ≠ read). */
export function tableQuality(
  source: Pick<RawSource, 'file' | 'rowsRead'> & {
    readonly files?: readonly { readonly file: string; readonly rowsRead: number }[] | undefined;
  },
  rowsRaw: number,
  written: number,
  rejectRules: readonly string[],
  fixes: Fixes,
  counts: Record<string, number> = {},
): TableQuality {
  const q: TableQuality = {
    source_file: source.file,
    rows_read: source.rowsRead,
    rows_raw: rowsRaw,
    rows_written: written,
    rows_rejected: rejectRules.length,
    rejected_by_reason: countBy(rejectRules),
    fixes: Object.fromEntries(Object.entries(fixes).sort(([a], [b]) => (a < b ? -1 : 1))),
    counts,
    ...(source.files === undefined
      ? {}
      : { files: source.files.map((f) => ({ source_file: f.file, rows_read: f.rowsRead })) }),
  };
  if (q.rows_written + q.rows_rejected !== q.rows_read) {
    throw new Error(
      `accounting broken for ${source.file}: ` +
        `${q.rows_written} written + ${q.rows_rejected} rejected ≠ ${q.rows_read} read`,
    );
  }
  return q;
}

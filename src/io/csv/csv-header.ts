/** A CSV header row → the raw table's column of each field, refusing repeated headers and over-wide files. */
import { InputError } from '../../errors.js';
import { MAX_COLUMNS, type RawTableBuilder } from '../../table/raw-builder.js';

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * The builder column of each header field (an empty header is named `column_<n>`). Refuses, naming the file:
 * more than `MAX_COLUMNS` fields (`header.too_many_columns`), and two fields that name one column
 * (`csv.duplicate_header`, with both 1-based positions) — the JSON reader's rule for a repeated key.
 * Linear in the header: one map lookup per field.
 * @example
 * headerColumns(builder, ['Category', 'Product ID', 'Category'], 'p.csv')
 * // throws 'p.csv, column "Category": the header "Category" appears twice, as columns 1 and 3'
 */
export function headerColumns(builder: RawTableBuilder, fields: readonly string[], file: string): number[] {
  if (fields.length > MAX_COLUMNS) {
    throw new InputError(
      'header.too_many_columns',
      `the header has ${count(fields.length)} columns; ecomflow reads at most ${count(MAX_COLUMNS)} columns per source`,
      { file },
    );
  }
  const headers = fields.map((h, i) => (h.trim() === '' ? `column_${i + 1}` : h));
  const columns = headers.map((h) => builder.columnFor(h));
  const firstAt = new Map<number, number>();
  columns.forEach((col, i) => {
    const first = firstAt.get(col);
    if (first === undefined) {
      firstAt.set(col, i);
      return;
    }
    const a = headers[first]!;
    const b = headers[i]!;
    const message =
      a === b
        ? `the header "${a}" appears twice, as columns ${first + 1} and ${i + 1}`
        : `the headers "${a}" (column ${first + 1}) and "${b}" (column ${i + 1}) ` +
          `name the same column "${builder.nameOf(col)}"`;
    throw new InputError('csv.duplicate_header', `${message}; rename one of them`, { file, column: b });
  });
  return columns;
}

/**
 * Reads a CSV file (header row → columns) into a raw table with csv-parse: quoted fields holding commas,
 * quotes and newlines; UTF-8 BOM; CRLF or LF. Empty fields are null; blank or whitespace-only lines are
 * skipped. A record whose field count differs from the header's is a row issue, not a crash.
 */
import { createReadStream } from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import { InputError, type RowIssue } from '../../errors.js';
import type { TableSchema } from '../../schemas/types.js';
import { RawTableBuilder } from '../../table/raw-builder.js';
import { fileSize } from '../files/file-info.js';
import type { ReadResult } from '../read-result.js';

/**
 * Reads a CSV file into a raw table declared by `schema`; `source_row` is the 1-based record number after the header.
 * @example
 * const { table, issues } = await readCsv('Products.csv', rawProducts);
 * // table.numRows → 1851; first row: product_id "FUR-CH-10002961", product_name "Leather Task Chair, Black", …
 */
export async function readCsv(file: string, schema: TableSchema): Promise<ReadResult> {
  const bytes = await fileSize(file);
  const builder = new RawTableBuilder(schema, file);
  const issues: RowIssue[] = [];
  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      info: true,
    }),
  );
  let columns: number[] | null = null;
  let headers: string[] = [];
  let rowsRead = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (columns === null) {
        headers = record.map((h, i) => (h.trim() === '' ? `column_${i + 1}` : h));
        columns = headers.map((h) => builder.columnFor(h));
        builder.checkRequired();
        continue;
      }
      rowsRead++;
      if (record.length !== columns.length) {
        issues.push({
          row: rowsRead,
          column: null,
          value: record.join(',').slice(0, 200),
          rule: 'csv.field_count',
          message:
            `record ${rowsRead} (line ${info.lines}) has ${record.length} fields, ` +
            `the header has ${columns.length}`,
        });
        continue;
      }
      builder.beginRow(rowsRead);
      for (let i = 0; i < columns.length; i++) {
        const value = record[i]!;
        builder.setText(columns[i]!, value === '' ? null : value);
      }
      builder.endRow();
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      const at = line === undefined ? '' : ` near line ${line}`;
      throw new InputError('csv.syntax', `malformed CSV${at}: ${error.message}`, { file, row: rowsRead + 1 });
    }
    throw error;
  }
  if (columns === null) throw new InputError('csv.empty', 'is empty: expected a header row', { file });
  return { table: builder.finish(), issues, file, rowsRead, bytes, fixes: {} };
}

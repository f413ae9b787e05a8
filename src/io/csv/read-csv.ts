/**
 * Reads a CSV file (header row → columns) into a raw table with csv-parse: quoted fields holding commas,
 * quotes and newlines; UTF-8 BOM; CRLF or LF. Empty fields are null; blank or whitespace-only lines are
 * skipped. A record whose field count differs from the header's is a row issue, not a crash. Fields arrive as
 * bytes and enter the table through the builder's UTF-8 check (invalid bytes → U+FFFD, counted); each record is
 * handled as the parser completes it, so an error names the record and line it is in.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { parse, type InfoRecord, type Options } from 'csv-parse';
import type { RowIssue } from '../../errors.js';
import { InputError } from '../../errors.js';
import type { TableSchema } from '../../schemas/types.js';
import { RawTableBuilder } from '../../table/raw-builder.js';
import { decodeUtf8 } from '../../table/utf8.js';
import { fileSize } from '../files/file-info.js';
import type { ReadResult } from '../read-result.js';
import type { TableOfSchema } from '../../table/typed-tables.js';
import { syntaxError, unreadable } from './csv-errors.js';
import { headerColumns } from './csv-header.js';
import { splitSimpleCsv } from './simple-csv.js';

/** Characters of a bad record kept in its row issue. */
const ISSUE_TEXT_CHARS = 200;
/** Files up to this size are read whole and tried on the one-pass splitter first (simple-csv.ts). */
const SIMPLE_MAX_BYTES = 64 * 2 ** 20;

/**
 * Reads a CSV file into a raw table declared by `schema`; `source_row` is the 1-based record number after the header.
 * @example
 * const { table, issues } = await readCsv('Products.csv', rawProducts);
 * // table.numRows → 1851; first row: product_id "FUR-CH-10002961", product_name "Leather Task Chair, Black", …
 */
export async function readCsv<S extends TableSchema>(file: string, schema: S): Promise<ReadResult<TableOfSchema<S>>> {
  const bytes = await fileSize(file);
  const builder = new RawTableBuilder(schema, file);
  const issues: RowIssue[] = [];
  let columns: number[] | null = null;
  let headers: string[] = [];
  let rowsRead = 0;
  let nextLine = 1; // the line the next record starts on
  let emptyLines = 0; // blank lines csv-parse skipped up to the last record

  const onRecord = (record: Uint8Array[], info: InfoRecord): null => {
    nextLine = info.lines + 1;
    emptyLines = info.empty_lines;
    if (isBlank(record)) return null;
    if (columns === null) {
      headers = record.map((f) => builder.headerText(f, 0, f.length));
      columns = headerColumns(builder, headers, file);
      builder.checkRequired();
      return null;
    }
    rowsRead++;
    if (record.length !== columns.length) {
      issues.push({
        row: rowsRead,
        column: null,
        value: recordText(record),
        rule: 'csv.field_count',
        message:
          `record ${rowsRead} (line ${info.lines}) has ${record.length} fields, ` + `the header has ${columns.length}`,
      });
      return null;
    }
    builder.beginRow(rowsRead);
    for (let i = 0; i < columns.length; i++) {
      const field = record[i]!;
      if (field.length === 0) builder.setText(columns[i]!, null);
      else builder.setUtf8(columns[i]!, field, 0, field.length);
    }
    builder.endRow();
    return null;
  };

  const simple = bytes <= SIMPLE_MAX_BYTES ? await simpleRecords(file) : null;
  if (simple !== null) {
    for (const record of simple) onRecord(record, { lines: 0, empty_lines: 0 } as InfoRecord);
  } else {
    const handle = await open(file, 'r').catch((error: unknown) => {
      throw unreadable(file, error);
    });
    const source = handle.createReadStream({ start: await bomLength(handle, file) });
    const options: Options<Uint8Array[]> = {
      encoding: null, // fields as bytes, so that the builder sees (and counts) invalid UTF-8
      bom: false, // skipped above: csv-parse would switch back to strings after a BOM
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      on_record: onRecord,
    };
    // csv-parse's types assume string fields; with `encoding: null` they are bytes
    const parser = parse(options as unknown as Options);
    source.on('error', (error) => parser.destroy(unreadable(file, error)));
    try {
      source.pipe(parser).resume();
      await finished(parser);
    } catch (error) {
      throw syntaxError(file, error, { records: rowsRead, nextLine, emptyLines, headers });
    } finally {
      source.destroy();
    }
  }
  if (headers.length === 0) throw new InputError('csv.empty', 'is empty: expected a header row', { file });
  const table = builder.finish() as TableOfSchema<S>; // the builder holds the declared columns as declared
  return { table, issues, file, rowsRead, bytes, fixes: builder.fixes() };
}

/** The file's records by the one-pass splitter, or null when it is not plain CSV (then csv-parse reads it). */
async function simpleRecords(file: string): Promise<Uint8Array[][] | null> {
  const all = await readFile(file).catch((error: unknown) => {
    throw unreadable(file, error);
  });
  const bom = all.length >= 3 && all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf ? 3 : 0;
  return splitSimpleCsv(all, bom);
}

/** 3 when the file starts with a UTF-8 byte order mark (skipped), else 0. */
async function bomLength(handle: FileHandle, file: string): Promise<number> {
  const head = new Uint8Array(3);
  const { bytesRead } = await handle.read(head, 0, 3, 0).catch(async (error: unknown) => {
    await handle.close();
    throw unreadable(file, error);
  });
  return bytesRead === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
}

/** Whether every field of a record is empty or white space (csv-parse skips only the all-empty ones). */
function isBlank(record: readonly Uint8Array[]): boolean {
  return record.every((field) => {
    for (const b of field) {
      if (b >= 0x80) return decodeUtf8(field, 0, field.length).trim() === '';
      if (b !== 32 && (b < 9 || b > 13)) return false;
    }
    return true;
  });
}

/** A bad record as text for its row issue: the fields joined by commas, cut. */
function recordText(record: readonly Uint8Array[]): string {
  const parts: string[] = [];
  let length = 0;
  for (const field of record) {
    if (length > ISSUE_TEXT_CHARS) break;
    const text = decodeUtf8(field, 0, Math.min(field.length, ISSUE_TEXT_CHARS * 4));
    parts.push(text);
    length += text.length + 1;
  }
  return parts.join(',').slice(0, ISSUE_TEXT_CHARS);
}

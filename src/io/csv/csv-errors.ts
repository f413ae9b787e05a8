/** The CSV reader's whole-file errors: a file that cannot be read, and malformed CSV named by line and record. */
import { CsvError } from 'csv-parse';
import { InputError } from '../../errors.js';
import { sourceReadFault } from '../files/fs-errors.js';

/**
 * An fs error met while opening or reading `file`: `cannot read <file>: <cause>`, the wording of every reader
 * (`io.permission_denied`, `env.io_error`, `io.unreadable`; see fs-errors.ts).
 * @example
 * unreadable('Products.csv', Object.assign(new Error('EACCES'), { code: 'EACCES' })).message
 * // → 'cannot read Products.csv: permission denied'
 */
export function unreadable(file: string, error: unknown): Error {
  return sourceReadFault(error, file);
}

/** Where the parser stood when it met malformed CSV. */
export interface SyntaxContext {
  /** Data records read before the bad one. */
  readonly records: number;
  /** The line after the last record read (1-based). */
  readonly nextLine: number;
  /** Blank lines skipped up to the last record read. */
  readonly emptyLines: number;
  /** The header names, to name the field the error is in. */
  readonly headers: readonly string[];
}

/**
 * A csv-parse error as a typed InputError `csv.syntax` naming the line, and the record (`row`) when it is a data
 * record; other errors pass through unchanged.
 * @example
 * // an unclosed quote in the 2nd data record, which starts on line 3:
 * // → 'Products.csv, row 2: malformed CSV: a quote opened on line 3 is never closed (the file ends inside it)'
 */
export function syntaxError(file: string, error: unknown, at: SyntaxContext): unknown {
  if (!(error instanceof CsvError)) return error;
  // the bad record starts after the last good one and the blank lines skipped since
  const skipped = typeof error['empty_lines'] === 'number' ? error['empty_lines'] - at.emptyLines : 0;
  const startLine = at.nextLine + Math.max(0, skipped);
  const line = typeof error['lines'] === 'number' ? error['lines'] : startLine;
  const field = typeof error['column'] === 'number' ? at.headers[error['column']] : undefined;
  const inField = field === undefined ? '' : ` in field "${field}"`;
  let what: string;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      what = `a quote opened on line ${startLine} is never closed (the file ends inside it)`;
      break;
    case 'INVALID_OPENING_QUOTE':
      what =
        `line ${line}: a quote inside an unquoted field${inField} ` +
        `(quote the whole field and double the quote: "a ""b"" c")`;
      break;
    case 'CSV_INVALID_CLOSING_QUOTE':
      what = `line ${line}: text after the closing quote of a field${inField}`;
      break;
    default:
      what = `line ${line}: ${error.message}`;
  }
  const header = at.headers.length === 0;
  return new InputError('csv.syntax', `malformed CSV${header ? ' header' : ''}: ${what}`, {
    file,
    ...(header ? {} : { row: at.records + 1 }),
  });
}

/** What every reader returns: the raw table, plus what it could not read. */
import type { Table } from 'apache-arrow';
import type { RowIssue } from '../errors.js';
import type { FixCount } from '../schemas/quality-file.js';

/** A raw table read from one source file, with the row problems found while reading it. */
export interface ReadResult {
  /** The raw table (declared columns, then undeclared source columns, then `source_row`). */
  readonly table: Table;
  /** Rows or values that could not be read; those rows are absent from `table`. */
  readonly issues: readonly RowIssue[];
  /** The file read, as given. */
  readonly file: string;
  /** Source data rows seen (rows in `table` + rows dropped with an issue). */
  readonly rowsRead: number;
  /** Size of the file in bytes. */
  readonly bytes: number;
  /**
   * What the reader itself had to repair to keep a row, by rule name (e.g. `text.invalid_utf8`: values whose
   * invalid UTF-8 bytes became U+FFFD). Counted in quality.json beside the cleaning rules' fixes.
   */
  readonly fixes: Readonly<Record<string, FixCount>>;
  /** Workbooks: the name of the worksheet that was read. */
  readonly sheet?: string;
  /** A source of several files (orders from a folder or a glob): each file's rows and bytes, in read order. */
  readonly files?: readonly FileRead[];
}

/** One file of a source of several files: its path as found, the data rows seen in it and its size. */
export interface FileRead {
  readonly file: string;
  readonly rowsRead: number;
  readonly bytes: number;
}

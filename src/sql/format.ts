/** Prints a QueryResult as an aligned text table, as CSV (RFC 4180) or as JSON. */
import { isNumericType, type Cell, type QueryResult } from './query-result.js';

/** Options of `formatTable`. */
export interface TableFormatOptions {
  /** Print at most this many rows, then `… N more rows`. */
  readonly maxRows?: number;
}

/**
 * An aligned text table: a header, a rule, the rows (numbers right-aligned, null as `NULL`) and a row count.
 * @example
 * formatTable(result);
 * // order_year     profit
 * // ----------  ---------
 * //       2014   39185.75
 * //       2015   63073.09
 * // (2 rows)
 */
export function formatTable(
  result: QueryResult,
  { maxRows = Number.POSITIVE_INFINITY }: TableFormatOptions = {},
): string {
  const shown = result.rows.slice(0, Math.max(0, maxRows));
  const right = result.columns.map((c) => isNumericType(c.type));
  const body = shown.map((row) => row.map(tableText));
  const widths = result.columns.map((c, i) => Math.max(c.name.length, 1, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((text, i) => (right[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const hidden = result.rows.length - shown.length;
  const n = result.rows.length;
  const footer =
    hidden > 0 ? `… ${hidden} more row${hidden === 1 ? '' : 's'} (${n} in all)` : `(${n} row${n === 1 ? '' : 's'})`;
  return (
    [
      line(result.columns.map((c) => c.name)),
      widths.map((w) => '-'.repeat(w)).join('  '),
      ...body.map(line),
      footer,
    ].join('\n') + '\n'
  );
}

/**
 * CSV as in RFC 4180 with `\n` line ends: a header row, fields quoted when they hold `,` `"` or a line break,
 * null as an empty field and the empty string as `""`.
 * @example
 * formatCsv(result); // 'order_year,profit\n2014,39185.75\n'
 */
export function formatCsv(result: QueryResult): string {
  const lines = [result.columns.map((c) => csvField(c.name)), ...result.rows.map((row) => row.map(csvField))];
  return lines.map((fields) => `${fields.join(',')}\n`).join('');
}

/**
 * A JSON array with one object per row, one row per line; decimals and big integers stay exact text.
 * @example
 * formatJson(result); // '[\n{"order_year":2014,"profit":"39185.75"}\n]\n'
 */
export function formatJson(result: QueryResult): string {
  if (result.rows.length === 0) return '[]\n';
  const objects = result.rows.map((row) =>
    JSON.stringify(Object.fromEntries(result.columns.map((c, i) => [c.name, row[i] ?? null]))),
  );
  return `[\n${objects.join(',\n')}\n]\n`;
}

function tableText(cell: Cell): string {
  if (cell === null) return 'NULL';
  return String(cell).replace(/[\r\n\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

function csvField(cell: Cell): string {
  if (cell === null) return '';
  const text = String(cell);
  if (text === '' || /[",\r\n]/.test(text)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

/**
 * The answers as `ecomflow run` prints them: each one's name and file, then its table (top `maxRows` rows).
 * @example
 * formatAnswers(summary.answers);
 * // profit_by_year (sql/profit_by_year.csv)
 * //   order_year     profit
 * //   ...
 */
export function formatAnswers(
  answers: readonly { readonly name: string; readonly file: string; readonly result: QueryResult }[],
  maxRows = 10,
): string {
  return answers
    .map((a) => {
      const table = formatTable(a.result, { maxRows })
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`.trimEnd());
      return `\n${a.name} (${a.file})\n${table.join('\n')}\n`;
    })
    .join('');
}

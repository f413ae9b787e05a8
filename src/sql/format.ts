/** Prints a QueryResult held in memory as an aligned text table, as CSV (RFC 4180) or as JSON. */
import { csvHeader, csvLine, type CsvOptions } from './format-csv.js';
import { renderTable, type TableLayout } from './format-table.js';
import type { Cell, QueryResult, ResultColumn } from './query-result.js';

/** Options of `formatTable`. */
export interface TableFormatOptions extends TableLayout {
  /** Print at most this many rows, then `… N more rows (M in all)`. */
  readonly maxRows?: number;
}

/**
 * An aligned text table: a header, a rule, the rows (numbers right-aligned, null as `NULL`) and a row count,
 * fitted to `maxWidth` (see format-table.ts).
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
  { maxRows = Number.POSITIVE_INFINITY, ...layout }: TableFormatOptions = {},
): string {
  return renderTable(result.columns, result.rows.slice(0, Math.max(0, maxRows)), result.rows.length, layout);
}

/**
 * CSV as in RFC 4180 with `\n` line ends: a header row, fields quoted when they hold `,` `"` or a line break,
 * null as an empty field and the empty string as `""`; `escapeFormulas` defuses spreadsheet formulas in text.
 * @example
 * formatCsv(result); // 'order_year,profit\n2014,39185.75\n'
 */
export function formatCsv(result: QueryResult, options: CsvOptions = {}): string {
  const line = csvLine(result.columns, options);
  let text = csvHeader(result.columns);
  for (const row of result.rows) text += line(row);
  return text;
}

/**
 * A JSON array with one object per row, one row per line; decimals and big integers stay exact text.
 * @example
 * formatJson(result); // '[\n{"order_year":2014,"profit":"39185.75"}\n]\n'
 */
export function formatJson(result: QueryResult): string {
  if (result.rows.length === 0) return '[]\n';
  const object = jsonObject(result.columns);
  return `[\n${result.rows.map(object).join(',\n')}\n]\n`;
}

/**
 * A function that writes one row as a JSON object (one line, no separator); a repeated column name gets a
 * suffix as DuckDB gives it (`a`, `a:1`), so no value is lost to a duplicate key.
 */
export function jsonObject(columns: readonly ResultColumn[]): (row: readonly Cell[]) => string {
  const seen = new Map<string, number>();
  const keys = columns.map((c) => {
    const n = seen.get(c.name) ?? 0;
    seen.set(c.name, n + 1);
    return `${JSON.stringify(n === 0 ? c.name : `${c.name}:${n}`)}:`;
  });
  return (row) => {
    let text = '{';
    for (let i = 0; i < keys.length; i++) text += (i > 0 ? ',' : '') + keys[i]! + JSON.stringify(row[i] ?? null);
    return `${text}}`;
  };
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

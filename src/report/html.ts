/** Small HTML builders the report's sections share: tables of figures and money cells carrying exact values. */
import { escapeHtml, formatCount } from './format.js';
import { formatMoney } from './money.js';

/** One column of an HTML table: header, how to render a row's cell (HTML), and whether it holds a number. */
export interface TableColumn<T> {
  readonly header: string;
  readonly cell: (row: T) => string;
  readonly numeric?: boolean;
}

/** Options of `htmlTable`. */
export interface TableOptions {
  readonly id?: string;
  readonly className?: string;
  /** A last row (already rendered cells), e.g. totals. */
  readonly footer?: readonly string[];
}

/**
 * A `<table>` with a caption, header row, one row per item and an optional footer row.
 * @example
 * htmlTable('Profit by year', [{ header: 'Year', cell: (r) => String(r.year) }], [{ year: 2014 }]);
 * // '<table><caption>Profit by year</caption><thead><tr><th scope="col">Year</th></tr></thead>'
 * //   + '<tbody><tr><td>2014</td></tr></tbody></table>'
 */
export function htmlTable<T>(
  caption: string,
  columns: readonly TableColumn<T>[],
  rows: readonly T[],
  options: TableOptions = {},
): string {
  const cls = (c: TableColumn<T>): string => (c.numeric ? ' class="num"' : '');
  const head = columns.map((c) => `<th scope="col"${cls(c)}>${escapeHtml(c.header)}</th>`).join('');
  const body = rows.map((r) => `<tr>${columns.map((c) => `<td${cls(c)}>${c.cell(r)}</td>`).join('')}</tr>`).join('');
  const footCell = (f: string, i: number): string => {
    const tag = i === 0 ? 'th' : 'td';
    return `<${i === 0 ? 'th scope="row"' : 'td'}${columns[i]?.numeric ? ' class="num"' : ''}>${f}</${tag}>`;
  };
  const foot = options.footer ? `<tfoot><tr>${options.footer.map(footCell).join('')}</tr></tfoot>` : '';
  const id = options.id ? ` id="${escapeHtml(options.id)}"` : '';
  const className = options.className ? ` class="${escapeHtml(options.className)}"` : '';
  return (
    `<table${id}${className}><caption>${escapeHtml(caption)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${body}</tbody>${foot}</table>`
  );
}

/**
 * A money figure to the cent, with its exact decimal text in `data-value` (tests compare it to the warehouse).
 * @example
 * moneyHtml('-1234.5'); // '<span class="money neg" data-value="-1234.5">-$1,234.50</span>'
 */
export function moneyHtml(text: string): string {
  const formatted = formatMoney(text);
  const neg = formatted.startsWith('-') ? ' neg' : '';
  return `<span class="money${neg}" data-value="${escapeHtml(text)}">${formatted}</span>`;
}

/**
 * A count with separators, its exact value in `data-value`.
 * @example
 * countHtml(9994); // '<span class="count" data-value="9994">9,994</span>'
 */
export function countHtml(n: number): string {
  return `<span class="count" data-value="${n}">${formatCount(n)}</span>`;
}

/**
 * A rule or id in code style.
 * @example
 * codeHtml('order.bad_profit'); // '<code>order.bad_profit</code>'
 */
export function codeHtml(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}

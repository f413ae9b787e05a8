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
  /** `wide` tables sit in a sideways-scrolling box on narrow screens, marked as scrollable. */
  readonly className?: string;
  /** A last row (already rendered cells), e.g. totals. */
  readonly footer?: readonly string[];
}

/**
 * A `<table>` with a caption, header row, one row per item and an optional footer row. A `wide` table is wrapped
 * in a focusable scroll box (`div.scroll`) named by its caption, so it scrolls sideways on its own on a phone.
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
  const num = (c: TableColumn<T>): string => (c.numeric ? ' class="num"' : '');
  const head = columns.map((c) => `<th scope="col"${num(c)}>${escapeHtml(c.header)}</th>`).join('');
  const body = rows.map((r) => `<tr>${columns.map((c) => `<td${num(c)}>${c.cell(r)}</td>`).join('')}</tr>`).join('');
  const foot = options.footer
    ? `<tfoot><tr>${options.footer.map((f, i) => footCell(f, i, columns[i]?.numeric ?? false)).join('')}</tr></tfoot>`
    : '';
  const id = options.id ? ` id="${escapeHtml(options.id)}"` : '';
  const cls = options.className ? ` class="${escapeHtml(options.className)}"` : '';
  const table =
    `<table${id}${cls}><caption>${escapeHtml(caption)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${body}</tbody>${foot}</table>`;
  const wide = options.className?.split(' ').includes('wide') ?? false;
  return wide ? scrollBox(table, caption) : table;
}

/** A footer cell: the first is the row's header. */
function footCell(html: string, index: number, numeric: boolean): string {
  const first = index === 0;
  const tag = first ? 'th' : 'td';
  return `<${tag}${first ? ' scope="row"' : ''}${numeric ? ' class="num"' : ''}>${html}</${tag}>`;
}

/**
 * A focusable region that scrolls `html` sideways when it is wider than the screen, with a hint shown on
 * narrow screens and shadows at the edges that can be scrolled to.
 * @example
 * scrollBox('<table>…</table>', 'Fixes');
 * // '<div class="scroll" role="region" tabindex="0" aria-label="Fixes (scrolls sideways)">…</div>'
 */
export function scrollBox(html: string, label: string): string {
  const name = `${escapeHtml(label)} (scrolls sideways)`;
  return `<div class="scroll" role="region" tabindex="0" aria-label="${name}">${html}</div>`;
}

/**
 * A money figure to the cent, with its exact decimal text in `data-value` (tests compare it to the warehouse).
 * @example
 * moneyHtml('-1234.5'); // '<span class="money neg" data-value="-1234.5">-$1,234.50</span>'
 */
export function moneyHtml(text: string): string {
  const formatted = formatMoney(text);
  const cls = formatted.startsWith('-') ? 'money neg' : 'money';
  return `<span class="${cls}" data-value="${escapeHtml(text)}">${formatted}</span>`;
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

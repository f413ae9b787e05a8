/**
 * The text table: a header, a rule, the rows shown, and a footer counting every row. Fitted to a width as
 * DuckDB's CLI fits its boxes: text columns are narrowed (cells cut with `…`) until the line fits; numbers are
 * never cut (a cut number reads as a different number); when even narrowed columns do not fit, the last
 * columns are left out and the footer says how many.
 */
import { isNumericType, type Cell, type ResultColumn } from './query-result.js';

/** How a table is laid out. */
export interface TableLayout {
  /** The widest a line may be, in characters (default: no limit). */
  readonly maxWidth?: number;
}

/** Space between columns. */
const GAP = 2;
/** Text columns are not narrowed below this (or their natural width, when smaller). */
const MIN_TEXT_WIDTH = 5;

/**
 * Renders `rows` (the rows shown, already cut to the maximum) of a result of `total` rows.
 * @example
 * renderTable([{ name: 'n', type: 'BIGINT' }], [[1], [2]], 200000);
 * // 'n\n-\n1\n2\n… 199,998 more rows (200,000 in all)\n'
 */
export function renderTable(
  columns: readonly ResultColumn[],
  rows: readonly (readonly Cell[])[],
  total: number,
  { maxWidth = Number.POSITIVE_INFINITY }: TableLayout = {},
): string {
  const numeric = columns.map((c) => isNumericType(c.type));
  const header = columns.map((c) => escapeControls(c.name));
  const body = rows.map((row) => row.map(tableText));
  const natural = header.map((h) => Math.max(1, textWidth(h)));
  for (const cells of body) {
    for (let i = 0; i < cells.length; i++) natural[i] = Math.max(natural[i]!, textWidth(cells[i]!));
  }
  const widths = fitWidths(natural, numeric, maxWidth);
  const line = (cells: readonly string[]): string =>
    widths
      .map((w, i) => {
        const text = cut(cells[i]!, w);
        const pad = ' '.repeat(w - textWidth(text));
        return numeric[i] ? pad + text : text + pad;
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  const lines = [line(header), widths.map((w) => '-'.repeat(w)).join(' '.repeat(GAP))];
  for (const cells of body) lines.push(line(cells));
  const hiddenRows = total - rows.length;
  lines.push(
    hiddenRows > 0 ? `… ${count(hiddenRows, 'more row')} (${thousands(total)} in all)` : `(${count(total, 'row')})`,
  );
  const hiddenColumns = columns.length - widths.length;
  if (hiddenColumns > 0) lines.push(`… ${count(hiddenColumns, 'more column')} (${thousands(columns.length)} in all)`);
  return lines.join('\n') + '\n';
}

/**
 * The widths of the columns shown: their natural widths when the line fits `maxWidth`; else the text
 * columns cut to the largest common cap that fits (the room left over goes to the first cut columns); and
 * when even the narrowest text columns do not fit, as many leading columns as fit (at least one).
 * @example
 * fitWidths([10, 30, 4], [false, false, true], 30); // [10, 12, 4]
 */
export function fitWidths(natural: readonly number[], numeric: readonly boolean[], maxWidth: number): number[] {
  let shown = 0;
  let least = 0;
  for (let i = 0; i < natural.length; i++) {
    const w = numeric[i] ? natural[i]! : Math.min(natural[i]!, MIN_TEXT_WIDTH);
    const next = least + w + (i > 0 ? GAP : 0);
    if (i > 0 && next > maxWidth) break;
    least = next;
    shown = i + 1;
  }
  const widths = natural.slice(0, shown);
  if (lineWidth(widths) <= maxWidth) return widths;
  const capped = (cap: number): number[] => widths.map((w, i) => (numeric[i] ? w : Math.min(w, cap)));
  let low = 1;
  let high = 1;
  for (const w of widths) high = Math.max(high, w);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (lineWidth(capped(mid)) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  const out = capped(low);
  let spare = maxWidth - lineWidth(out);
  for (let i = 0; i < out.length && spare > 0; i++) {
    if (!numeric[i] && out[i]! < widths[i]!) {
      out[i] = out[i]! + 1;
      spare -= 1;
    }
  }
  return out;
}

function lineWidth(widths: readonly number[]): number {
  let sum = GAP * Math.max(0, widths.length - 1);
  for (const w of widths) sum += w;
  return sum;
}

/** A cell as the table prints it: null as `NULL`, control characters escaped so one row stays one line. */
export function tableText(cell: Cell): string {
  return cell === null ? 'NULL' : escapeControls(String(cell));
}

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/** `\n`, `\r`, `\t` as those escapes, other control characters (terminal escapes…) as `\x1b`. */
function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) =>
    c === '\n'
      ? '\\n'
      : c === '\r'
        ? '\\r'
        : c === '\t'
          ? '\\t'
          : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** The text cut to `width` characters, its last one `…` (spaces before it dropped), when it is wider. */
function cut(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  return (
    Array.from(text)
      .slice(0, Math.max(0, width - 1))
      .join('')
      .trimEnd() + '…'
  );
}

/** Characters (code points) of a text: a surrogate pair counts once. */
function textWidth(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n -= 1;
  }
  return n;
}

function count(n: number, noun: string): string {
  return `${thousands(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** `199960` → `199,960`. */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Cell → text: renders one xlsx cell value as the text a person sees in Excel, so the raw layer keeps what
 * the sheet shows (`80027`, `02005` under format `00000`, `TRUE`, `#N/A`) rather than a JS number or object.
 * Numbers follow the cell's number format when it is a simple one (`0`, `00000`, `0.00`, `#,##0.00`, `0%`);
 * any other format is shown as General. Dates become ISO `yyyy-mm-dd`, or `yyyy-mm-ddTHH:MM:SS` with a time.
 */
import type { CellValue } from 'exceljs';

/**
 * The text Excel shows for a cell value, or null for an empty cell (an empty string counts as empty).
 * `numFmt` is the cell's number format code; `date1904` the workbook's date system (for formula results).
 * @example cellText(7185624866, 'General') // → '7185624866'
 * @example cellText(2005, '00000')         // → '02005'
 * @example cellText({ formula: 'A1=1', result: true }, undefined) // → 'TRUE'
 */
export function cellText(value: CellValue, numFmt: string | undefined, date1904 = false): string | null {
  return render(value as unknown, numFmt, date1904);
}

/** Excel's General format: at most 15 significant digits, never an exponent, no trailing `.0`. */
function generalNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return plainDecimal(Number(n.toPrecision(15)));
}

/** Whether a number format code shows dates or times (the rule exceljs uses to turn numbers into dates). */
function isDateFormat(numFmt: string | undefined): boolean {
  if (numFmt === undefined) return false;
  const bare = numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(bare);
}

/** `yyyy-mm-dd`, or `yyyy-mm-ddTHH:MM:SS` when the time of day (rounded to the second) is not midnight. */
function isoDateTime(date: Date): string | null {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return null;
  const d = new Date(Math.round(ms / 1000) * 1000);
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h === 0 && m === 0 && s === 0 ? day : `${day}T${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`;
}

function render(value: unknown, numFmt: string | undefined, date1904: boolean): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number') {
    return isDateFormat(numFmt) ? isoDateTime(serialToDate(value, date1904)) : formatNumber(value, numFmt);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDateTime(value);
  if (typeof value !== 'object') return String(value);
  const cell = value as Record<string, unknown>;
  if ('formula' in cell || 'sharedFormula' in cell || 'result' in cell) {
    return render(cell['result'], numFmt, date1904);
  }
  if (Array.isArray(cell['richText'])) {
    const text = (cell['richText'] as { text?: unknown }[])
      .map((run) => (typeof run.text === 'string' ? run.text : ''))
      .join('');
    return text === '' ? null : text;
  }
  if ('error' in cell) return String(cell['error']);
  if ('text' in cell) return render(cell['text'], numFmt, date1904);
  return null;
}

/** A simple number format: optional grouping, `n` integer zeros, `.` and `d` decimal zeros, optional `%`. */
const SIMPLE_FORMAT = /^(#,##)?(0+)(?:\.(0+))?(%)?$/;

function formatNumber(n: number, numFmt: string | undefined): string {
  const simple = numFmt === undefined ? null : SIMPLE_FORMAT.exec(numFmt);
  if (simple === null || !Number.isFinite(n)) return generalNumber(n);
  const grouped = simple[1] !== undefined;
  const minInt = simple[2]!.length;
  const decimals = simple[3]?.length ?? 0;
  const percent = simple[4] !== undefined;
  const negative = n < 0;
  let [int, frac] = splitDecimal(generalNumber(Math.abs(n)));
  if (percent) [int, frac] = shiftLeft(int, frac, 2);
  [int, frac] = roundHalfUp(int, frac, decimals);
  int = int.replace(/^0+/, '').padStart(minInt, '0');
  if (grouped) int = int.replace(/\B(?=(\d{3})+$)/g, ',');
  const isZero = /^[0,]*$/.test(int) && /^0*$/.test(frac);
  return `${negative && !isZero ? '-' : ''}${int}${decimals > 0 ? `.${frac}` : ''}${percent ? '%' : ''}`;
}

/** The shortest round-trip decimal of `n`, written without an exponent. */
function plainDecimal(n: number): string {
  if (Object.is(n, -0)) return '0';
  const text = String(n);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const sign = text.startsWith('-') ? '-' : '';
  const [int, frac] = splitDecimal(text.slice(sign.length, e));
  const exponent = Number(text.slice(e + 1));
  const digits = int + frac;
  const point = int.length + exponent;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function splitDecimal(text: string): [string, string] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text, ''] : [text.slice(0, dot), text.slice(dot + 1)];
}

/** Multiplies an unsigned decimal by 10^places by moving its point. */
function shiftLeft(int: string, frac: string, places: number): [string, string] {
  const padded = frac.padEnd(places, '0');
  return [int + padded.slice(0, places), padded.slice(places)];
}

/** Rounds an unsigned decimal to `decimals` places, half away from zero, on its digits (no binary error). */
function roundHalfUp(int: string, frac: string, decimals: number): [string, string] {
  if (frac.length <= decimals) return [int, frac.padEnd(decimals, '0')];
  const kept = int + frac.slice(0, decimals);
  const digits = frac.charCodeAt(decimals) >= 53 ? (BigInt(kept) + 1n).toString().padStart(kept.length, '0') : kept;
  const intLength = digits.length - decimals;
  return [digits.slice(0, intLength) || '0', digits.slice(intLength)];
}

/** Excel serial day number → UTC date (1900 or 1904 date system), as exceljs converts date cells. */
function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

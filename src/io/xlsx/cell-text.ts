/**
 * Number → text, as the raw layer keeps a number cell: General numbers with at most 15 significant digits and
 * never an exponent (`7185624866`, `0.0000001`); simple fixed formats (`00000` → `02005`, `0.00`, `#,##0.00`,
 * `0%`) rounded half away from zero on the decimal digits; dates and times by the cell's number format, written
 * ISO-style (`2021-03-05`, `2021-03-05T13:45:30`, `13:45:30`), in the 1900 or 1904 date system.
 */
import type { FixedFormat, NumberFormat } from './number-format.js';

/**
 * The text for number `n` under `format`; `date1904` is the workbook's date system.
 * @example numberText(7185624866, GENERAL, false)             // → '7185624866'
 * @example numberText(2005, numberFormat('00000'), false)     // → '02005'
 * @example numberText(44000.5, numberFormat('d-mmm-yy'), false) // → '2020-06-18'
 */
export function numberText(n: number, format: NumberFormat, date1904: boolean): string {
  switch (format.kind) {
    case 'general':
      return generalNumber(n);
    case 'fixed':
      return fixedNumber(n, format.fixed!);
    default:
      return serialText(n, format, date1904) ?? generalNumber(n);
  }
}

/** Excel's General format: at most 15 significant digits, no exponent, no trailing `.0`. */
export function generalNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return plainDecimal(Number(n.toPrecision(15)));
}

/** The largest serial Excel shows as a date (9999-12-31 in the 1900 system). */
const MAX_SERIAL = 2958465;
const SECONDS_PER_DAY = 86_400;

/**
 * A date serial as text under a date, datetime or time format, or null when Excel would show `####`
 * (a negative date, or one past 9999-12-31). 1900 system: serial 60 is Excel's 1900-02-29, serial 0 its
 * 1900-01-00. Times are rounded to the second.
 */
function serialText(serial: number, format: NumberFormat, date1904: boolean): string | null {
  if (!(serial >= 0) || serial > MAX_SERIAL + 1) return null;
  let days = Math.floor(serial);
  let seconds = Math.round((serial - days) * SECONDS_PER_DAY);
  if (seconds === SECONDS_PER_DAY) {
    days++;
    seconds = 0;
  }
  const time = clock(seconds, format.elapsed ? days : 0);
  if (format.kind === 'time') return time;
  const day = date1904 ? civilDate(days + DAYS_1904) : excel1900Date(days);
  if (day === null) return null;
  return format.kind === 'date' ? day : `${day}T${time}`;
}

/** Days from 1970-01-01 back to each system's day 0: 1899-12-30 (1900 system, days ≥ 61), 1904-01-01. */
const DAYS_1900 = -25569;
const DAYS_1904 = -24107;

function excel1900Date(days: number): string | null {
  if (days === 0) return '1900-01-00';
  if (days === 60) return '1900-02-29';
  return civilDate(days + DAYS_1900 + (days < 60 ? 1 : 0));
}

/** `yyyy-mm-dd` for a count of days since 1970-01-01 (proleptic Gregorian), or null past year 9999. */
function civilDate(epochDays: number): string | null {
  const date = new Date(epochDays * SECONDS_PER_DAY * 1000);
  const year = date.getUTCFullYear();
  if (year > 9999) return null;
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

/** `HH:MM:SS` of a second of the day, plus `days` × 24 hours for an elapsed-time format. */
function clock(seconds: number, days: number): string {
  const hours = Math.floor(seconds / 3600) + days * 24;
  return `${pad(hours, 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
}

/**
 * An ISO 8601 date cell (`t="d"`) as text under its format: `2021-03-05`, `2021-03-05T13:45:30` or `13:45:30`;
 * null when the text is not an ISO date (the caller keeps it as read).
 */
export function isoDateText(iso: string, format: NumberFormat): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})?(?:T?(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(iso.trim());
  if (m === null || (m[1] === undefined && m[2] === undefined)) return null;
  const day = m[1];
  const time = m[2] === undefined ? '00:00:00' : m[2].length === 5 ? `${m[2]}:00` : m[2];
  if (format.kind === 'time' || day === undefined) return time;
  if (format.kind === 'date' || (format.kind !== 'datetime' && time === '00:00:00')) return day;
  return `${day}T${time}`;
}

/** A number under a fixed format: grouping, minimum integer digits, rounded decimals, percent. */
function fixedNumber(n: number, f: FixedFormat): string {
  if (!Number.isFinite(n)) return generalNumber(n);
  const negative = n < 0;
  let [int, frac] = splitDecimal(generalNumber(Math.abs(n)));
  if (f.percent) [int, frac] = shiftLeft(int, frac, 2);
  [int, frac] = roundHalfUp(int, frac, f.decimals);
  int = int.replace(/^0+/, '').padStart(f.minInt, '0');
  if (f.grouped) int = int.replace(/\B(?=(\d{3})+$)/g, ',');
  const isZero = /^[0,]*$/.test(int) && /^0*$/.test(frac);
  return `${negative && !isZero ? '-' : ''}${int}${f.decimals > 0 ? `.${frac}` : ''}${f.percent ? '%' : ''}`;
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

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Calendar dates as day numbers (days since 1970-01-01), by integer arithmetic: no `Date`, no time zone. */
import { jsTrimSql, letSql } from '../rules/spark-sql.js';
import { isSpaceCode } from './decimal-text.js';

/** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
const EPOCH_SHIFT = 719_468;
/** Days in a 400-year Gregorian era. */
const DAYS_PER_ERA = 146_097;

/** True when `year` is a Gregorian leap year. */
function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year`. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a valid proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * DAYS_PER_ERA + doe - EPOCH_SHIFT;
}

/** Year, month and day of a day number (Howard Hinnant's civil_from_days); works before 1970 too. */
function civilFromDays(dayNumber: number): [year: number, month: number, day: number] {
  if (!Number.isSafeInteger(dayNumber)) throw new RangeError(`day number must be an integer, got ${dayNumber}`);
  const z = dayNumber + EPOCH_SHIFT;
  const era = Math.floor(z / DAYS_PER_ERA);
  const doe = z - era * DAYS_PER_ERA;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** Reads `min`–`max` ASCII digits of `text` from `start` (not past `end`); returns [value, next index] or null. */
function readDigits(text: string, start: number, end: number, min: number, max: number): [number, number] | null {
  let i = start;
  let v = 0;
  while (i < end && i - start < max) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    i++;
  }
  return i - start < min ? null : [v, i];
}

/**
 * Parses `d/m/yyyy` (1- or 2-digit day and month) or ISO `yyyy-mm-dd` to days since 1970-01-01; null if impossible.
 *
 * Surrounding whitespace is allowed; the year must be 1000–9999 and the day must exist in that month and year.
 *
 * @example
 * ```ts
 * parseDayMonthYear('21/8/2016');   // 17034
 * parseDayMonthYear('2016-08-21');  // 17034
 * parseDayMonthYear('29/2/2015');   // null
 * ```
 */
export function parseDayMonthYear(text: string): number | null {
  let start = 0;
  let end = text.length;
  while (start < end && isSpaceCode(text.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;
  const iso = end - start === 10 && text.charCodeAt(start + 4) === 45; /* - */
  const parts = iso ? readIso(text, start, end) : readDayMonthYear(text, start, end);
  if (parts === null) return null;
  const [year, month, day] = parts;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

/** Reads `d/m/yyyy` spanning exactly `start`..`end`; [year, month, day] unvalidated, or null. */
function readDayMonthYear(text: string, start: number, end: number): [number, number, number] | null {
  const day = readDigits(text, start, end, 1, 2);
  if (day === null || text.charCodeAt(day[1]) !== 47 /* / */) return null;
  const month = readDigits(text, day[1] + 1, end, 1, 2);
  if (month === null || text.charCodeAt(month[1]) !== 47) return null;
  const year = readDigits(text, month[1] + 1, end, 4, 4);
  if (year === null || year[1] !== end) return null;
  return [year[0], month[0], day[0]];
}

/** Reads `yyyy-mm-dd` spanning exactly `start`..`end`; [year, month, day] unvalidated, or null. */
function readIso(text: string, start: number, end: number): [number, number, number] | null {
  const year = readDigits(text, start, end, 4, 4);
  if (year === null || text.charCodeAt(year[1]) !== 45 /* - */) return null;
  const month = readDigits(text, year[1] + 1, end, 2, 2);
  if (month === null || text.charCodeAt(month[1]) !== 45) return null;
  const day = readDigits(text, month[1] + 1, end, 2, 2);
  if (day === null || day[1] !== end) return null;
  return [year[0], month[0], day[0]];
}

/**
 * The calendar year of a day number (days since 1970-01-01).
 *
 * @example
 * ```ts
 * yearOfDay(17034);  // 2016
 * yearOfDay(-1);     // 1969
 * ```
 */
export function yearOfDay(day: number): number {
  return civilFromDays(day)[0];
}

/**
 * Formats a day number as ISO `yyyy-mm-dd`.
 *
 * @example
 * ```ts
 * formatDay(17034);  // '2016-08-21'
 * ```
 */
export function formatDay(day: number): string {
  const [y, m, d] = civilFromDays(day);
  const year = y < 0 ? `-${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0');
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `d/m/yyyy` and `yyyy-mm-dd` as Java regexes, the day, month and year in groups. */
const DMY_SQL = String.raw`r'^(\d{1,2})/(\d{1,2})/(\d{4})\z'`;
const ISO_SQL = String.raw`r'^(\d{4})-(\d{2})-(\d{2})\z'`;

/**
 * {@link parseDayMonthYear} as Spark SQL over the STRING expression `text`: a DATE, NULL when the text is not a
 * possible date (or NULL). The day is checked against its month (leap years too) before `make_date` sees it, so
 * an impossible date is NULL, never a failed job in ANSI mode.
 * @example
 * ```ts
 * parseDayMonthYearSql('order_date'); // '21/8/2016' → 2016-08-21, '29/2/2015' → NULL
 * ```
 */
export function parseDayMonthYearSql(text: string): string {
  const part = (regex: string, group: number): string => `try_cast(regexp_extract(t, ${regex}, ${group}) AS INT)`;
  const leap = '((p.y % 4 = 0 AND p.y % 100 <> 0) OR p.y % 400 = 0)';
  const days =
    `CASE WHEN p.m = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END ` + 'WHEN p.m IN (4, 6, 9, 11) THEN 30 ELSE 31 END';
  const valid = `p.y >= 1000 AND p.m BETWEEN 1 AND 12 AND p.d >= 1 AND p.d <= ${days}`;
  const ymd = (regex: string, y: number, m: number, d: number): string =>
    `CASE WHEN t RLIKE ${regex} THEN ${letSql(
      'p',
      `named_struct('y', ${part(regex, y)}, 'm', ${part(regex, m)}, 'd', ${part(regex, d)})`,
      `CASE WHEN ${valid} THEN make_date(p.y, p.m, p.d) END`,
    )} END`;
  return letSql(
    't',
    jsTrimSql(text),
    `CASE WHEN length(t) = 10 AND substr(t, 5, 1) = '-' THEN ${ymd(ISO_SQL, 1, 2, 3)} ` +
      `ELSE ${ymd(DMY_SQL, 3, 2, 1)} END`,
  );
}

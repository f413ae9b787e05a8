/** `phone.normalise`: North American (NANP) phone numbers in one form, `+1-AAA-BBB-CCCC` with an optional ` xEXT`. */
import type { CleaningRule } from './rule.js';
import { JS_DOT, JS_SPACE, jsTrimSql, letSql, sqlRegex } from './spark-sql.js';

/**
 * An extension at the end: `x`, `ext`, `ext.` or `extension` (any case), optional spaces/`.`/`:` after the marker,
 * then 1–10 digits. Group 1 is the number before it, group 2 the extension digits.
 */
const EXTENSION = /^(.*?)\s*(?:x|ext\.?|extension)[\s.:]*(\d{1,10})$/i;
/**
 * The number itself: an optional country prefix (`+1`, `001` or `1`, optionally followed by one separator) then
 * exactly 10 digits as 3-3-4, groups optionally separated by one space, `.` or `-`; the area code may sit in
 * parentheses. Groups: 1 = area code in parentheses, 2 = bare area code, 3 = exchange, 4 = line.
 */
const NUMBER = /^(?:(?:\+|00)?1[ .-]?)?(?:\((\d{3})\)[ .-]?|(\d{3})[ .-]?)(\d{3})[ .-]?(\d{4})$/;

/** A phone number split into its parts: the 10 national digits and the extension digits (or null). */
export interface PhoneParts {
  /** Area code, 3 digits. */
  readonly area: string;
  /** Exchange (central office) code, 3 digits. */
  readonly exchange: string;
  /** Line number, 4 digits. */
  readonly line: string;
  /** Extension digits as written (leading zeros kept), or null. */
  readonly extension: string | null;
}

/**
 * Parses a NANP phone number as written; null when it is not exactly 10 national digits (after an optional
 * `+1`/`001`/`1` prefix) with an optional extension.
 * @example
 * parsePhone('421.580.0902x9815'); // { area: '421', exchange: '580', line: '0902', extension: '9815' }
 * parsePhone('-6181');             // null
 */
export function parsePhone(value: string): PhoneParts | null {
  let number = value.trim();
  let extension: string | null = null;
  const ext = EXTENSION.exec(number);
  if (ext !== null) {
    number = ext[1] ?? '';
    extension = ext[2] ?? null;
  }
  const m = NUMBER.exec(number);
  if (m === null) return null;
  const area = m[1] ?? m[2];
  const exchange = m[3];
  const line = m[4];
  if (area === undefined || exchange === undefined || line === undefined) return null;
  return { area, exchange, line, extension };
}

/**
 * Normalises a phone number to `+1-AAA-BBB-CCCC` (plus ` xEXT` when it has an extension); null when it is not
 * a 10-digit North American number (`#ERROR!`, `-6181`, `12345`, letters).
 * @example
 * normalisePhone('(563)647-4830');        // '+1-563-647-4830'
 * normalisePhone('001-542-415-0246x314'); // '+1-542-415-0246 x314'
 * normalisePhone('202 555 0143 ext. 12'); // '+1-202-555-0143 x12'
 */
export function normalisePhone(value: string): string | null {
  const p = parsePhone(value);
  if (p === null) return null;
  const national = `+1-${p.area}-${p.exchange}-${p.line}`;
  return p.extension === null ? national : `${national} x${p.extension}`;
}

const EXTENSION_SQL = sqlRegex(
  String.raw`(?i)^(${JS_DOT}*?)[${JS_SPACE}]*(?:x|ext\.?|extension)[${JS_SPACE}.:]*(\d{1,10})\z`,
);
const NUMBER_SQL = sqlRegex(
  String.raw`^(?:(?:\+|00)?1[ .\-]?)?(?:\((\d{3})\)[ .\-]?|(\d{3})[ .\-]?)(\d{3})[ .\-]?(\d{4})\z`,
);

/**
 * {@link normalisePhone} as a Spark SQL expression over `value`.
 * @example
 * normalisePhoneSql('phone'); // "element_at(transform(array(regexp_replace(phone, …"
 */
export function normalisePhoneSql(value: string): string {
  const group = (n: number): string => `regexp_extract(n_, ${NUMBER_SQL}, ${n})`;
  const formatted =
    `CASE WHEN n_ RLIKE ${NUMBER_SQL} THEN concat('+1-', concat(${group(1)}, ${group(2)}), '-', ${group(3)}, ` +
    `'-', ${group(4)}, CASE WHEN x_ = '' THEN '' ELSE concat(' x', x_) END) END`;
  const number = `CASE WHEN t_ RLIKE ${EXTENSION_SQL} THEN regexp_extract(t_, ${EXTENSION_SQL}, 1) ELSE t_ END`;
  const parts = letSql('x_', `regexp_extract(t_, ${EXTENSION_SQL}, 2)`, letSql('n_', number, formatted));
  return letSql('t_', jsTrimSql(value), parts);
}

/** The `phone.normalise` rule (see {@link normalisePhone}); used for `phone`. */
export const phoneRule: CleaningRule = {
  name: 'phone.normalise',
  description: 'NANP numbers as +1-AAA-BBB-CCCC with an optional " xEXT"; null unless exactly 10 national digits.',
  clean: normalisePhone,
  sql: normalisePhoneSql,
};

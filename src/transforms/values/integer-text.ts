/** Integer text → JS number, exactly, for counts such as an order line's quantity. */
import { JS_SPACE, sqlRegex } from '../rules/spark-sql.js';
import { isSpaceCode } from './decimal-text.js';

/**
 * Parses integer text ("7", " 7 ", "7.0", "+7", "-3") to a number; null if not an integer or beyond ±2^53.
 *
 * A fraction is accepted only when it is all zeros (`7.`, `7.000`); exponents, commas and other text are null.
 * "Beyond ±2^53" means outside the safe-integer range ±(2^53 - 1), where a number could no longer be exact.
 *
 * @example
 * ```ts
 * parseInteger(' +7 ');  // 7
 * parseInteger('7.0');   // 7
 * parseInteger('7.5');   // null
 * ```
 */
export function parseInteger(text: string): number | null {
  const n = text.length;
  let i = 0;
  while (i < n && isSpaceCode(text.charCodeAt(i))) i++;
  let end = n;
  while (end > i && isSpaceCode(text.charCodeAt(end - 1))) end--;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = first === 45;
    i++;
  }
  const start = i;
  let v = 0;
  for (; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  if (i === start) return null;
  if (i < end) {
    if (text.charCodeAt(i) !== 46 /* . */) return null;
    for (i++; i < end; i++) if (text.charCodeAt(i) !== 48 /* 0 */) return null;
  }
  // Past 2^53 the running product may be inexact, but it can only round to another value past the limit.
  if (v > Number.MAX_SAFE_INTEGER) return null;
  return negative && v !== 0 ? -v : v;
}

/** What `parseInteger` accepts, as a Java regex: trimmed sign, digits, an optional all-zero fraction. */
const INTEGER_SQL = sqlRegex(String.raw`^[${JS_SPACE}]*[+-]?\d+(?:\.0*)?[${JS_SPACE}]*\z`);

/**
 * {@link parseInteger} as Spark SQL over the STRING expression `text`, limited to magnitudes ≤ `max` (default
 * 2^53 - 1): a BIGINT expression, NULL when the text is not such an integer (or NULL). Never fails in ANSI mode.
 * @example
 * ```ts
 * parseIntegerSql('quantity', 2147483647); // ' +7 ' → 7, '7.0' → 7, '7.5' → NULL
 * ```
 */
export function parseIntegerSql(text: string, max: number = Number.MAX_SAFE_INTEGER): string {
  const value = `try_cast(regexp_extract(${text}, r'([+-]?\\d+)', 1) AS BIGINT)`;
  return `CASE WHEN ${text} RLIKE ${INTEGER_SQL} THEN ` + `CASE WHEN abs(${value}) <= ${max} THEN ${value} END END`;
}

/** Exact decimal text → scaled bigint, rounded half away from zero from the digits themselves (never via float). */
import { JS_SPACE, jsTrimSql, sqlRegex } from '../rules/spark-sql.js';

/** Largest magnitude a DECIMAL(18, s) holds, as a scaled integer: 10^18 - 1. */
const MAX_SCALED = 999_999_999_999_999_999n;
/** A scaled result of at most this many digits fits exactly in a JS number (10^15 < 2^53). */
const FAST_DIGITS = 15;
/** Exponents are clamped here while parsing: no string is long enough for the clamp to change a result. */
const EXPONENT_CLAMP = 1e10;

/** True for the UTF-16 code units `String.prototype.trim` removes (ASCII, NBSP, BOM and Unicode spaces). */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return (
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** True for the code unit of an ASCII digit `0`–`9`. */
function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Throws unless `scale` is a whole number of decimal places a DECIMAL(18, s) can have (0–18). */
function checkScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 0 || scale > 18) {
    throw new RangeError(`decimal scale must be an integer from 0 to 18, got ${scale}`);
  }
}

/**
 * Parses decimal text to an integer scaled by 10^scale, rounding half away from zero (Spark's round). null if not
 * a number.
 *
 * Accepted: optional surrounding whitespace, optional sign, digits with an optional fraction (`12`, `12.`, `.5`),
 * optional exponent (`2.5E-3`). null for anything else (`''`, `'.'`, `'1,234'`, `'NaN'`, `'0x10'`, `'1e'`) and for
 * values whose scaled magnitude exceeds 10^18 - 1. Only the first dropped digit decides the rounding: ≥ 5 rounds
 * the magnitude up.
 *
 * @example
 * ```ts
 * parseDecimal('2.345', 2);   // 235n
 * parseDecimal('-0.005', 2);  // -1n
 * parseDecimal('1.5e-1', 1);  // 2n
 * parseDecimal('12%', 2);     // null
 * ```
 */
export function parseDecimal(text: string, scale: number): bigint | null {
  checkScale(scale);
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
  const intStart = i;
  while (i < end && isDigitCode(text.charCodeAt(i))) i++;
  const intEnd = i;
  let fracStart = i;
  let fracEnd = i;
  if (i < end && text.charCodeAt(i) === 46 /* . */) {
    fracStart = ++i;
    while (i < end && isDigitCode(text.charCodeAt(i))) i++;
    fracEnd = i;
  }
  if (intEnd === intStart && fracEnd === fracStart) return null;
  if (i === end && intEnd - intStart + scale <= FAST_DIGITS) {
    return fastScaled(text, intStart, intEnd, fracStart, fracEnd, scale, negative);
  }

  let exponent = 0;
  if (i < end) {
    const e = text.charCodeAt(i);
    if (e !== 101 /* e */ && e !== 69 /* E */) return null;
    i++;
    let expNegative = false;
    const s = text.charCodeAt(i);
    if (s === 45 || s === 43) {
      expNegative = s === 45;
      i++;
    }
    const expStart = i;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (!isDigitCode(c)) return null;
      if (exponent < EXPONENT_CLAMP) exponent = exponent * 10 + (c - 48);
    }
    if (i === expStart) return null;
    if (expNegative) exponent = -exponent;
  }
  const digits = text.slice(intStart, intEnd) + text.slice(fracStart, fracEnd);
  return slowScaled(digits, intEnd - intStart + exponent, scale, negative);
}

/** Rounds already-validated digits whose scaled integer part has ≤ 15 digits, exactly, in a JS number. */
function fastScaled(
  text: string,
  intStart: number,
  intEnd: number,
  fracStart: number,
  fracEnd: number,
  scale: number,
  negative: boolean,
): bigint {
  let v = 0;
  for (let k = intStart; k < intEnd; k++) v = v * 10 + (text.charCodeAt(k) - 48);
  const fracLen = fracEnd - fracStart;
  const kept = fracLen < scale ? fracLen : scale;
  for (let k = 0; k < kept; k++) v = v * 10 + (text.charCodeAt(fracStart + k) - 48);
  for (let k = kept; k < scale; k++) v *= 10;
  if (fracLen > scale && text.charCodeAt(fracStart + scale) >= 53 /* 5 */) v += 1;
  return BigInt(negative ? -v : v);
}

/**
 * Rounds the digit string `digits` with the decimal point after `point` digits (may be < 0 or > length) to
 * `scale` places in bigint; null when the result exceeds 10^18 - 1.
 */
function slowScaled(digits: string, point: number, scale: number, negative: boolean): bigint | null {
  const length = digits.length;
  let firstNonZero = 0;
  while (firstNonZero < length && digits.charCodeAt(firstNonZero) === 48) firstNonZero++;
  if (firstNonZero === length) return 0n;
  const cut = point + scale;
  if (cut - firstNonZero > 18) return null;
  const roundUp = cut >= 0 && cut < length && digits.charCodeAt(cut) >= 53;
  let kept = 0n;
  if (cut > firstNonZero) {
    const shown = digits.slice(firstNonZero, Math.min(cut, length));
    kept = BigInt(cut > length ? shown + '0'.repeat(cut - length) : shown);
  }
  const magnitude = roundUp ? kept + 1n : kept;
  if (magnitude > MAX_SCALED) return null;
  return negative ? -magnitude : magnitude;
}

/** Characters a spreadsheet or export leaves around a number, removed by `parseDecimalLenient`. */
const STRAY_SYMBOLS = '%$€£';
/** Quote characters removed from around a number by `parseDecimalLenient`. */
const QUOTES = `"'\u2018\u2019\u201c\u201d`;
/** An integer part with well-formed thousands commas: `1,234`, `12,345,678` (not `1,23` or `,123`). */
const GROUPED_INTEGER = /^\d{1,3}(?:,\d{3})+$/;

/**
 * Same, but first removes stray characters a spreadsheet or export leaves around a number; reports whether it did.
 *
 * Removed: surrounding quotes, `%`, `$`, `€`, `£` before or after the number (a sign may stand before a currency
 * symbol: `-$5`), and thousands commas when well-formed (`1,234.50`). Surrounding whitespace is trimmed but on
 * its own does not count as a fix. Anything else is left for `parseDecimal` to accept or reject.
 *
 * @example
 * ```ts
 * parseDecimalLenient('4797%', 2);      // { value: 479700n, cleaned: true }
 * parseDecimalLenient('$1,234.50', 2);  // { value: 123450n, cleaned: true }
 * parseDecimalLenient('  12.5 ', 2);    // { value: 1250n, cleaned: false }
 * parseDecimalLenient('12..5', 2);      // null
 * ```
 */
export function parseDecimalLenient(text: string, scale: number): { value: bigint; cleaned: boolean } | null {
  const plain = parseDecimal(text, scale);
  if (plain !== null) return { value: plain, cleaned: false };
  const stripped = stripStrays(text);
  if (stripped === null) return null;
  const value = parseDecimal(stripped, scale);
  return value === null ? null : { value, cleaned: true };
}

/** Removes quotes, currency/percent symbols and well-formed thousands commas; null when nothing was removed. */
function stripStrays(text: string): string | null {
  let start = 0;
  let end = text.length;
  let removed = false;
  const isStray = (c: string): boolean => STRAY_SYMBOLS.includes(c) || QUOTES.includes(c);
  while (start < end) {
    const c = text.charAt(start);
    if (isStray(c)) removed = true;
    else if (!isSpaceCode(c.charCodeAt(0))) break;
    start++;
  }
  while (end > start) {
    const c = text.charAt(end - 1);
    if (isStray(c)) removed = true;
    else if (!isSpaceCode(c.charCodeAt(0))) break;
    end--;
  }
  let sign = '';
  const signChar = text.charAt(start);
  if ((signChar === '-' || signChar === '+') && start + 1 < end && isStray(text.charAt(start + 1))) {
    sign = signChar;
    start++;
    removed = true;
    while (start < end && (isStray(text.charAt(start)) || isSpaceCode(text.charCodeAt(start)))) start++;
  }
  let core = text.slice(start, end);
  if (core.includes(',')) {
    const unsigned = core.charAt(0) === '-' || core.charAt(0) === '+' ? core.slice(1) : core;
    const integerPart = unsigned.split(/[.eE]/, 1)[0] ?? '';
    if (!GROUPED_INTEGER.test(integerPart)) return null;
    core =
      core.slice(0, core.length - unsigned.length) +
      integerPart.replaceAll(',', '') +
      unsigned.slice(integerPart.length);
    removed = true;
  }
  return removed ? sign + core : null;
}

/** What `parseDecimal` accepts, as a Java regex (surrounding whitespace as JavaScript's `trim` removes it). */
const DECIMAL_SQL = sqlRegex(String.raw`^[${JS_SPACE}]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[${JS_SPACE}]*\z`);
/** `STRAY_SYMBOLS` and `QUOTES` as a Java regex class body (quotes spelled as code points). */
const STRAYS_SQL = String.raw`%$\x{20AC}\x{A3}\x{22}\x{27}\x{2018}\x{2019}\x{201C}\x{201D}`;
/**
 * What `parseDecimalLenient` accepts when `parseDecimal` does not, as one Java regex: strays and spaces around
 * the number; a sign standing before a stray (group 1) or the number's own sign (group 2); the number (group 3)
 * with well-formed thousands commas in its integer part.
 */
const LENIENT_SQL = sqlRegex(
  String.raw`^[${STRAYS_SQL}${JS_SPACE}]*(?:([+-])[${STRAYS_SQL}][${STRAYS_SQL}${JS_SPACE}]*|([+-]?))` +
    String.raw`((?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[${STRAYS_SQL}${JS_SPACE}]*\z`,
);

/**
 * {@link parseDecimalLenient} as Spark SQL over the STRING expression `text` (a column, or an expression cheap to
 * repeat): `value` is a DECIMAL(18, scale) expression, rounded HALF_UP (half away from zero) by Spark's cast, NULL
 * when the text is not a number; `cleaned` is a BOOLEAN expression, true when strays had to be removed. Written
 * with `try_cast`, so in ANSI mode a bad value gives NULL and never fails the job.
 * @example
 * ```ts
 * const { value, cleaned } = parseDecimalLenientSql('price', 2);
 * `SELECT ${value} AS price, ${cleaned} AS price_cleaned FROM raw_orders`; // '4797%' → 4797.00, true
 * ```
 */
export function parseDecimalLenientSql(text: string, scale: number): { value: string; cleaned: string } {
  checkScale(scale);
  const type = `DECIMAL(18, ${scale})`;
  const plain = `${text} RLIKE ${DECIMAL_SQL}`;
  const group = (n: number): string => `regexp_extract(${text}, ${LENIENT_SQL}, ${n})`;
  const lenient = `try_cast(concat(${group(1)}, ${group(2)}, replace(${group(3)}, ',', '')) AS ${type})`;
  return {
    value: `CASE WHEN ${plain} THEN try_cast(${jsTrimSql(text)} AS ${type}) ELSE ${lenient} END`,
    cleaned: `coalesce(NOT (${plain}) AND ${lenient} IS NOT NULL, false)`,
  };
}

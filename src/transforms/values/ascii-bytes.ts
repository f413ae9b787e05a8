/**
 * The common forms of number text parsed straight from UTF-8 bytes (a text column's data between two offsets),
 * with no string per value. Each function handles only plain ASCII text it can answer exactly as the string
 * parser would; for anything else it returns NaN and the caller gives the decoded text to the string parser
 * (`parseDecimal`, `parseInteger`), which stays the one definition of the rules.
 */

/** At most this many digits of a scaled result are handled here: exact in a JS number (10^15 < 2^53). */
const FAST_DIGITS = 15;

/** True for the ASCII bytes `String.prototype.trim` removes (tab, line feed, vertical tab, form feed, CR, space). */
function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * `parseDecimal(text, scale)` of the ASCII text `bytes[start, end)` as a number (the scaled integer, exact), when
 * the text is a plain decimal (optional spaces, sign, digits, fraction; no exponent) of at most 15 digits once
 * scaled; NaN for any other text (non-ASCII, exponent, more digits, not a number): parse the decoded text then.
 * @example
 * plainDecimalAscii(Buffer.from('2.345'), 0, 5, 2); // 235 (as parseDecimal('2.345', 2) → 235n)
 * plainDecimalAscii(Buffer.from('1e3'), 0, 3, 2);   // NaN
 */
export function plainDecimalAscii(bytes: Uint8Array, start: number, end: number, scale: number): number {
  if (!(scale >= 0 && scale <= 18 && scale === Math.floor(scale))) return NaN;
  let i = start;
  while (i < end && isAsciiSpace(bytes[i]!)) i++;
  let e = end;
  while (e > i && isAsciiSpace(bytes[e - 1]!)) e--;
  let negative = false;
  if (i < e) {
    const first = bytes[i]!;
    if (first === 45 /* - */ || first === 43 /* + */) {
      negative = first === 45;
      i++;
    }
  }
  let v = 0;
  const intStart = i;
  for (; i < e; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  const intDigits = i - intStart;
  if (intDigits + scale > FAST_DIGITS) return NaN;
  let fracLen = 0;
  let roundUp = false;
  if (i < e && bytes[i] === 46 /* . */) {
    i++;
    const fracStart = i;
    for (; i < e; i++) {
      const d = bytes[i]! - 48;
      if (d < 0 || d > 9) break;
      const k = i - fracStart;
      if (k < scale) v = v * 10 + d;
      else if (k === scale) roundUp = d >= 5;
    }
    fracLen = i - fracStart;
  }
  if (i !== e || (intDigits === 0 && fracLen === 0)) return NaN;
  for (let k = fracLen; k < scale; k++) v *= 10;
  if (roundUp) v += 1;
  return negative ? -v : v;
}

/**
 * True when the ASCII plain decimal `bytes[start, end)` (one `plainDecimalAscii` accepted) has a non-zero digit
 * more than `places` after its point: `fractionBeyond` of its text.
 * @example
 * digitBeyondAscii(Buffer.from('2.345'), 0, 5, 2); // true
 * digitBeyondAscii(Buffer.from('2.340'), 0, 5, 2); // false
 */
export function digitBeyondAscii(bytes: Uint8Array, start: number, end: number, places: number): boolean {
  let dot = start;
  while (dot < end && bytes[dot] !== 46 /* . */) dot++;
  if (dot === end) return false;
  for (let i = dot + 1 + places; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 49 && c <= 57) return true;
  }
  return false;
}

/**
 * `parseInteger(text)` of the ASCII text `bytes[start, end)` when it is an integer (optional spaces, sign,
 * digits, an all-zero fraction) within ±(2^53 - 1); NaN for any other text: parse the decoded text then.
 * @example
 * plainIntegerAscii(Buffer.from(' +7 '), 0, 4); // 7
 * plainIntegerAscii(Buffer.from('7.5'), 0, 3);  // NaN (parseInteger says null)
 */
export function plainIntegerAscii(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && isAsciiSpace(bytes[i]!)) i++;
  let e = end;
  while (e > i && isAsciiSpace(bytes[e - 1]!)) e--;
  let negative = false;
  if (i < e) {
    const first = bytes[i]!;
    if (first === 45 /* - */ || first === 43 /* + */) {
      negative = first === 45;
      i++;
    }
  }
  const digits = i;
  let v = 0;
  for (; i < e; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  if (i === digits) return NaN;
  if (i < e) {
    if (bytes[i] !== 46 /* . */) return NaN;
    for (i++; i < e; i++) if (bytes[i] !== 48 /* 0 */) return NaN;
  }
  if (v > Number.MAX_SAFE_INTEGER) return NaN;
  return negative && v !== 0 ? -v : v;
}

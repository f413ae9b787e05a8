/**
 * The JSON token scanners: whitespace, strings, numbers and literals, each a small function over bytes that
 * returns the offset where its token ends. They make no strings and no objects on the way.
 *
 * The end mark. The reader writes a 0 byte just past the data (`buf[end] = Byte.EndMark`). Zero stops every scan —
 * it is not whitespace, not a byte a string may hold unescaped, not part of a number or a literal — so the inner
 * loops test no bounds; when a scan stops, the scanner asks whether it stopped at `end` (the token may go on in
 * the next chunk) or at a real byte.
 *
 * Out of bytes. A scanner that reaches `end` returns `Scanned.NeedMore` while more bytes may come; once the input is
 * `final` it throws the `json.truncated` error instead. Malformed input throws `JsonSyntaxError` with the offset
 * of the bad byte; the reader adds the file and the row (`tokenizer.ts`).
 *
 * The byte constants live in this file because the loops here run once per input byte: V8 folds a module's own
 * `const` into the code, but reads an imported one through its module cell on every use.
 */
/* eslint-disable @typescript-eslint/no-unsafe-enum-comparison -- a byte read is a number; `Byte` names it */
import { decodeUtf8 } from '../../table/utf8.js';

/** The bytes the JSON grammar names (ASCII codes). A `const enum`: every use compiles to the number itself. */
export const enum Byte {
  EndMark = 0x00, // written just past the data; stops every scan
  Backspace = 0x08, // \b
  Tab = 0x09, // \t
  Lf = 0x0a, // line feed (\n)
  FormFeed = 0x0c, // \f
  Cr = 0x0d, // carriage return (\r)
  Space = 0x20,
  Quote = 0x22, // "
  Plus = 0x2b,
  Comma = 0x2c, // ,
  Minus = 0x2d,
  Dot = 0x2e,
  Slash = 0x2f, // /
  Digit0 = 0x30,
  Digit9 = 0x39,
  Colon = 0x3a, // :
  UpperE = 0x45,
  OpenBracket = 0x5b, // [
  Backslash = 0x5c, // \\
  CloseBracket = 0x5d, // ]
  LowerA = 0x61,
  LowerB = 0x62,
  LowerE = 0x65,
  LowerF = 0x66,
  LowerL = 0x6c,
  LowerN = 0x6e,
  LowerR = 0x72,
  LowerS = 0x73,
  LowerT = 0x74,
  LowerU = 0x75,
  LowerZ = 0x7a,
  OpenBrace = 0x7b, // {
  CloseBrace = 0x7d, // }
}

/** A byte order mark's bytes (U+FEFF as UTF-8). */
export const BOM = Uint8Array.of(0xef, 0xbb, 0xbf);

/** What a scanner returns instead of an offset. */
export const enum Scanned {
  /** It reached the end of the bytes held, and more may come. */
  NeedMore = -1,
}

/** A malformed (`json.syntax`) or cut-short (`json.truncated`) document, at buffer offset `at`. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly rule: 'json.syntax' | 'json.truncated',
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** What `scanString` saw in the string it scanned. */
export interface StringScan {
  /** Its bytes ORed together: bit 7 set means a byte ≥ 0x80, so the text must be checked as UTF-8. */
  high: number;
  /** Whether it holds a backslash escape (its text must be decoded). */
  escaped: boolean;
}

/** Receives the line breaks `skipWhitespace` steps over. */
export interface LineCount {
  line: number;
}

/** The offset of the first byte from `p` that is not JSON whitespace; counts the line breaks passed. */
export function skipWhitespace(buf: Uint8Array, p: number, lines: LineCount): number {
  let c = buf[p]!;
  while (c <= Byte.Space) {
    if (c === Byte.Space || c === Byte.Tab || c === Byte.Cr) c = buf[++p]!;
    else if (c === Byte.Lf) {
      lines.line++;
      c = buf[++p]!;
    } else break; // another control byte (or the end mark): not whitespace
  }
  return p;
}

/**
 * Scans the body of a string, from `p` just after its opening quote: returns the offset of the closing quote
 * (and fills `scan`), or `Scanned.NeedMore`. Escapes are checked, not decoded (`unescape.ts` decodes them).
 */
export function scanString(buf: Uint8Array, p: number, end: number, final: boolean, scan: StringScan): number {
  let high = 0;
  let escaped = false;
  for (;;) {
    let c = buf[p]!;
    while (c !== Byte.Quote && c !== Byte.Backslash && c >= Byte.Space) {
      high |= c;
      c = buf[++p]!;
    }
    if (c === Byte.Quote) break;
    if (p === end) return outOfBytes(final, 'the file ends inside a string', p);
    if (c !== Byte.Backslash) {
      const message =
        c === Byte.Lf || c === Byte.Cr
          ? "unterminated string: expected '\"' before the end of the line"
          : `control character ${describeByte(c)} inside a string must be escaped`;
      throw new JsonSyntaxError('json.syntax', message, p);
    }
    const length = escapeLength(buf, p, end);
    if (length === Scanned.NeedMore) return outOfBytes(final, 'the file ends inside a string', p);
    p += length;
    escaped = true;
  }
  scan.high = high;
  scan.escaped = escaped;
  return p;
}

/** The length of the escape at the backslash `buf[p]` (2, or 6 for `\uXXXX`), or `Scanned.NeedMore` if it is cut. */
function escapeLength(buf: Uint8Array, p: number, end: number): number {
  if (p + 1 >= end) return Scanned.NeedMore;
  const e = buf[p + 1]!;
  if (e === Byte.LowerU) {
    if (p + 5 >= end) return Scanned.NeedMore;
    if (!(isHexDigit(buf[p + 2]!) && isHexDigit(buf[p + 3]!) && isHexDigit(buf[p + 4]!) && isHexDigit(buf[p + 5]!))) {
      const message = `invalid escape '${decodeUtf8(buf, p, p + 6)}' in a string: expected \\u and 4 hex digits`;
      throw new JsonSyntaxError('json.syntax', message, p);
    }
    return 6;
  }
  const simple =
    e === Byte.Quote ||
    e === Byte.Backslash ||
    e === Byte.Slash ||
    e === Byte.LowerB ||
    e === Byte.LowerF ||
    e === Byte.LowerN ||
    e === Byte.LowerR ||
    e === Byte.LowerT;
  if (!simple) throw new JsonSyntaxError('json.syntax', `invalid escape '\\${String.fromCharCode(e)}' in a string`, p);
  return 2;
}

/**
 * Scans a number from its first byte `p` (a digit or '-'): returns the offset just past it, or `NeedMore`.
 * It must be a number as JSON writes it, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, checked in the
 * same pass; when it is not, the error shows its whole lexeme (every byte that may appear in a number).
 */
export function scanNumber(buf: Uint8Array, p: number, end: number, final: boolean): number {
  let q = p;
  if (buf[q] === Byte.Minus) q++;
  // the integer part: 0, or a digit 1-9 and more digits
  if (buf[q] === Byte.Digit0) q++;
  else if (isDigit(buf[q]!)) q = skipDigits(buf, q + 1);
  else return badNumber(buf, p, q, end, final);
  // the fraction: '.' and at least one digit
  if (buf[q] === Byte.Dot) {
    if (!isDigit(buf[q + 1]!)) return badNumber(buf, p, q, end, final);
    q = skipDigits(buf, q + 2);
  }
  // the exponent: 'e' or 'E', a sign or not, and at least one digit
  if (buf[q] === Byte.LowerE || buf[q] === Byte.UpperE) {
    q++;
    if (buf[q] === Byte.Plus || buf[q] === Byte.Minus) q++;
    if (!isDigit(buf[q]!)) return badNumber(buf, p, q, end, final);
    q = skipDigits(buf, q + 1);
  }
  if (isNumberByte(buf[q]!)) return badNumber(buf, p, q, end, final); // "01", "1.2.3", "1-2"
  if (q === end && !final) return Scanned.NeedMore; // the next chunk may go on with it
  return q;
}

/**
 * The number from `p` broke the grammar at `q`: `NeedMore` if its lexeme runs to the end of the bytes held (more
 * may complete it), else throws `invalid number '…'`.
 */
function badNumber(buf: Uint8Array, p: number, q: number, end: number, final: boolean): number {
  while (isNumberByte(buf[q]!)) q++;
  if (q === end && !final) return Scanned.NeedMore;
  throw new JsonSyntaxError('json.syntax', `invalid number '${decodeUtf8(buf, p, Math.min(q, p + 40))}'`, p);
}

/** The offset of the first byte from `q` that is not a digit (the end mark stops it). */
function skipDigits(buf: Uint8Array, q: number): number {
  while (isDigit(buf[q]!)) q++;
  return q;
}

function isDigit(c: number): boolean {
  return c >= Byte.Digit0 && c <= Byte.Digit9;
}

/** Whether `c` may appear in a number: a digit, '.', '-', '+', 'e' or 'E'. */
function isNumberByte(c: number): boolean {
  return isDigit(c) || c === Byte.Dot || c === Byte.Minus || c === Byte.LowerE || c === Byte.UpperE || c === Byte.Plus;
}

const TRUE = Uint8Array.of(Byte.LowerT, Byte.LowerR, Byte.LowerU, Byte.LowerE);
const FALSE = Uint8Array.of(Byte.LowerF, Byte.LowerA, Byte.LowerL, Byte.LowerS, Byte.LowerE);
const NULL = Uint8Array.of(Byte.LowerN, Byte.LowerU, Byte.LowerL, Byte.LowerL);

/**
 * Scans `true`, `false` or `null` from its first byte `p` (a lowercase letter): returns the offset just past it,
 * or `Scanned.NeedMore`. A literal starting with 'n' is `null`.
 */
export function scanLiteral(buf: Uint8Array, p: number, end: number, final: boolean): number {
  let q = p;
  let c = buf[q]!;
  while (c >= Byte.LowerA && c <= Byte.LowerZ) c = buf[++q]!;
  if (q === end && !final) return Scanned.NeedMore;
  if (!(bytesEqual(buf, p, q, NULL) || bytesEqual(buf, p, q, TRUE) || bytesEqual(buf, p, q, FALSE))) {
    throw new JsonSyntaxError('json.syntax', `expected a value, found '${decodeUtf8(buf, p, Math.min(q, p + 20))}'`, p);
  }
  return q;
}

function bytesEqual(buf: Uint8Array, s: number, e: number, word: Uint8Array): boolean {
  if (e - s !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (buf[s + i] !== word[i]) return false;
  return true;
}

/** Whether `c` may start a number ('-' or a digit). */
export function startsNumber(c: number): boolean {
  return isDigit(c) || c === Byte.Minus;
}

/** Whether `c` may start a literal (a lowercase letter: `true`, `false`, `null` or a misspelling of one). */
export function startsLiteral(c: number): boolean {
  return c >= Byte.LowerA && c <= Byte.LowerZ;
}

/** Whether `c` is a hexadecimal digit. */
export function isHexDigit(c: number): boolean {
  return isDigit(c) || ((c | 0x20) >= Byte.LowerA && (c | 0x20) <= Byte.LowerF);
}

/** `Scanned.NeedMore` while more bytes may come; at the end of the input throws `json.truncated` (`message`). */
export function outOfBytes(final: boolean, message: string, at: number): number {
  if (final) throw new JsonSyntaxError('json.truncated', message, at);
  return Scanned.NeedMore;
}

/** A byte as an error message shows it: `'x'`, `a line break`, `byte 0x09`. */
export function describeByte(c: number): string {
  if (c === Byte.Lf) return 'a line break';
  if (c === Byte.Cr) return 'a carriage return';
  if (c > Byte.Space && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}

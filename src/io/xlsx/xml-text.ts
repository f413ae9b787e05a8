/**
 * XML character data → text, as an XML parser and then Excel read it: UTF-8 decoded (invalid bytes become
 * U+FFFD and are reported), line ends normalized (`\r\n`, `\r` → `\n`), the five entities and character
 * references decoded exactly once, and for SpreadsheetML strings (ST_Xstring) the `_xHHHH_` escapes undone.
 */
import { isUtf8 } from 'node:buffer';
import { XmlError } from './xml-scanner.js';

const AMP = 38;
const CR = 13;
const UNDERSCORE = 95;

/** A decoded text and whether it had to be repaired (invalid UTF-8 or a lone surrogate → U+FFFD). */
export interface DecodedText {
  readonly text: string;
  readonly repaired: boolean;
}

/**
 * Whether `buf[start, end)` can be used as it is: no entity, no carriage return and, when `xstring`, no `_x`
 * escape. (Validity of the UTF-8 is checked separately, per window.)
 */
export function isPlain(buf: Uint8Array, start: number, end: number, xstring: boolean): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === AMP || c === CR || (xstring && c === UNDERSCORE && buf[i + 1] === 120)) return false;
  }
  return true;
}

/**
 * Decodes raw character data `buf[start, end)`: see the module comment. Throws XmlError on an unknown entity.
 * @example
 * decodeText(Buffer.from('a &amp;lt; b_x000D_'), 0, 18, true) // → { text: 'a &lt; b\r', repaired: false }
 */
export function decodeText(buf: Buffer, start: number, end: number, xstring: boolean): DecodedText {
  const valid = isUtf8(buf.subarray(start, end));
  let text = buf.toString('utf8', start, end);
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (text.includes('&')) text = decodeEntities(text);
  if (xstring && text.includes('_x')) text = unescapeXstring(text);
  const fixed = LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATE_ALL, '\uFFFD') : text;
  return { text: fixed, repaired: !valid || fixed !== text };
}

/** A surrogate without its pair (from `_xD800_` or `&#xD800;`-like escapes): not text, and not valid UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g');

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and `&#N;` / `&#xN;` references; throws XmlError on anything else. */
export function decodeEntities(text: string): string {
  let out = '';
  let last = 0;
  for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', last)) {
    const semi = text.indexOf(';', amp);
    const ref = semi < 0 ? '' : text.slice(amp + 1, semi);
    let decoded: string | undefined;
    if (/^#x[0-9a-fA-F]{1,6}$/.test(ref)) decoded = character(parseInt(ref.slice(2), 16));
    else if (/^#[0-9]{1,7}$/.test(ref)) decoded = character(parseInt(ref.slice(1), 10));
    else decoded = NAMED[ref];
    if (decoded === undefined)
      throw new XmlError(
        semi < 0 || semi - amp > 12 ? 'it has a bare "&"' : `it has an unknown entity "&${ref};" (XML knows five)`,
      );
    out += text.slice(last, amp) + decoded;
    last = semi + 1;
  }
  return out + text.slice(last);
}

function character(code: number): string | undefined {
  const allowed =
    code === 9 ||
    code === 10 ||
    code === 13 ||
    (code >= 0x20 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff));
  return allowed && code !== 0xfffe && code !== 0xffff ? String.fromCodePoint(code) : undefined;
}

/** Undoes ST_Xstring escapes: `_x000D_` → CR, `_x005F_` → `_` (so `_x005F_x0041_` stays `_x0041_`). */
export function unescapeXstring(text: string): string {
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

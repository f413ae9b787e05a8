/**
 * Decodes the body of a JSON string that holds backslash escapes into UTF-8 bytes. Only strings with escapes
 * come here (the others are copied as they are). A lone surrogate escape (`\ud800` not followed by a low
 * surrogate, or a low one alone) cannot be written as UTF-8: it becomes U+FFFD and the value counts as repaired.
 */
/* eslint-disable @typescript-eslint/no-unsafe-enum-comparison -- a byte read is a number; `Byte` names it */
import { Byte } from './scan.js';

/** Decodes escaped string bodies into a reusable buffer. */
export class Unescaper {
  /** The decoded bytes of the last `decode` call, from offset 0. */
  bytes = new Uint8Array(256);
  /** Whether the last `decode` call replaced a lone surrogate escape by U+FFFD. */
  replacedSurrogate = false;

  /** Decodes the string body `src[start, end)` (its escapes already checked) into `bytes`; returns its length. */
  decode(src: Uint8Array, start: number, end: number): number {
    // an escape never decodes to more bytes than it is written with
    if (this.bytes.length < end - start) this.bytes = new Uint8Array(Math.max(this.bytes.length * 2, end - start));
    const out = this.bytes;
    this.replacedSurrogate = false;
    let n = 0;
    let i = start;
    while (i < end) {
      const c = src[i]!;
      if (c !== Byte.Backslash) {
        out[n++] = c;
        i++;
        continue;
      }
      const e = src[i + 1]!;
      i += 2;
      if (e !== Byte.LowerU) {
        out[n++] = simpleEscape(e);
        continue;
      }
      let cp = hex4(src, i);
      i += 4;
      if (cp >= 0xd800 && cp <= 0xdbff) {
        // a high surrogate: with the low one that follows, one code point
        const low = i + 6 <= end && src[i] === Byte.Backslash && src[i + 1] === Byte.LowerU ? hex4(src, i + 2) : -1;
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          i += 6;
        } else {
          cp = 0xfffd;
          this.replacedSurrogate = true;
        }
      } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        cp = 0xfffd;
        this.replacedSurrogate = true;
      }
      n = putUtf8(out, n, cp);
    }
    return n;
  }
}

/** The byte a two-character escape `\e` stands for (`\n` → Byte.Lf; `\"`, `\\`, `\/` → themselves). */
function simpleEscape(e: number): number {
  switch (e) {
    case Byte.LowerN:
      return Byte.Lf;
    case Byte.LowerT:
      return Byte.Tab;
    case Byte.LowerR:
      return Byte.Cr;
    case Byte.LowerB:
      return Byte.Backspace;
    case Byte.LowerF:
      return Byte.FormFeed;
    default:
      return e;
  }
}

/** Writes code point `cp` at `out[n]` as UTF-8; returns the offset after it. */
function putUtf8(out: Uint8Array, n: number, cp: number): number {
  if (cp < 0x80) out[n++] = cp;
  else if (cp < 0x800) {
    out[n++] = 0xc0 | (cp >> 6);
    out[n++] = 0x80 | (cp & 0x3f);
  } else if (cp < 0x10000) {
    out[n++] = 0xe0 | (cp >> 12);
    out[n++] = 0x80 | ((cp >> 6) & 0x3f);
    out[n++] = 0x80 | (cp & 0x3f);
  } else {
    out[n++] = 0xf0 | (cp >> 18);
    out[n++] = 0x80 | ((cp >> 12) & 0x3f);
    out[n++] = 0x80 | ((cp >> 6) & 0x3f);
    out[n++] = 0x80 | (cp & 0x3f);
  }
  return n;
}

/** The value of the 4 hex digits at `b[i]`. */
function hex4(b: Uint8Array, i: number): number {
  return (hexValue(b[i]!) << 12) | (hexValue(b[i + 1]!) << 8) | (hexValue(b[i + 2]!) << 4) | hexValue(b[i + 3]!);
}

/** The value of the hex digit `c` (already checked): '0'–'9', 'a'–'f', 'A'–'F'. */
function hexValue(c: number): number {
  return c <= Byte.Digit9 ? c - Byte.Digit0 : (c | 0x20) - Byte.LowerA + 10; // | 0x20: lower case
}

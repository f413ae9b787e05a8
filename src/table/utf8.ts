/**
 * The UTF-8 rule for text entering a table: invalid byte sequences become U+FFFD, exactly as WHATWG decoding
 * (`TextDecoder`, and Spark's JSON reader) does, so no table — and no Parquet file — ever holds invalid UTF-8.
 * Checks are cheap on the common path: an ASCII run is scanned byte by byte, `isUtf8` runs only from the first
 * byte ≥ 0x80, and only a value that is actually invalid is decoded.
 */
import { isUtf8 } from 'node:buffer';

// ignoreBOM: a value that starts with U+FEFF keeps it (a file's BOM is the reader's business, not a value's)
const replacing = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * True when `bytes[start, end)` is valid UTF-8.
 * @example
 * isValidUtf8(Buffer.from('Zoë'), 0, 4) // → true
 * isValidUtf8(Uint8Array.of(0x41, 0xff), 0, 2) // → false
 */
export function isValidUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end && bytes[i]! < 0x80) i++;
  return i === end || isUtf8(bytes.subarray(i, end));
}

/**
 * `bytes[start, end)` decoded as UTF-8, each invalid sequence replaced by U+FFFD (WHATWG decoding).
 * @example
 * decodeUtf8(Uint8Array.of(0x41, 0xff, 0xfe, 0x42), 0, 4) // → 'A\uFFFD\uFFFDB'
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  return replacing.decode(bytes.subarray(start, end));
}

/**
 * True when `text` holds a lone surrogate (which UTF-8 cannot encode: writing it gives U+FFFD).
 * @example
 * hasLoneSurrogate('a\uD800b') // → true
 * hasLoneSurrogate('😀') // → false
 */
export function hasLoneSurrogate(text: string): boolean {
  return !(text as string & { isWellFormed(): boolean }).isWellFormed();
}

/**
 * Skips one whole JSON value, checking its syntax: an object or array nested in a row (kept as its source text)
 * or a row that is not an object (reported, not read). Containers may nest as deep as the input goes: the open
 * ones are kept on an explicit stack, not on the call stack.
 */
/* eslint-disable @typescript-eslint/no-unsafe-enum-comparison -- a byte read is a number; `Byte` names it */
import {
  JsonSyntaxError,
  describeByte,
  outOfBytes,
  scanLiteral,
  scanNumber,
  scanString,
  skipWhitespace,
  startsLiteral,
  startsNumber,
  type LineCount,
  type StringScan,
  Byte,
  Scanned,
} from './scan.js';

/** The kind of an open container. */
const enum Container {
  Object = 1,
  Array = 2,
}

/** What comes next inside the innermost open container. */
const enum Next {
  FirstKey = 0, // after '{': a key or '}'
  Key = 1, // after ',' in an object: a key
  Colon = 2, // after a key: ':'
  Value = 3, // after ':', or after ',' in an array: a value
  FirstValue = 4, // after '[': a value or ']'
  AfterValue = 5, // after a value: ',' or the closing bracket
}

/** The containers open while a value is skipped, and what its strings held. */
export class Nesting {
  /** Container.Object or Container.Array per open container, outermost first; grows with the input. */
  kinds: Uint8Array = new Uint8Array(32);
  /** The bytes of every string in the last container skipped, ORed together (see `StringScan.high`). */
  high = 0;
}

/** The message of a file that ends inside `container` (`'an object'`), where `expected` should have come. */
export function endsInside(container: 'an object' | 'an array', expected: string): string {
  return `the file ends inside ${container}: expected ${expected}`;
}

/** Skips the value at `p`, of any kind: returns the offset just past it, or `Scanned.NeedMore`. */
export function skipValue(
  buf: Uint8Array,
  p: number,
  end: number,
  final: boolean,
  lines: LineCount,
  nesting: Nesting,
  scan: StringScan,
): number {
  const c = buf[p]!;
  if (c === Byte.OpenBrace || c === Byte.OpenBracket) return skipContainer(buf, p, end, final, lines, nesting, scan);
  return skipScalar(buf, p, end, final, scan);
}

/** Skips the string, number or literal at `p`: returns the offset just past it, or `Scanned.NeedMore`. */
export function skipScalar(buf: Uint8Array, p: number, end: number, final: boolean, scan: StringScan): number {
  const c = buf[p]!;
  if (c === Byte.Quote) {
    const close = scanString(buf, p + 1, end, final, scan);
    return close === Scanned.NeedMore ? Scanned.NeedMore : close + 1;
  }
  if (startsNumber(c)) return scanNumber(buf, p, end, final);
  if (startsLiteral(c)) return scanLiteral(buf, p, end, final);
  throw new JsonSyntaxError('json.syntax', `expected a value, found ${describeByte(c)}`, p);
}

/**
 * Skips the object or array opening at `p`, with everything in it: returns the offset just past its closing
 * bracket, or `Scanned.NeedMore`; `nesting.high` then holds its strings' bytes ORed.
 */
export function skipContainer(
  buf: Uint8Array,
  p: number,
  end: number,
  final: boolean,
  lines: LineCount,
  nesting: Nesting,
  scan: StringScan,
): number {
  let depth = 1;
  let high = 0;
  let next = open(nesting, 0, buf[p]!);
  p++;
  for (;;) {
    p = skipWhitespace(buf, p, lines);
    if (p === end) return outOfBytes(final, endsInsideContainer(nesting.kinds[depth - 1]!, next), p);
    const c = buf[p]!;
    // every case either goes on with `continue` or breaks out at the container's closing bracket
    switch (next) {
      case Next.AfterValue: {
        const kind = nesting.kinds[depth - 1]!;
        if (c === Byte.Comma) {
          next = kind === Container.Object ? Next.Key : Next.Value;
          p++;
          continue;
        }
        if (c !== (kind === Container.Object ? Byte.CloseBrace : Byte.CloseBracket)) {
          const closer = kind === Container.Object ? '}' : ']';
          throw new JsonSyntaxError(
            'json.syntax',
            `expected ',' or '${closer}' after a value, found ${describeByte(c)}`,
            p,
          );
        }
        break;
      }
      case Next.FirstKey:
      case Next.Key: {
        if (c === Byte.CloseBrace && next === Next.FirstKey) {
          break;
        }
        if (c !== Byte.Quote) {
          const expected = next === Next.FirstKey ? "a key string or '}' after '{'" : "a key string after ','";
          throw new JsonSyntaxError('json.syntax', `expected ${expected}, found ${describeByte(c)}`, p);
        }
        const close = scanString(buf, p + 1, end, final, scan);
        if (close === Scanned.NeedMore) return Scanned.NeedMore;
        high |= scan.high;
        p = close + 1;
        next = Next.Colon;
        continue;
      }
      case Next.Colon: {
        if (c !== Byte.Colon) {
          throw new JsonSyntaxError('json.syntax', `expected ':' after a key, found ${describeByte(c)}`, p);
        }
        p++;
        next = Next.Value;
        continue;
      }
      default: {
        // Next.Value or Next.FirstValue
        if (c === Byte.CloseBracket && next === Next.FirstValue) {
          break;
        }
        if (c === Byte.OpenBrace || c === Byte.OpenBracket) {
          next = open(nesting, depth++, c);
          p++;
          continue;
        }
        const after = skipScalar(buf, p, end, final, scan);
        if (after === Scanned.NeedMore) return Scanned.NeedMore;
        if (c === Byte.Quote) high |= scan.high;
        p = after;
        next = Next.AfterValue;
        continue;
      }
    }
    p++;
    if (--depth === 0) {
      nesting.high = high;
      return p;
    }
    next = Next.AfterValue;
  }
}

/** Pushes the container opened by `c` ('{' or '[') at `depth`; returns what comes first in it. */
function open(nesting: Nesting, depth: number, c: number): Next {
  if (depth === nesting.kinds.length) nesting.kinds = grown(nesting.kinds);
  nesting.kinds[depth] = c === Byte.OpenBrace ? Container.Object : Container.Array;
  return c === Byte.OpenBrace ? Next.FirstKey : Next.FirstValue;
}

/** The `json.truncated` message for input ending inside a container of `kind` (a `Container`) where `next` was due. */
function endsInsideContainer(kind: number, next: Next): string {
  const closer = kind === Container.Object ? "'}'" : "']'";
  const expected = next === Next.Colon ? "':'" : next === Next.Value ? 'a value' : closer;
  return endsInside(kind === Container.Object ? 'an object' : 'an array', expected);
}

function grown(kinds: Uint8Array): Uint8Array {
  const next = new Uint8Array(kinds.length * 2);
  next.set(kinds);
  return next;
}

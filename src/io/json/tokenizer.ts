/**
 * Streams JSON bytes — one top-level array of objects, or NDJSON (one value per line) — into a
 * `RawTableBuilder`, row by row, without making an object per row or a string per value.
 *
 * How it reads:
 * - Bytes arrive in chunks (`reserve`, `append`, then `run`). Between rows the reader keeps only its place in
 *   the document (`Input.phase`); whitespace and the array's brackets and commas may be split anywhere.
 * - A row is read whole or not at all: when a chunk ends inside a row, the reader keeps the row's bytes and
 *   reads it again from its first byte once the bytes held for it have doubled (so a huge row is scanned a
 *   bounded number of times). No token therefore has to be resumed in the middle.
 * - A row object's values are staged as byte ranges (`row.ts`) and written at its closing '}': values keep their
 *   source text — numbers their exact lexeme, nested objects and arrays their JSON text — and an unescaped string
 *   is copied as UTF-8 bytes. A row that repeats a key, or is not an object, is skipped with a `RowIssue`.
 * - Invalid UTF-8 never reaches the table: each string's bytes are ORed as it is scanned (`scan.ts`); a value
 *   with no byte ≥ 0x80 is ASCII and copied unchecked, the others are checked by the builder, and only an invalid
 *   one is decoded, its bad sequences replaced by U+FFFD and counted (`text.invalid_utf8`).
 * - Errors name the file, the row (array element number, or NDJSON line) and the byte offset in the file.
 */
/* eslint-disable @typescript-eslint/no-unsafe-enum-comparison -- a byte read is a number; `Byte` names it */
import { InputError, type RowIssue, type RuleName, type Where } from '../../errors.js';
import type { RawTableBuilder } from '../../table/raw-builder.js';
import { decodeUtf8 } from '../../table/utf8.js';
import { KeyColumns } from './keys.js';
import { Nesting, endsInside, skipContainer, skipValue } from './nested.js';
import { RowInProgress, ValueKind } from './row.js';
import { Unescaper } from './unescape.js';
import {
  BOM,
  JsonSyntaxError,
  describeByte,
  outOfBytes,
  scanLiteral,
  scanNumber,
  scanString,
  skipWhitespace,
  startsLiteral,
  startsNumber,
  type StringScan,
  Byte,
  Scanned,
} from './scan.js';

/** How rows are laid out in the file: one top-level array, or one value per line. */
export type JsonLayout = 'array' | 'ndjson';

/** Where the reader is in the document, between rows. */
const enum Phase {
  AtBom = 0, // the start of the file: an optional UTF-8 byte order mark
  AtStart = 1, // before the first value, which decides the layout
  ArrayFirst = 2, // after the top-level '[': an element or ']'
  ArrayNext = 3, // after ',' between elements: an element
  ArrayAfter = 4, // after an element: ',' or ']'
  ArrayTrailing = 5, // after the closing ']': only whitespace
  LineStart = 6, // ndjson: before a line's value (blank lines are skipped)
  LineEnd = 7, // ndjson: after a line's value: only blanks until the line break
  InRow = 8, // at the first byte of a row, which is read whole or not at all
  Done = 9,
}

/** Characters of a non-object row kept in its row issue. */
const ISSUE_TEXT_CHARS = 200;
const TOP_ARRAY_UNCLOSED = "the file ends before the closing ']' of the top-level array";

/** The bytes held and the reader's place in them. */
interface Input {
  /** Bytes `[0, end)` are held; `buffer[end]` is room for the end mark (see `scan.ts`). */
  buffer: Uint8Array;
  end: number;
  /** Where reading resumes: between rows, or at the first byte of a row not read yet. */
  pos: number;
  /** The file offset of `buffer[0]`. */
  base: number;
  /** The line being read (line breaks are counted as whitespace is skipped). */
  line: number;
  phase: Phase;
  /** A row cut by the end of the bytes is tried again once this many of its bytes are held. */
  retryBytes: number;
}

/** What the reader was told about its source. */
interface Source {
  readonly file: string;
  /** Fixed by the caller, or decided by the first byte (`[` array, `{` NDJSON) when null. */
  layout: JsonLayout | null;
}

/** Streams JSON bytes into a raw table builder; see the module comment. Feed with `reserve`/`append`/`run`. */
export class JsonRowReader {
  /** Row problems found so far (those rows are not in the table). */
  readonly issues: RowIssue[] = [];
  /** Array elements / non-blank NDJSON lines read so far. */
  rowsRead = 0;

  private readonly input: Input;
  private readonly source: Source;
  private readonly row = new RowInProgress();
  private readonly nesting = new Nesting();
  private readonly scan: StringScan = { high: 0, escaped: false };
  private readonly unescaper = new Unescaper();
  private readonly keys: KeyColumns;

  constructor(
    private readonly builder: RawTableBuilder,
    file: string,
    layout: JsonLayout | null,
    chunkSize: number,
  ) {
    const buffer = new Uint8Array(Math.max(16, chunkSize * 2));
    this.input = { buffer, end: 0, pos: 0, base: 0, line: 1, phase: Phase.AtBom, retryBytes: 0 };
    this.source = { file, layout };
    this.keys = new KeyColumns(builder, this.unescaper);
  }

  /** The working buffer: write the bytes read at the offset `reserve` returned. */
  get buffer(): Uint8Array {
    return this.input.buffer;
  }

  /** Makes room for `n` more bytes after those still needed; returns the buffer offset to write them at. */
  reserve(n: number): number {
    const input = this.input;
    if (input.buffer.length - input.end > n) return input.end; // '>': one byte stays free for the end mark
    const keep = input.pos;
    const live = input.end - keep;
    // grow when the bytes kept fill half the buffer, so each byte is moved a bounded number of times
    if (live + n + 1 > input.buffer.length || live * 2 > input.buffer.length) {
      const next = new Uint8Array(Math.max(input.buffer.length * 2, live + n + 1));
      next.set(input.buffer.subarray(keep, input.end));
      input.buffer = next;
    } else {
      input.buffer.copyWithin(0, keep, input.end);
    }
    input.base += keep;
    input.end -= keep;
    input.pos -= keep;
    return input.end;
  }

  /** Declares that `n` bytes were written at the offset `reserve` returned. */
  append(n: number): void {
    this.input.end += n;
  }

  /** Reads what the buffer holds; at the end of the file (`eof`) checks that the document is complete. */
  run(eof: boolean): void {
    const input = this.input;
    if (!eof && input.phase === Phase.InRow && input.end - input.pos < input.retryBytes) return;
    input.buffer[input.end] = Byte.EndMark;
    try {
      this.read(eof);
    } catch (error) {
      if (error instanceof JsonSyntaxError) throw this.fail(error.rule, error.message, error.at);
      throw error;
    }
  }

  /** Reads on from `input.pos` until the bytes run out (`final`: no more will come) or the document ends. */
  private read(final: boolean): void {
    const input = this.input;
    const buf = input.buffer;
    const end = input.end;
    for (;;) {
      let p = input.pos;
      switch (input.phase) {
        case Phase.AtBom:
          if (end - p < BOM.length && !final && (p === end || buf[p] === BOM[0])) return;
          if (buf[p] === BOM[0] && buf[p + 1] === BOM[1] && buf[p + 2] === BOM[2] && end - p >= BOM.length) p += 3;
          input.pos = p;
          input.phase = Phase.AtStart;
          continue;

        case Phase.AtStart:
          p = input.pos = skipWhitespace(buf, p, input);
          if (p === end) {
            if (!final) return;
            const message = 'the file is empty: expected a JSON array of objects or one JSON object per line';
            throw this.fail('json.empty', message, p, false);
          }
          input.phase = this.startLayout(buf[p]!, p);
          if (input.phase === Phase.ArrayFirst) input.pos = p + 1;
          continue;

        case Phase.ArrayFirst:
        case Phase.ArrayNext:
          p = input.pos = skipWhitespace(buf, p, input);
          if (p === end) {
            outOfBytes(final, TOP_ARRAY_UNCLOSED, p);
            return;
          }
          if (input.phase === Phase.ArrayFirst && buf[p] === Byte.CloseBracket) {
            input.pos = p + 1;
            input.phase = Phase.ArrayTrailing;
          } else input.phase = Phase.InRow;
          continue;

        case Phase.ArrayAfter: {
          p = input.pos = skipWhitespace(buf, p, input);
          if (p === end) {
            outOfBytes(final, TOP_ARRAY_UNCLOSED, p);
            return;
          }
          const c = buf[p]!;
          if (c !== Byte.Comma && c !== Byte.CloseBracket) {
            const message = `expected ',' or ']' after an array element, found ${describeByte(c)}`;
            throw new JsonSyntaxError('json.syntax', message, p);
          }
          input.pos = p + 1;
          input.phase = c === Byte.Comma ? Phase.ArrayNext : Phase.ArrayTrailing;
          continue;
        }

        case Phase.ArrayTrailing:
          p = input.pos = skipWhitespace(buf, p, input);
          if (p === end) {
            if (final) input.phase = Phase.Done;
            return;
          }
          throw this.fail(
            'json.trailing',
            `unexpected ${describeByte(buf[p]!)} after the closing ']' of the top-level array`,
            p,
          );

        case Phase.LineStart:
          p = input.pos = skipWhitespace(buf, p, input);
          if (p === end) {
            if (final) input.phase = Phase.Done;
            return;
          }
          input.phase = Phase.InRow;
          continue;

        case Phase.LineEnd: {
          let c = buf[p]!;
          while (c === Byte.Space || c === Byte.Tab || c === Byte.Cr) c = buf[++p]!;
          input.pos = p;
          if (p === end) {
            if (final) input.phase = Phase.Done;
            return;
          }
          if (c !== Byte.Lf) {
            const message = `expected the end of the line after the value, found ${describeByte(c)}`;
            throw new JsonSyntaxError('json.syntax', message, p);
          }
          input.line++;
          input.pos = p + 1;
          input.phase = Phase.LineStart;
          continue;
        }

        case Phase.InRow: {
          const after = this.readRow(buf, p, end, final);
          if (after === Scanned.NeedMore) {
            input.line = this.row.line; // the row is read again from its first byte
            input.retryBytes = 2 * (end - p);
            return;
          }
          input.retryBytes = 0;
          input.pos = after;
          input.phase = this.source.layout === 'array' ? Phase.ArrayAfter : Phase.LineEnd;
          continue;
        }

        default:
          return;
      }
    }
  }

  /** Fixes the layout from the first byte `c` of the document (at `p`) if not given; returns the next phase. */
  private startLayout(c: number, p: number): Phase {
    const source = this.source;
    if (source.layout === null) {
      if (c === Byte.OpenBracket) source.layout = 'array';
      else if (c === Byte.OpenBrace) source.layout = 'ndjson';
      else {
        const expected = "a JSON array '[' or one JSON object per line '{' at the top level";
        const message = `expected ${expected}, found ${describeByte(c)}`;
        throw this.fail('json.not_array', message, p, false);
      }
    }
    if (source.layout === 'ndjson') return Phase.LineStart;
    if (c !== Byte.OpenBracket) {
      throw this.fail(
        'json.not_array',
        `expected a JSON array '[' at the top level, found ${describeByte(c)}`,
        p,
        false,
      );
    }
    return Phase.ArrayFirst;
  }

  /** Reads the row starting at `p`: returns the offset just past it, or `Scanned.NeedMore` (nothing of it is kept). */
  private readRow(buf: Uint8Array, p: number, end: number, final: boolean): number {
    const line = this.input.line;
    this.row.begin(this.source.layout === 'ndjson' ? line : this.rowsRead + 1, line);
    if (buf[p] === Byte.OpenBrace) return this.readObjectRow(buf, p, end, final);
    const after = skipValue(buf, p, end, final, this.input, this.nesting, this.scan);
    if (after !== Scanned.NeedMore) this.skipNotObject(buf, p, after);
    return after;
  }

  /** Reads the row object whose '{' is at `p`, member by member; writes it at its '}'. */
  private readObjectRow(buf: Uint8Array, p: number, end: number, final: boolean): number {
    const input = this.input;
    const row = this.row;
    const scan = this.scan;
    p = skipWhitespace(buf, p + 1, input);
    if (p === end) return outOfBytes(final, endsInside('an object', "'}'"), p);
    if (buf[p] === Byte.CloseBrace) return this.endObjectRow(buf, p + 1);
    let first = true;
    for (;;) {
      // the key, and its column: rows repeat their keys in order, so the key predicted for this place is tried first
      if (buf[p] !== Byte.Quote) {
        const expected = first ? "a key string or '}' after '{'" : "a key string after ','";
        throw new JsonSyntaxError('json.syntax', `expected ${expected}, found ${describeByte(buf[p]!)}`, p);
      }
      const keyStart = p + 1;
      const at = row.members++;
      let keyEnd = this.keys.matchPrediction(at, buf, keyStart, end);
      let column: number;
      if (keyEnd >= 0) column = this.keys.predictedColumnAt(at);
      else {
        keyEnd = scanString(buf, keyStart, end, final, scan);
        if (keyEnd === Scanned.NeedMore) return Scanned.NeedMore;
        column = this.keys.columnOf(at, buf, keyStart, keyEnd, scan.escaped, scan.high);
      }
      if (!row.claim(column)) row.duplicateKey ??= this.keys.text(buf, keyStart, keyEnd);

      // ':'
      p = skipWhitespace(buf, keyEnd + 1, input);
      if (p === end) return outOfBytes(final, endsInside('an object', "':'"), p);
      if (buf[p] !== Byte.Colon) {
        throw new JsonSyntaxError('json.syntax', `expected ':' after a key, found ${describeByte(buf[p]!)}`, p);
      }

      // the value
      p = skipWhitespace(buf, p + 1, input);
      if (p === end) return outOfBytes(final, endsInside('an object', 'a value'), p);
      p = this.readMemberValue(buf, p, end, final, column);
      if (p === Scanned.NeedMore) return Scanned.NeedMore;

      // ',' or '}'
      p = skipWhitespace(buf, p, input);
      if (p === end) return outOfBytes(final, endsInside('an object', "'}'"), p);
      const c = buf[p]!;
      if (c === Byte.CloseBrace) return this.endObjectRow(buf, p + 1);
      if (c !== Byte.Comma) {
        throw new JsonSyntaxError('json.syntax', `expected ',' or '}' after a value, found ${describeByte(c)}`, p);
      }
      p = skipWhitespace(buf, p + 1, input);
      if (p === end) return outOfBytes(final, endsInside('an object', "'}'"), p);
      first = false;
    }
  }

  /** Reads the value at `p` of a row object's member and stages it for `column`; returns the offset after it. */
  private readMemberValue(buf: Uint8Array, p: number, end: number, final: boolean, column: number): number {
    const c = buf[p]!;
    const scan = this.scan;
    if (c === Byte.Quote) {
      const close = scanString(buf, p + 1, end, final, scan);
      if (close === Scanned.NeedMore) return Scanned.NeedMore;
      this.row.stage(
        column,
        (scan.escaped ? ValueKind.Escaped : ValueKind.Raw) | (scan.high >= 0x80 ? ValueKind.High : 0),
        p + 1,
        close,
      );
      return close + 1;
    }
    if (startsNumber(c)) {
      const after = scanNumber(buf, p, end, final);
      if (after !== Scanned.NeedMore) this.row.stage(column, ValueKind.Raw, p, after);
      return after;
    }
    if (c === Byte.OpenBrace || c === Byte.OpenBracket) {
      const after = skipContainer(buf, p, end, final, this.input, this.nesting, scan);
      if (after !== Scanned.NeedMore)
        this.row.stage(column, this.nesting.high >= 0x80 ? ValueKind.Raw | ValueKind.High : ValueKind.Raw, p, after);
      return after;
    }
    if (startsLiteral(c)) {
      const after = scanLiteral(buf, p, end, final);
      // null stages nothing: the cell stays null
      if (after !== Scanned.NeedMore && c !== Byte.LowerN) this.row.stage(column, ValueKind.Raw, p, after);
      return after;
    }
    throw new JsonSyntaxError('json.syntax', `expected a value, found ${describeByte(c)}`, p);
  }

  /** Ends the row object whose '}' is just before `after`: writes it, or skips it for its duplicate key. */
  private endObjectRow(buf: Uint8Array, after: number): number {
    const row = this.row;
    this.rowsRead++;
    if (row.duplicateKey === null) row.write(this.builder, buf, this.unescaper);
    else {
      this.issues.push({
        row: row.number,
        column: row.duplicateKey,
        value: null,
        rule: 'json.duplicate_key',
        message: `the object has the key "${row.duplicateKey}" more than once`,
      });
    }
    return after;
  }

  /** Skips the row `buf[start, end)`, which is not an object, with a `json.not_an_object` issue. */
  private skipNotObject(buf: Uint8Array, start: number, end: number): void {
    this.rowsRead++;
    const row = this.row.number;
    const text = decodeUtf8(buf, start, Math.min(end, start + ISSUE_TEXT_CHARS * 4));
    const what = this.source.layout === 'ndjson' ? `line ${row}` : `array element ${row}`;
    this.issues.push({
      row,
      column: null,
      value: text.slice(0, ISSUE_TEXT_CHARS),
      rule: 'json.not_an_object',
      message: `${what} is ${kindOf(buf[start]!)}, not an object`,
    });
  }

  /** The error `rule` at buffer offset `at`, naming the file, the byte and (`withRow`) the row being read. */
  private fail(rule: RuleName, message: string, at: number, withRow = true): InputError {
    const row = withRow ? this.rowAt() : undefined;
    const offset = this.input.base + at;
    const where: Where =
      row === undefined ? { file: this.source.file, offset } : { file: this.source.file, row, offset };
    return new InputError(rule, message, where);
  }

  /** The row an error at this point belongs to: the NDJSON line, else the element being (or last) read. */
  private rowAt(): number | undefined {
    if (this.source.layout === 'ndjson') return this.input.line;
    if (this.input.phase === Phase.InRow) return this.row.number;
    return this.rowsRead > 0 ? this.rowsRead : undefined;
  }
}

/** What a row that is not an object is, from its first byte. */
function kindOf(c: number): string {
  if (c === Byte.OpenBracket) return 'an array';
  if (c === Byte.Quote) return 'a string';
  if (c === Byte.LowerN) return 'null';
  if (startsLiteral(c)) return 'a boolean';
  return 'a number';
}

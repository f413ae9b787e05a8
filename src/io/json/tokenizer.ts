/**
 * A resumable byte-level JSON state machine that feeds a `RawTableBuilder` from a JSON array of objects or
 * from NDJSON. Bytes arrive in chunks: when a token is split across chunks the machine saves its state and
 * resumes where it stopped, so every byte is scanned once. The bytes of the row being read stay in the
 * buffer until the row's closing `}`; its values are staged as byte ranges and written only then, so a row
 * with a duplicate key can be skipped whole. No object is made per row and no string per value on the fast
 * path (an unescaped value is copied as UTF-8 bytes).
 *
 * Invalid UTF-8 never reaches the table: the string scan ORs its bytes together, so a value (or key) in which
 * no byte ≥ 0x80 was seen is ASCII and is copied unchecked; only the others are validated (`isUtf8`), and only
 * an invalid one is decoded, its bad sequences replaced by U+FFFD and counted (`text.invalid_utf8`).
 */
import { InputError, type RowIssue, type RuleName, type Where } from '../../errors.js';
import type { RawTableBuilder } from '../../table/raw-builder.js';
import { decodeUtf8, isValidUtf8 } from '../../table/utf8.js';

/** How rows are laid out in the file: one top-level array, or one value per line. */
export type JsonLayout = 'array' | 'ndjson';

// States of the machine.
const S_BOM = 0; // start of file: an optional UTF-8 byte order mark
const S_START = 1; // before the first value: decides the layout
const S_LINE_START = 2; // ndjson: before a line's value (blank lines skipped)
const S_VALUE = 3; // a value is expected
const S_STRING = 4; // inside a string (key or value)
const S_NUMBER = 5; // inside a number
const S_LITERAL = 6; // inside true / false / null
const S_VALUE_DONE = 7; // a value just ended (no byte consumed)
const S_AFTER_VALUE = 8; // inside a container after a value: ',' or the closing bracket
const S_OBJ_FIRST = 9; // after '{': a key or '}'
const S_OBJ_KEY = 10; // after ',' in an object: a key
const S_COLON = 11; // after a key: ':'
const S_ARR_FIRST = 12; // after '[': a value or ']'
const S_AFTER_LINE = 13; // ndjson: after a line's value, only blanks until the line break
const S_TRAILING = 14; // array: after the closing ']', only whitespace
const S_DONE = 15;

// Container kinds on the stack.
const OBJ = 1;
const ARR = 2;

// Kinds of a staged value.
const K_RAW = 0; // bytes copied as they are (unescaped string body, number, true/false, nested JSON)
const K_ESCAPED = 1; // string body holding backslash escapes
const K_NULL = 2;
/** Flag on a staged kind: a byte ≥ 0x80 was seen in the value, so its UTF-8 must be checked. */
const K_HIGH = 4;

/** Characters of a non-object row kept in its row issue. */
const ISSUE_TEXT_CHARS = 200;

/** Streams JSON bytes into a raw table builder; see the module comment. Feed with `reserve`/`append`/`run`. */
export class JsonRowReader {
  /** The working buffer: bytes `[0, end)` are held, the ones from `pos` on are not parsed yet. */
  buffer: Uint8Array;
  /** Row problems found so far (those rows are not in the table). */
  readonly issues: RowIssue[] = [];
  /** Array elements / non-blank ndjson lines seen. */
  rowsRead = 0;

  private end = 0;
  private base = 0; // file offset of buffer[0]
  private pos = 0;
  private state = S_BOM;
  private layout: JsonLayout | null;
  private elementDepth = 0; // nesting depth at which rows (array elements / lines) are values
  private rowDepth = 1; // nesting depth inside a row object
  private depth = 0;
  private stack = new Uint8Array(32);
  private line = 1;
  private tokenStart = 0;
  private nestedStart = 0;
  private isKey = false;
  private hasEscape = false;
  /** The bytes of the current row-level value (or key) ORed together: bit 7 set = not ASCII. */
  private high = 0;
  private column = -1;

  // the current row (array element or ndjson line)
  private inElement = false;
  private elemStart = 0;
  private elemRow = 0;
  private elemCount = 0;
  private rowIsObject = false;
  private rowSerial = 0;
  private duplicateKey: string | null = null;

  // staged values of the current row object
  private staged = 0;
  private stCol = new Int32Array(32);
  private stStart = new Int32Array(32);
  private stEnd = new Int32Array(32);
  private stKind = new Uint8Array(32);
  private colStamp = new Int32Array(32);

  // key → column: a Map by key text, plus a prediction of the key at each position (rows repeat their keys)
  private readonly keyColumns = new Map<string, number>();
  private readonly predictedKey: Uint8Array[] = [];
  private readonly predictedCol: number[] = [];
  private keyIndex = 0;

  private scratch = new Uint8Array(256);
  /** Set to 1 by `unescapeInto` when a lone surrogate escape (`\ud800`) became U+FFFD. */
  private readonly replaced = new Uint8Array(1);

  constructor(
    private readonly builder: RawTableBuilder,
    private readonly file: string,
    layout: JsonLayout | null,
    chunkSize: number,
  ) {
    this.layout = layout;
    this.buffer = new Uint8Array(Math.max(16, chunkSize * 2));
  }

  /** Makes room for `n` more bytes after those still needed; returns the buffer offset to write them at. */
  reserve(n: number): number {
    if (this.buffer.length - this.end >= n) return this.end;
    const keep = this.inElement ? this.elemStart : this.pos;
    const live = this.end - keep;
    // grow when the bytes kept fill half the buffer, so each byte is moved a bounded number of times
    if (live + n > this.buffer.length || live * 2 > this.buffer.length) {
      const next = new Uint8Array(Math.max(this.buffer.length * 2, live + n));
      next.set(this.buffer.subarray(keep, this.end));
      this.buffer = next;
    } else {
      this.buffer.copyWithin(0, keep, this.end);
    }
    this.shift(keep);
    return this.end;
  }

  /** Declares that `n` bytes were written at the offset `reserve` returned. */
  append(n: number): void {
    this.end += n;
  }

  /** Parses what the buffer holds; at end of file (`eof`) checks that the document is complete. */
  run(eof: boolean): void {
    const buf = this.buffer;
    const end = this.end;
    let p = this.pos;
    let state = this.state;
    let depth = this.depth;
    let line = this.line;
    let tokenStart = this.tokenStart;
    let nestedStart = this.nestedStart;
    let isKey = this.isKey;
    let hasEscape = this.hasEscape;
    let high = this.high;
    let column = this.column;
    let vKind = K_RAW;
    let vStart = 0;
    let vEnd = 0;
    let c = 0;

    main: for (;;) {
      switch (state) {
        case S_BOM: {
          if (p >= end && !eof) break main;
          if (p < end && buf[p] === 0xef) {
            if (end - p < 3 && !eof) break main;
            if (end - p >= 3 && buf[p + 1] === 0xbb && buf[p + 2] === 0xbf) p += 3;
          }
          state = S_START;
          continue;
        }

        case S_START: {
          while (p < end && ((c = buf[p]!) === 32 || c === 10 || c === 13 || c === 9)) {
            if (c === 10) line++;
            p++;
          }
          if (p >= end) {
            if (!eof) break main;
            throw this.fail(
              'json.empty',
              'the file is empty: expected a JSON array of objects or one JSON object per line',
              p,
              null,
            );
          }
          if (this.layout === null) {
            if (c === 91) this.layout = 'array';
            else if (c === 123) this.layout = 'ndjson';
            else
              throw this.fail(
                'json.not_array',
                `expected a JSON array '[' or one JSON object per line '{' at the top level, found ${describe(c)}`,
                p,
                null,
              );
          }
          if (this.layout === 'array') {
            if (c !== 91)
              throw this.fail(
                'json.not_array',
                `expected a JSON array '[' at the top level, found ${describe(c)}`,
                p,
                null,
              );
            this.elementDepth = 1;
            this.rowDepth = 2;
            this.stack[0] = ARR;
            depth = 1;
            p++;
            state = S_ARR_FIRST;
          } else {
            this.elementDepth = 0;
            this.rowDepth = 1;
            state = S_LINE_START;
          }
          continue;
        }

        case S_LINE_START: {
          while (p < end) {
            c = buf[p]!;
            if (c === 32 || c === 13 || c === 9) p++;
            else if (c === 10) {
              line++;
              p++;
            } else break;
          }
          if (p >= end) {
            if (eof) state = S_DONE;
            break main;
          }
          state = S_VALUE;
          continue;
        }

        case S_VALUE: {
          while (p < end && ((c = buf[p]!) === 32 || c === 10 || c === 13 || c === 9)) {
            if (c === 10) line++;
            p++;
          }
          if (p >= end) {
            if (eof) throw this.truncated(state, depth, p, line);
            break main;
          }
          if (depth === this.elementDepth) this.beginElement(p, c, line);
          else if (depth === this.rowDepth) high = 0; // a row-level value starts (nested strings add to it)
          if (c === 34) {
            tokenStart = p;
            isKey = false;
            hasEscape = false;
            p++;
            state = S_STRING;
          } else if ((c >= 48 && c <= 57) || c === 45) {
            tokenStart = p;
            p++;
            state = S_NUMBER;
          } else if (c === 123 || c === 91) {
            if (depth === this.rowDepth) nestedStart = p;
            if (depth === this.stack.length) this.stack = grow8(this.stack, depth + 1);
            this.stack[depth++] = c === 123 ? OBJ : ARR;
            p++;
            state = c === 123 ? S_OBJ_FIRST : S_ARR_FIRST;
          } else if (c >= 97 && c <= 122) {
            tokenStart = p;
            p++;
            state = S_LITERAL;
          } else {
            throw this.fail('json.syntax', `expected a value, found ${describe(c)}`, p, line);
          }
          continue;
        }

        case S_STRING: {
          for (;;) {
            while (p < end) {
              c = buf[p]!;
              if (c === 34 || c === 92 || c < 32) break;
              high |= c;
              p++;
            }
            if (p >= end) {
              if (eof) throw this.truncated(state, depth, p, line);
              break main;
            }
            if (c === 34) break;
            if (c === 92) {
              if (p + 1 >= end) {
                if (eof) throw this.truncated(state, depth, p, line);
                break main;
              }
              const e = buf[p + 1]!;
              if (e === 117) {
                if (p + 5 >= end) {
                  if (eof) throw this.truncated(state, depth, p, line);
                  break main;
                }
                if (!(isHex(buf[p + 2]!) && isHex(buf[p + 3]!) && isHex(buf[p + 4]!) && isHex(buf[p + 5]!))) {
                  throw this.fail(
                    'json.syntax',
                    `invalid escape '${textOf(buf, p, p + 6)}' in a string: expected \\u and 4 hex digits`,
                    p,
                    line,
                  );
                }
                p += 6;
              } else if (
                e === 34 ||
                e === 92 ||
                e === 47 ||
                e === 98 ||
                e === 102 ||
                e === 110 ||
                e === 114 ||
                e === 116
              ) {
                p += 2;
              } else {
                throw this.fail('json.syntax', `invalid escape '\\${String.fromCharCode(e)}' in a string`, p, line);
              }
              hasEscape = true;
              continue;
            }
            throw this.fail(
              'json.syntax',
              c === 10 || c === 13
                ? "unterminated string: expected '\"' before the end of the line"
                : `control character ${describe(c)} inside a string must be escaped`,
              p,
              line,
            );
          }
          if (isKey) {
            if (depth === this.rowDepth && this.rowIsObject) {
              column = this.keyColumn(buf, tokenStart + 1, p, hasEscape, high >= 0x80);
            }
            p++;
            state = S_COLON;
            continue;
          }
          vKind = hasEscape ? K_ESCAPED : K_RAW;
          vStart = tokenStart + 1;
          vEnd = p;
          p++;
          state = S_VALUE_DONE;
          continue;
        }

        case S_NUMBER: {
          while (p < end) {
            c = buf[p]!;
            if ((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 45 || c === 43) p++;
            else break;
          }
          if (p >= end && !eof) break main;
          if (!isJsonNumber(buf, tokenStart, p)) {
            throw this.fail(
              'json.syntax',
              `invalid number '${textOf(buf, tokenStart, Math.min(p, tokenStart + 40))}'`,
              tokenStart,
              line,
            );
          }
          vKind = K_RAW;
          vStart = tokenStart;
          vEnd = p;
          state = S_VALUE_DONE;
          continue;
        }

        case S_LITERAL: {
          while (p < end && (c = buf[p]!) >= 97 && c <= 122) p++;
          if (p >= end && !eof) break main;
          const kind = literalKind(buf, tokenStart, p);
          if (kind < 0) {
            throw this.fail(
              'json.syntax',
              `expected a value, found '${textOf(buf, tokenStart, Math.min(p, tokenStart + 20))}'`,
              tokenStart,
              line,
            );
          }
          vKind = kind;
          vStart = tokenStart;
          vEnd = p;
          state = S_VALUE_DONE;
          continue;
        }

        case S_VALUE_DONE: {
          if (depth === this.rowDepth) {
            if (this.rowIsObject) this.stage(column, high >= 0x80 ? vKind | K_HIGH : vKind, vStart, vEnd);
            state = S_AFTER_VALUE;
          } else if (depth > this.elementDepth) {
            state = S_AFTER_VALUE;
          } else if (depth === this.elementDepth) {
            this.endElement(buf, p);
            state = this.layout === 'ndjson' ? S_AFTER_LINE : S_AFTER_VALUE;
          } else {
            state = S_TRAILING;
          }
          continue;
        }

        case S_AFTER_VALUE: {
          while (p < end && ((c = buf[p]!) === 32 || c === 10 || c === 13 || c === 9)) {
            if (c === 10) line++;
            p++;
          }
          if (p >= end) {
            if (eof) throw this.truncated(state, depth, p, line);
            break main;
          }
          const top = this.stack[depth - 1];
          if (c === 44) {
            p++;
            state = top === OBJ ? S_OBJ_KEY : S_VALUE;
            continue;
          }
          if (c === (top === OBJ ? 125 : 93)) {
            depth--;
            p++;
            vKind = K_RAW;
            vStart = nestedStart;
            vEnd = p;
            state = S_VALUE_DONE;
            continue;
          }
          const what = depth === this.elementDepth && this.layout === 'array' ? 'an array element' : 'a value';
          throw this.fail(
            'json.syntax',
            `expected ',' or '${top === OBJ ? '}' : ']'}' after ${what}, found ${describe(c)}`,
            p,
            line,
          );
        }

        case S_OBJ_FIRST:
        case S_OBJ_KEY: {
          while (p < end && ((c = buf[p]!) === 32 || c === 10 || c === 13 || c === 9)) {
            if (c === 10) line++;
            p++;
          }
          if (p >= end) {
            if (eof) throw this.truncated(state, depth, p, line);
            break main;
          }
          if (c === 34) {
            tokenStart = p;
            isKey = true;
            hasEscape = false;
            if (depth === this.rowDepth) high = 0;
            p++;
            state = S_STRING;
            continue;
          }
          if (c === 125 && state === S_OBJ_FIRST) {
            depth--;
            p++;
            vKind = K_RAW;
            vStart = nestedStart;
            vEnd = p;
            state = S_VALUE_DONE;
            continue;
          }
          const expected = state === S_OBJ_FIRST ? `a key string or '}' after '{'` : `a key string after ','`;
          throw this.fail('json.syntax', `expected ${expected}, found ${describe(c)}`, p, line);
        }

        case S_COLON: {
          while (p < end && ((c = buf[p]!) === 32 || c === 10 || c === 13 || c === 9)) {
            if (c === 10) line++;
            p++;
          }
          if (p >= end) {
            if (eof) throw this.truncated(state, depth, p, line);
            break main;
          }
          if (c !== 58) throw this.fail('json.syntax', `expected ':' after a key, found ${describe(c)}`, p, line);
          p++;
          state = S_VALUE;
          continue;
        }

        case S_ARR_FIRST: {
          while (p < end && ((c = buf[p]!) === 32 || c === 10 || c === 13 || c === 9)) {
            if (c === 10) line++;
            p++;
          }
          if (p >= end) {
            if (eof) throw this.truncated(state, depth, p, line);
            break main;
          }
          if (c === 93) {
            depth--;
            p++;
            vKind = K_RAW;
            vStart = nestedStart;
            vEnd = p;
            state = S_VALUE_DONE;
          } else {
            state = S_VALUE;
          }
          continue;
        }

        case S_AFTER_LINE: {
          while (p < end && ((c = buf[p]!) === 32 || c === 13 || c === 9)) p++;
          if (p >= end) {
            if (eof) state = S_DONE;
            break main;
          }
          if (c !== 10)
            throw this.fail(
              'json.syntax',
              `expected the end of the line after the value, found ${describe(c)}`,
              p,
              line,
            );
          line++;
          p++;
          state = S_LINE_START;
          continue;
        }

        case S_TRAILING: {
          while (p < end && ((c = buf[p]!) === 32 || c === 10 || c === 13 || c === 9)) {
            if (c === 10) line++;
            p++;
          }
          if (p >= end) {
            if (eof) state = S_DONE;
            break main;
          }
          throw this.fail(
            'json.trailing',
            `unexpected ${describe(c)} after the closing ']' of the top-level array`,
            p,
            line,
          );
        }

        default:
          break main;
      }
    }

    this.pos = p;
    this.state = state;
    this.depth = depth;
    this.line = line;
    this.tokenStart = tokenStart;
    this.nestedStart = nestedStart;
    this.isKey = isKey;
    this.hasEscape = hasEscape;
    this.high = high;
    this.column = column;
  }

  /** Starts a row at buffer offset `p`, whose first byte is `c`. */
  private beginElement(p: number, c: number, line: number): void {
    this.rowsRead++;
    this.elemCount++;
    this.inElement = true;
    this.elemStart = p;
    this.elemRow = this.layout === 'ndjson' ? line : this.elemCount;
    this.rowIsObject = c === 123;
    if (this.rowIsObject) {
      this.rowSerial++;
      this.staged = 0;
      this.keyIndex = 0;
      this.duplicateKey = null;
    }
  }

  /** Ends the row whose bytes end before buffer offset `p`: writes it, or records why it is skipped. */
  private endElement(buf: Uint8Array, p: number): void {
    this.inElement = false;
    const row = this.elemRow;
    if (!this.rowIsObject) {
      const text = decodeUtf8(buf, this.elemStart, Math.min(p, this.elemStart + ISSUE_TEXT_CHARS * 4));
      const what = this.layout === 'ndjson' ? `line ${row}` : `array element ${row}`;
      this.issues.push({
        row,
        column: null,
        value: text.slice(0, ISSUE_TEXT_CHARS),
        rule: 'json.not_an_object',
        message: `${what} is ${kindOf(buf[this.elemStart]!)}, not an object`,
      });
      return;
    }
    if (this.duplicateKey !== null) {
      this.issues.push({
        row,
        column: this.duplicateKey,
        value: null,
        rule: 'json.duplicate_key',
        message: `the object has the key "${this.duplicateKey}" more than once`,
      });
      return;
    }
    const builder = this.builder;
    builder.beginRow(row);
    for (let i = 0; i < this.staged; i++) {
      const kind = this.stKind[i]!;
      if (kind === K_NULL) continue;
      const col = this.stCol[i]!;
      let source = buf;
      let start = this.stStart[i]!;
      let end = this.stEnd[i]!;
      let repaired = false;
      if ((kind & ~K_HIGH) === K_ESCAPED) {
        end = this.unescape(buf, start, end);
        start = 0;
        source = this.scratch;
        repaired = this.replaced[0] === 1;
      }
      if (kind & K_HIGH) builder.setUtf8(col, source, start, end, repaired);
      else builder.setValidUtf8(col, source, start, end, repaired);
    }
    builder.endRow();
  }

  /** Stages a value of the current row object for column `col`. */
  private stage(col: number, kind: number, start: number, end: number): void {
    const i = this.staged++;
    if (i === this.stCol.length) {
      this.stCol = grow32(this.stCol, i + 1);
      this.stStart = grow32(this.stStart, i + 1);
      this.stEnd = grow32(this.stEnd, i + 1);
      this.stKind = grow8(this.stKind, i + 1);
    }
    this.stCol[i] = col;
    this.stKind[i] = kind;
    this.stStart[i] = start;
    this.stEnd[i] = end;
  }

  /**
   * The column of the key `buf[start, end)` of the current row object; notes a duplicate key. A key whose text
   * had to be repaired (`high`: it holds a byte ≥ 0x80) is counted once, when it is first seen.
   */
  private keyColumn(buf: Uint8Array, start: number, end: number, escaped: boolean, high: boolean): number {
    const at = this.keyIndex++;
    const predicted = this.predictedKey[at];
    let col = -1;
    if (predicted !== undefined && predicted.length === end - start) {
      let j = 0;
      while (j < predicted.length && predicted[j] === buf[start + j]) j++;
      if (j === predicted.length) col = this.predictedCol[at]!;
    }
    if (col < 0) {
      const key = this.keyText(buf, start, end, escaped);
      const known = this.keyColumns.get(key);
      col = known ?? this.builder.columnFor(key);
      if (known === undefined) {
        this.keyColumns.set(key, col);
        if (this.keyRepaired(buf, start, end, escaped, high)) this.builder.noteRepairedText();
      }
      this.predictedKey[at] = buf.slice(start, end);
      this.predictedCol[at] = col;
    }
    if (col >= this.colStamp.length) this.colStamp = grow32(this.colStamp, col + 1);
    if (this.colStamp[col] === this.rowSerial) {
      this.duplicateKey ??= this.keyText(buf, start, end, escaped);
    } else {
      this.colStamp[col] = this.rowSerial;
    }
    return col;
  }

  /** The text of the key `buf[start, end)`: escapes decoded, invalid UTF-8 as U+FFFD. */
  private keyText(buf: Uint8Array, start: number, end: number, escaped: boolean): string {
    if (!escaped) return decodeUtf8(buf, start, end);
    return decodeUtf8(this.scratch, 0, this.unescape(buf, start, end));
  }

  /** Whether the key `buf[start, end)` holds invalid UTF-8 or a lone surrogate escape (`keyText` repaired it). */
  private keyRepaired(buf: Uint8Array, start: number, end: number, escaped: boolean, high: boolean): boolean {
    if (!escaped) return high && !isValidUtf8(buf, start, end);
    const n = this.unescape(buf, start, end);
    return this.replaced[0] === 1 || (high && !isValidUtf8(this.scratch, 0, n));
  }

  /**
   * Decodes the escaped string body `buf[start, end)` into `scratch` as UTF-8; returns its length, and sets
   * `replaced[0]` to 1 when a lone surrogate escape became U+FFFD.
   */
  private unescape(buf: Uint8Array, start: number, end: number): number {
    // an escape never takes more bytes decoded than written
    if (this.scratch.length < end - start)
      this.scratch = new Uint8Array(Math.max(this.scratch.length * 2, end - start));
    this.replaced[0] = 0;
    return unescapeInto(buf, start, end, this.scratch, this.replaced);
  }

  /** Moves every saved buffer offset back by `k` bytes after the buffer dropped its first `k` bytes. */
  private shift(k: number): void {
    if (k === 0) return;
    this.base += k;
    this.end -= k;
    this.pos -= k;
    this.elemStart -= k;
    this.tokenStart -= k;
    this.nestedStart -= k;
    for (let i = 0; i < this.staged; i++) {
      this.stStart[i]! -= k;
      this.stEnd[i]! -= k;
    }
  }

  /** The row an error at this point belongs to, if any. */
  private rowAt(line: number): number | undefined {
    if (this.layout === 'ndjson') return line;
    if (this.inElement) return this.elemRow;
    return this.elemCount > 0 ? this.elemCount : undefined;
  }

  private fail(rule: RuleName, message: string, p: number, line: number | null): InputError {
    const row = line === null ? undefined : this.rowAt(line);
    const where: Where =
      row === undefined ? { file: this.file, offset: this.base + p } : { file: this.file, row, offset: this.base + p };
    return new InputError(rule, message, where);
  }

  private truncated(state: number, depth: number, p: number, line: number): InputError {
    let message: string;
    if (state === S_STRING) message = 'the file ends inside a string';
    else if (depth > this.elementDepth) {
      const obj = this.stack[depth - 1] === OBJ;
      const expected = state === S_COLON ? "':'" : state === S_VALUE ? 'a value' : `'${obj ? '}' : ']'}'`;
      message = `the file ends inside ${obj ? 'an object' : 'an array'}: expected ${expected}`;
    } else message = "the file ends before the closing ']' of the top-level array";
    return this.fail('json.truncated', message, p, line);
  }
}

/** Whether `b[s, e)` is a number as JSON writes it. */
function isJsonNumber(b: Uint8Array, s: number, e: number): boolean {
  let i = s;
  if (b[i] === 45) i++;
  if (i >= e) return false;
  const first = b[i]!;
  if (first === 48) i++;
  else if (first >= 49 && first <= 57) {
    i++;
    while (i < e && isDigit(b[i]!)) i++;
  } else return false;
  if (i < e && b[i] === 46) {
    const from = ++i;
    while (i < e && isDigit(b[i]!)) i++;
    if (i === from) return false;
  }
  if (i < e && (b[i] === 101 || b[i] === 69)) {
    i++;
    if (i < e && (b[i] === 43 || b[i] === 45)) i++;
    const from = i;
    while (i < e && isDigit(b[i]!)) i++;
    if (i === from) return false;
  }
  return i === e;
}

/** K_NULL for `null`, K_RAW for `true`/`false`, -1 for anything else. */
function literalKind(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n === 4 && b[s] === 110 && b[s + 1] === 117 && b[s + 2] === 108 && b[s + 3] === 108) return K_NULL;
  if (n === 4 && b[s] === 116 && b[s + 1] === 114 && b[s + 2] === 117 && b[s + 3] === 101) return K_RAW;
  if (n === 5 && b[s] === 102 && b[s + 1] === 97 && b[s + 2] === 108 && b[s + 3] === 115 && b[s + 4] === 101)
    return K_RAW;
  return -1;
}

/**
 * Decodes the JSON string body `src[s, e)` (escapes already validated) into `out` as UTF-8; a lone surrogate
 * escape becomes U+FFFD and sets `replaced[0]` to 1.
 */
function unescapeInto(src: Uint8Array, s: number, e: number, out: Uint8Array, replaced: Uint8Array): number {
  let n = 0;
  let i = s;
  while (i < e) {
    const c = src[i]!;
    if (c !== 92) {
      out[n++] = c;
      i++;
      continue;
    }
    const x = src[i + 1]!;
    i += 2;
    switch (x) {
      case 110:
        out[n++] = 10;
        break; // \n
      case 116:
        out[n++] = 9;
        break; // \t
      case 114:
        out[n++] = 13;
        break; // \r
      case 98:
        out[n++] = 8;
        break; // \b
      case 102:
        out[n++] = 12;
        break; // \f
      case 117: {
        let cp = hex4(src, i);
        i += 4;
        if (cp >= 0xd800 && cp <= 0xdbff) {
          const lo = i + 6 <= e && src[i] === 92 && src[i + 1] === 117 ? hex4(src, i + 2) : -1;
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            i += 6;
          } else {
            cp = 0xfffd;
            replaced[0] = 1;
          }
        } else if (cp >= 0xdc00 && cp <= 0xdfff) {
          cp = 0xfffd;
          replaced[0] = 1;
        }
        n = putUtf8(out, n, cp);
        break;
      }
      default:
        out[n++] = x; // \" \\ \/
    }
  }
  return n;
}

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

function hex4(b: Uint8Array, i: number): number {
  return (hexValue(b[i]!) << 12) | (hexValue(b[i + 1]!) << 8) | (hexValue(b[i + 2]!) << 4) | hexValue(b[i + 3]!);
}

function hexValue(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** What a row that is not an object is, from its first byte. */
function kindOf(c: number): string {
  if (c === 91) return 'an array';
  if (c === 34) return 'a string';
  if (c === 116 || c === 102) return 'a boolean';
  if (c === 110) return 'null';
  return 'a number';
}

/** A byte as an error message shows it. */
function describe(c: number): string {
  if (c === 10) return 'a line break';
  if (c === 13) return 'a carriage return';
  if (c > 32 && c < 127) return `'${String.fromCharCode(c)}'`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}

function textOf(b: Uint8Array, s: number, e: number): string {
  return decodeUtf8(b, s, e);
}

function grow32(a: Int32Array, need: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

function grow8(a: Uint8Array, need: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

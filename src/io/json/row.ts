/**
 * The row object being read. Its values are staged as byte ranges of the reader's buffer and written to the
 * builder only at its closing '}', so a row that turns out to repeat a key is skipped whole, and a row cut by
 * the end of a chunk is simply read again from its start once more bytes have come.
 */
/* eslint-disable @typescript-eslint/no-unsafe-enum-comparison -- a byte read is a number; `Byte` names it */
import type { RawTableBuilder } from '../../table/raw-builder.js';
import type { Unescaper } from './unescape.js';

/** How a staged value is written. A `const enum`: every use compiles to the number itself. */
export const enum ValueKind {
  /** Its bytes are copied as they are: an unescaped string body, a number, true/false, nested JSON text. */
  Raw = 0,
  /** A string body holding backslash escapes: decoded when written. */
  Escaped = 1,
  /** Flag on a kind: a byte ≥ 0x80 was seen in the value, so the builder checks its UTF-8. */
  High = 4,
}

/** The staged values of the row object being read, and what is known about it so far. */
export class RowInProgress {
  /** Its number in the file: its array element number, or its line in NDJSON (`source_row`). */
  number = 0;
  /** The line its first byte is on. */
  line = 1;
  /** The members read so far (the position of the next key, for `KeyColumns`). */
  members = 0;
  /** The first key it repeats, if any: the row is then skipped with a `json.duplicate_key` issue. */
  duplicateKey: string | null = null;

  /** Counts rows begun; `columnStamp[c] === serial` says column c is already set in this row. */
  private serial = 0;
  private columnStamp = new Int32Array(32);
  private count = 0;
  private column = new Int32Array(32);
  private start = new Int32Array(32);
  private end = new Int32Array(32);
  private kind = new Uint8Array(32);

  /** Starts row `number`, whose first byte is on `line`; forgets what was staged. */
  begin(number: number, line: number): void {
    this.number = number;
    this.line = line;
    this.members = 0;
    this.duplicateKey = null;
    this.serial++;
    this.count = 0;
  }

  /** Marks `column` as set in this row; false when it already was (its key is a duplicate). */
  claim(column: number): boolean {
    if (column >= this.columnStamp.length) this.columnStamp = grown32(this.columnStamp, column + 1);
    if (this.columnStamp[column] === this.serial) return false;
    this.columnStamp[column] = this.serial;
    return true;
  }

  /** Stages the value `buf[start, end)` of kind `kind` (a `ValueKind`, maybe | High) for `column`. */
  stage(column: number, kind: number, start: number, end: number): void {
    const i = this.count++;
    if (i === this.column.length) {
      this.column = grown32(this.column, i + 1);
      this.start = grown32(this.start, i + 1);
      this.end = grown32(this.end, i + 1);
      const kinds = new Uint8Array(this.column.length);
      kinds.set(this.kind);
      this.kind = kinds;
    }
    this.column[i] = column;
    this.kind[i] = kind;
    this.start[i] = start;
    this.end[i] = end;
  }

  /** Writes the staged values, read from `buf`, to `builder` as one row; columns not staged are null. */
  write(builder: RawTableBuilder, buf: Uint8Array, unescaper: Unescaper): void {
    builder.beginRow(this.number);
    for (let i = 0; i < this.count; i++) {
      const kind = this.kind[i]!;
      const column = this.column[i]!;
      let source = buf;
      let start = this.start[i]!;
      let end = this.end[i]!;
      let repaired = false;
      if ((kind & ~ValueKind.High) === ValueKind.Escaped) {
        end = unescaper.decode(buf, start, end);
        start = 0;
        source = unescaper.bytes;
        repaired = unescaper.replacedSurrogate;
      }
      if (kind & ValueKind.High) builder.setUtf8(column, source, start, end, repaired);
      else builder.setValidUtf8(column, source, start, end, repaired);
    }
    builder.endRow();
  }
}

function grown32(a: Int32Array, need: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

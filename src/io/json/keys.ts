/**
 * Maps the keys of row objects to the raw table's columns. Rows repeat their keys in the same order, so the
 * key met at each position of the previous rows is remembered with its column, and a key is first compared
 * byte for byte with that prediction; only a key that differs is decoded and looked up by its text (and a new
 * one becomes a column of the builder).
 */
import type { RawTableBuilder } from '../../table/raw-builder.js';
import { decodeUtf8, isValidUtf8 } from '../../table/utf8.js';
import { Byte } from './scan.js';
import type { Unescaper } from './unescape.js';

/** Key → column for the objects of one file; see the module comment. */
export class KeyColumns {
  private readonly byText = new Map<string, number>();
  /** The key bytes last met at each position of an object (also as a view to read 4 at a time), and their column. */
  private readonly predictedKey: Uint8Array[] = [];
  private readonly predictedView: DataView[] = [];
  private readonly predictedColumn: number[] = [];
  /** A view of the buffer last matched against, to compare keys 4 bytes at a time (`matchPrediction`). */
  private view: DataView = new DataView(new ArrayBuffer(0));
  private viewOf: Uint8Array | null = null;

  constructor(
    private readonly builder: RawTableBuilder,
    private readonly unescaper: Unescaper,
  ) {}

  /**
   * Whether the bytes at `buf[start]` are the key last met at position `at`, closed by its quote (before `end`):
   * returns the offset of that quote, or -1. A hit needs no scan: the same bytes are the same valid string.
   */
  matchPrediction(at: number, buf: Uint8Array, start: number, end: number): number {
    const predicted = this.predictedKey[at];
    if (predicted === undefined) return -1;
    const n = predicted.length;
    if (start + n >= end || buf[start + n] !== Byte.Quote) return -1;
    if (buf !== this.viewOf) {
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewOf = buf;
    }
    const view = this.view;
    const words = this.predictedView[at]!;
    let j = 0;
    for (; j + 4 <= n; j += 4) if (words.getInt32(j, true) !== view.getInt32(start + j, true)) return -1;
    for (; j < n; j++) if (predicted[j] !== buf[start + j]) return -1;
    return start + n;
  }

  /** The column of the key last met at position `at` (after `matchPrediction` found it). */
  predictedColumnAt(at: number): number {
    return this.predictedColumn[at]!;
  }

  /**
   * The column of the key `buf[start, end)` (scanned: `escaped` if it holds escapes, `high` its bytes ORed), met
   * at position `at` of its object; it becomes the prediction for that position. A new key becomes a column of
   * the builder; one whose text had to be repaired is counted once, when it is first seen.
   */
  columnOf(at: number, buf: Uint8Array, start: number, end: number, escaped: boolean, high: number): number {
    const key = this.text(buf, start, end);
    let column = this.byText.get(key);
    if (column === undefined) {
      column = this.builder.columnFor(key);
      this.byText.set(key, column);
      if (this.repaired(buf, start, end, escaped, high >= 0x80)) this.builder.noteRepairedText();
    }
    const bytes = buf.slice(start, end);
    this.predictedKey[at] = bytes;
    this.predictedView[at] = new DataView(bytes.buffer);
    this.predictedColumn[at] = column;
    return column;
  }

  /** The text of the key `buf[start, end)`: escapes decoded, invalid UTF-8 as U+FFFD. */
  text(buf: Uint8Array, start: number, end: number): string {
    if (!buf.subarray(start, end).includes(Byte.Backslash)) return decodeUtf8(buf, start, end);
    return decodeUtf8(this.unescaper.bytes, 0, this.unescaper.decode(buf, start, end));
  }

  /** Whether `text` had to repair the key: invalid UTF-8, or a lone surrogate escape. */
  private repaired(buf: Uint8Array, start: number, end: number, escaped: boolean, high: boolean): boolean {
    if (!escaped) return high && !isValidUtf8(buf, start, end);
    const n = this.unescaper.decode(buf, start, end);
    return this.unescaper.replacedSurrogate || (high && !isValidUtf8(this.unescaper.bytes, 0, n));
  }
}

/**
 * Run-wide codes for the text values of a dictionary column seen batch after batch, keyed by their UTF-8 bytes:
 * each batch's dictionary entries are found in one open-addressing table by a hash of their bytes, so no JS
 * string is made per entry and batch; the values are decoded once, at the end. Entries that are not valid UTF-8
 * on their own are decoded and re-encoded first, so values that decode alike share a code (as `groupBy` groups
 * text by its decoded strings).
 */
import { isUtf8 } from 'node:buffer';
import { Type, type Data, type Table } from 'apache-arrow';
import { vectorOf } from '../table/arrow-types.js';
import { hashBytes } from '../table/byte-hash.js';
import { codedColumn, isValid } from '../table/columns.js';
import { grow } from '../table/growable.js';

/** A batch's text column as dictionary codes (-1 = null) and each dictionary entry's run-wide code. */
export interface RunCoded {
  readonly codes: Int32Array;
  readonly toRun: Int32Array;
}

/**
 * Text values (and null) to run-wide codes, in order of first appearance.
 * @example
 * const ids = new RunText();
 * const { codes, toRun } = ids.codesOf(batch, 'customer_id'); // line i: toRun[codes[i]] (codes[i] < 0: null)
 * ids.values(); // ['C1', 'C7', …], null where `codeOfNull` was taken
 */
export class RunText {
  private bytes = new Uint8Array(1 << 16);
  private offsets = new Int32Array(1024); // value k's bytes: offsets[k] … offsets[k + 1]
  private hashes = new Int32Array(1024);
  private slots = new Int32Array(2048); // code + 1; 0 = empty
  private nullCode = -1;
  private decoded: (string | null)[] = [];
  /** Codes given so far. */
  size = 0;

  /** The run-wide code of null. */
  codeOfNull(): number {
    if (this.nullCode < 0) this.nullCode = this.add(new Uint8Array(0), 0, 0, 0);
    return this.nullCode;
  }

  /** Text column `name` of `table` (one chunk, dictionary or plain) as batch codes and their run-wide codes. */
  codesOf(table: Table, name: string): RunCoded {
    const d: Data | undefined = vectorOf(table, name).data[0];
    const entries = d?.typeId === Type.Dictionary && d.offset === 0 ? d.dictionary?.data : undefined;
    const e = entries?.length === 1 ? entries[0] : undefined;
    if (d !== undefined && e?.typeId === Type.Utf8 && e.offset === 0 && e.nullCount === 0) {
      const offsets = e.valueOffsets as Int32Array;
      const bytes = e.values as Uint8Array;
      if (wholeValues(offsets, bytes, e.length)) {
        const toRun = new Int32Array(e.length);
        for (let k = 0; k < e.length; k++) toRun[k] = this.codeOfBytes(bytes, offsets[k]!, offsets[k + 1]!);
        const bitmap = d.nullBitmap as Uint8Array | undefined;
        const validity = d.nullCount === 0 || !bitmap || bitmap.length === 0 ? null : bitmap;
        const raw = d.values as Int32Array;
        const codes = new Int32Array(d.length);
        for (let i = 0; i < d.length; i++) codes[i] = isValid(validity, i) ? raw[i]! : -1;
        return { codes, toRun };
      }
    }
    const { codes, dictionary } = codedColumn(table, name);
    const encoder = new TextEncoder();
    const toRun = Int32Array.from(dictionary, (s) => {
      const b = encoder.encode(s);
      return this.codeOfBytes(b, 0, b.length);
    });
    return { codes, toRun };
  }

  /** Every code's value (null for `codeOfNull`'s), decoded once per value. */
  values(): readonly (string | null)[] {
    const buffer = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    for (let k = this.decoded.length; k < this.size; k++) {
      this.decoded.push(k === this.nullCode ? null : buffer.toString('utf8', this.offsets[k], this.offsets[k + 1]));
    }
    return this.decoded;
  }

  /** The run-wide code of the text whose UTF-8 bytes are `bytes[start, end)` (a new code for a new value). */
  codeOfBytes(bytes: Uint8Array, start: number, end: number): number {
    const h = hashBytes(bytes, start, end);
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) {
        const code = this.add(bytes, start, end, h);
        this.slots[slot] = code + 1;
        if (2 * this.size > this.slots.length) this.rehash();
        return code;
      }
      const k = entry - 1;
      if (this.hashes[k] === h && this.same(k, bytes, start, end)) return k;
    }
  }

  private add(bytes: Uint8Array, start: number, end: number, h: number): number {
    const code = this.size++;
    if (this.size + 1 > this.offsets.length) {
      this.offsets = grow(this.offsets, this.size + 1);
      this.hashes = grow(this.hashes, this.size + 1);
    }
    const at = this.offsets[code]!;
    if (at + end - start > this.bytes.length) this.bytes = grow(this.bytes, at + end - start);
    // short values byte by byte: a subarray view per new value would be garbage
    if (end - start <= 16) for (let j = 0; j < end - start; j++) this.bytes[at + j] = bytes[start + j]!;
    else this.bytes.set(bytes.subarray(start, end), at);
    this.offsets[code + 1] = at + end - start;
    this.hashes[code] = h;
    return code;
  }

  private same(k: number, bytes: Uint8Array, start: number, end: number): boolean {
    const at = this.offsets[k]!;
    if (this.offsets[k + 1]! - at !== end - start) return false;
    for (let j = 0; j < end - start; j++) if (this.bytes[at + j] !== bytes[start + j]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let k = 0; k < this.size; k++) {
      if (k === this.nullCode) continue;
      let slot = this.hashes[k]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = k + 1;
    }
    this.slots = slots;
  }
}

/** Whether every entry is valid UTF-8 on its own: the whole buffer is, and no entry starts inside a character. */
function wholeValues(offsets: Int32Array, bytes: Uint8Array, length: number): boolean {
  for (let k = 0; k < length; k++) {
    const start = offsets[k]!;
    if (offsets[k + 1]! > start && (bytes[start]! & 0xc0) === 0x80) return false;
  }
  return isUtf8(bytes.subarray(offsets[0], offsets[length]));
}

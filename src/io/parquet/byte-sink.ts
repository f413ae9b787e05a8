/** A growable little-endian byte buffer that page, chunk and footer encoders write into. */

/** Bytes appended one value at a time into one reusable Uint8Array that doubles when full. */
export class ByteSink {
  /** The backing store; valid bytes are `[0, length)`. Replaced when it grows, so re-read after `ensure`. */
  bytes: Uint8Array;
  /** How many bytes of `bytes` are written. */
  length = 0;

  constructor(capacity = 1 << 16) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Makes room for `extra` more bytes after `length`. */
  ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  /** Forgets the content and keeps the memory. */
  reset(): void {
    this.length = 0;
  }

  /** The bytes written so far, as a view (valid until the next write or reset). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** Appends one byte. */
  u8(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value;
  }

  /** Appends a 32-bit little-endian unsigned integer. */
  u32(value: number): void {
    this.ensure(4);
    writeU32(this.bytes, this.length, value);
    this.length += 4;
  }

  /** Appends raw bytes. */
  append(source: Uint8Array): void {
    this.ensure(source.length);
    this.bytes.set(source, this.length);
    this.length += source.length;
  }

  /** Appends an unsigned LEB128 varint; exact for integers up to 2^53. */
  varint(value: number): void {
    this.ensure(10);
    const out = this.bytes;
    let p = this.length;
    let v = value;
    while (v >= 0x80) {
      out[p++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    out[p++] = v;
    this.length = p;
  }

  /** Appends a zigzag varint (Thrift compact i16/i32/i64); exact for |value| up to 2^52. */
  zigzag(value: number): void {
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }
}

/** Writes `value` as 4 little-endian bytes at `at`. */
export function writeU32(out: Uint8Array, at: number, value: number): void {
  out[at] = value & 0xff;
  out[at + 1] = (value >>> 8) & 0xff;
  out[at + 2] = (value >>> 16) & 0xff;
  out[at + 3] = (value >>> 24) & 0xff;
}

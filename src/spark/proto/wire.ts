/**
 * Protocol Buffers wire format: the few primitives the Spark Connect messages need (varints, length-delimited
 * bytes, skipping fields this client does not declare). https://protobuf.dev/programming-guides/encoding/
 */

/** Wire types of a field's tag. */
export const WireType = { varint: 0, fixed64: 1, bytes: 2, startGroup: 3, endGroup: 4, fixed32: 5 } as const;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Appends protobuf wire values into one growable buffer. */
export class ProtoWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  /** Writes a field's tag: its number and wire type. */
  tag(field: number, wireType: number): void {
    this.uint32(((field << 3) | wireType) >>> 0);
  }

  /** Writes a non-negative integer below 2^32 as a varint. */
  uint32(value: number): void {
    this.reserve(5);
    let v = value >>> 0;
    while (v > 0x7f) {
      this.buffer[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buffer[this.length++] = v;
  }

  /** Writes a signed 32-bit integer as protobuf does: negative values sign-extended to 64 bits (10 bytes). */
  int32(value: number): void {
    if (value >= 0) this.uint32(value);
    else this.int64(BigInt(value | 0));
  }

  /** Writes a signed 64-bit integer as a varint of its two's-complement bits. */
  int64(value: bigint): void {
    this.reserve(10);
    let v = BigInt.asUintN(64, value);
    while (v > 0x7fn) {
      this.buffer[this.length++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.length++] = Number(v);
  }

  /** Writes a boolean as a one-byte varint. */
  bool(value: boolean): void {
    this.uint32(value ? 1 : 0);
  }

  /** Writes a length-prefixed byte string. */
  bytes(value: Uint8Array): void {
    this.uint32(value.length);
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  /** Writes a length-prefixed UTF-8 string. */
  string(value: string): void {
    this.bytes(utf8Encoder.encode(value));
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }
}

/** Thrown when bytes are not a valid protobuf encoding. */
export class WireFormatError extends Error {}

/** Reads protobuf wire values from a byte array, front to back. */
export class ProtoReader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  /** True when every byte has been read. */
  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** Reads a field's tag: `[field number, wire type]`. */
  tag(): [number, number] {
    const t = this.varint();
    const field = Number(t >> 3n);
    if (field === 0 || field > 0x1fffffff) throw new WireFormatError(`invalid field number ${field}`);
    return [field, Number(t & 7n)];
  }

  /** Reads a varint as an unsigned 64-bit bigint. */
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length) throw new WireFormatError('truncated varint');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
    throw new WireFormatError('varint longer than 10 bytes');
  }

  /** Reads a length that must fit in the remaining bytes. */
  length(): number {
    const n = this.varint();
    if (n > BigInt(this.buf.length - this.pos)) throw new WireFormatError('length past the end of the message');
    return Number(n);
  }

  /** Reads a signed 32-bit integer (the low 32 bits of the varint, as protobuf does). */
  int32(): number {
    return Number(BigInt.asIntN(32, this.varint()));
  }

  /** Reads a signed 64-bit integer. */
  int64(): bigint {
    return BigInt.asIntN(64, this.varint());
  }

  /** Reads a boolean. */
  bool(): boolean {
    return this.varint() !== 0n;
  }

  /** Reads a length-prefixed byte string (a view into the message's bytes, not a copy). */
  bytes(): Uint8Array {
    const n = this.length();
    const view = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return view;
  }

  /** Reads a length-prefixed UTF-8 string; invalid UTF-8 is an error, as in proto3. */
  string(): string {
    try {
      return utf8Decoder.decode(this.bytes());
    } catch {
      throw new WireFormatError('string field is not valid UTF-8');
    }
  }

  /** Skips the value of a field of wire type `wireType` (after its tag was read). */
  skip(wireType: number, field: number): void {
    switch (wireType) {
      case WireType.varint:
        this.varint();
        return;
      case WireType.fixed64:
        this.advance(8);
        return;
      case WireType.bytes:
        this.advance(this.length());
        return;
      case WireType.fixed32:
        this.advance(4);
        return;
      case WireType.startGroup:
        for (;;) {
          const [f, w] = this.tag();
          if (w === WireType.endGroup) {
            if (f !== field) throw new WireFormatError(`group ${field} closed by ${f}`);
            return;
          }
          this.skip(w, f);
        }
      default:
        throw new WireFormatError(`unexpected wire type ${wireType} for field ${field}`);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.buf.length) throw new WireFormatError('field past the end of the message');
    this.pos += n;
  }
}

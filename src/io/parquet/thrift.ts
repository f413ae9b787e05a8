/**
 * A Thrift compact-protocol writer: just the field kinds Parquet page headers and footers use
 * (i32, i64, binary, bool, struct, list). Field ids must be written in ascending order within a struct.
 */
import type { ByteSink } from './byte-sink.js';

/** Compact-protocol type nibbles. */
export const ThriftType = { TRUE: 1, FALSE: 2, I32: 5, I64: 6, BINARY: 8, LIST: 9, STRUCT: 12 } as const;

const encoder = new TextEncoder();

/** Writes Thrift compact-protocol structs field by field into a ByteSink. */
export class CompactWriter {
  private lastField = 0;
  private readonly stack: number[] = [];

  constructor(readonly out: ByteSink) {}

  /** An i32 field. */
  i32(id: number, value: number): void {
    this.header(id, ThriftType.I32);
    this.out.zigzag(value);
  }

  /** An i64 field (exact up to 2^52, which covers every count and offset a file can have). */
  i64(id: number, value: number): void {
    this.header(id, ThriftType.I64);
    this.out.zigzag(value);
  }

  /** A binary field; strings are written as UTF-8. */
  binary(id: number, value: Uint8Array | string): void {
    this.header(id, ThriftType.BINARY);
    this.binaryValue(value);
  }

  /** A bool field (the value lives in the type nibble). */
  bool(id: number, value: boolean): void {
    this.header(id, value ? ThriftType.TRUE : ThriftType.FALSE);
  }

  /** A struct field whose fields `body` writes. */
  struct(id: number, body: () => void): void {
    this.header(id, ThriftType.STRUCT);
    this.structValue(body);
  }

  /** A list field header; follow it with exactly `size` element writes of `elementType`. */
  list(id: number, elementType: number, size: number): void {
    this.header(id, ThriftType.LIST);
    if (size < 15) this.out.u8((size << 4) | elementType);
    else {
      this.out.u8(0xf0 | elementType);
      this.out.varint(size);
    }
  }

  /** A bare i32 (a list element). */
  i32Value(value: number): void {
    this.out.zigzag(value);
  }

  /** A bare binary (a list element). */
  binaryValue(value: Uint8Array | string): void {
    const bytes = typeof value === 'string' ? encoder.encode(value) : value;
    this.out.varint(bytes.length);
    this.out.append(bytes);
  }

  /** A bare struct (a list element or the top-level message). */
  structValue(body: () => void): void {
    this.stack.push(this.lastField);
    this.lastField = 0;
    body();
    this.out.u8(0);
    this.lastField = this.stack.pop()!;
  }

  private header(id: number, type: number): void {
    const delta = id - this.lastField;
    if (delta <= 0) throw new Error(`thrift field ${id} written after field ${this.lastField}`);
    if (delta <= 15) this.out.u8((delta << 4) | type);
    else {
      this.out.u8(type);
      this.out.zigzag(id);
    }
    this.lastField = id;
  }
}

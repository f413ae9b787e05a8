/**
 * A Snappy block compressor (the raw format Parquet's SNAPPY codec uses) that writes into a reusable
 * ByteSink: a 14-bit hash table over 4-byte sequences, copies within a 64 KiB window, literals for the rest.
 * Same algorithm as the reference compressor's fragment loop, without its per-call allocations.
 */
import type { ByteSink } from './byte-sink.js';

const HASH_BITS = 14;
const HASH_SHIFT = 32 - HASH_BITS;
const MAX_OFFSET = 65_535;
/** Bytes at the end of the input never searched for matches, so 4-byte loads stay in bounds. */
const INPUT_MARGIN = 15;

/** A Snappy compressor with its own hash table, so compressors never share state. */
export class SnappyCompressor {
  private readonly table = new Int32Array(1 << HASH_BITS);

  /**
   * Replaces the content of `out` with the Snappy-compressed form of `input`.
   * @example
   * new SnappyCompressor().compressInto(sink, new TextEncoder().encode('abcabcabcabcabcabc'));
   * // sink.view() → 18 bytes of input in 9
   */
  compressInto(out: ByteSink, input: Uint8Array): void {
    const table = this.table;
    const n = input.length;
    out.reset();
    // worst case: varint preamble, plus one tag byte (or 5 for long literals) per 60-byte literal run
    out.ensure(32 + n + Math.ceil(n / 6));
    out.varint(n);
    const buf = out.bytes;
    let op = out.length;
    let nextEmit = 0;
    if (n >= INPUT_MARGIN) {
      const dv = new DataView(input.buffer, input.byteOffset, n);
      table.fill(-1);
      const ipLimit = n - INPUT_MARGIN;
      let ip = 1;
      let nextWord = load32(dv, ip);
      outer: for (;;) {
        let skip = 32;
        let nextIp = ip;
        let candidate: number;
        let word: number;
        do {
          ip = nextIp;
          word = nextWord;
          const h = hash(word);
          nextIp = ip + (skip++ >>> 5);
          if (nextIp > ipLimit) break outer;
          nextWord = load32(dv, nextIp);
          candidate = table[h]!;
          table[h] = ip;
        } while (candidate < 0 || ip - candidate > MAX_OFFSET || word !== load32(dv, candidate));
        op = emitLiteral(buf, op, input, nextEmit, ip - nextEmit);
        for (;;) {
          const base = ip;
          let a = candidate + 4;
          ip += 4;
          while (ip + 4 <= n && load32(dv, a) === load32(dv, ip)) {
            a += 4;
            ip += 4;
          }
          while (ip < n && input[a] === input[ip]) {
            a++;
            ip++;
          }
          op = emitCopy(buf, op, base - candidate, ip - base);
          nextEmit = ip;
          if (ip >= ipLimit) break outer;
          table[hash(load32(dv, ip - 1))] = ip - 1;
          word = load32(dv, ip);
          const h = hash(word);
          candidate = table[h]!;
          table[h] = ip;
          if (candidate < 0 || ip - candidate > MAX_OFFSET || word !== load32(dv, candidate)) break;
        }
        ip++;
        nextWord = load32(dv, ip);
      }
    }
    if (nextEmit < n) op = emitLiteral(buf, op, input, nextEmit, n - nextEmit);
    out.length = op;
  }
}

function hash(key: number): number {
  return Math.imul(key, 0x1e35a7bd) >>> HASH_SHIFT;
}

function load32(dv: DataView, p: number): number {
  return dv.getInt32(p, true);
}

function emitLiteral(buf: Uint8Array, op: number, input: Uint8Array, from: number, len: number): number {
  const v = len - 1;
  if (v < 60) buf[op++] = v << 2;
  else if (v < 0x100) {
    buf[op++] = 60 << 2;
    buf[op++] = v;
  } else if (v < 0x10000) {
    buf[op++] = 61 << 2;
    buf[op++] = v & 0xff;
    buf[op++] = v >>> 8;
  } else if (v < 0x1000000) {
    buf[op++] = 62 << 2;
    buf[op++] = v & 0xff;
    buf[op++] = (v >>> 8) & 0xff;
    buf[op++] = v >>> 16;
  } else {
    buf[op++] = 63 << 2;
    buf[op++] = v & 0xff;
    buf[op++] = (v >>> 8) & 0xff;
    buf[op++] = (v >>> 16) & 0xff;
    buf[op++] = v >>> 24;
  }
  if (len > 16) buf.set(input.subarray(from, from + len), op);
  else for (let k = 0; k < len; k++) buf[op + k] = input[from + k]!;
  return op + len;
}

function emitCopy(buf: Uint8Array, op: number, offset: number, len: number): number {
  while (len >= 68) {
    op = emitCopyUpTo64(buf, op, offset, 64);
    len -= 64;
  }
  if (len > 64) {
    op = emitCopyUpTo64(buf, op, offset, 60);
    len -= 60;
  }
  return emitCopyUpTo64(buf, op, offset, len);
}

function emitCopyUpTo64(buf: Uint8Array, op: number, offset: number, len: number): number {
  if (len < 12 && offset < 2048) {
    buf[op++] = 1 | ((len - 4) << 2) | ((offset >>> 8) << 5);
    buf[op++] = offset & 0xff;
  } else {
    buf[op++] = 2 | ((len - 1) << 2);
    buf[op++] = offset & 0xff;
    buf[op++] = offset >>> 8;
  }
  return op;
}

/**
 * PLAIN value encoders that copy straight from Arrow buffers: little-endian INT32/INT64 words and
 * length-prefixed byte arrays. Only rows whose definition level is 1 are written.
 */
import type { ByteSink } from './byte-sink.js';
import type { ByteArrays } from './column-source.js';

/** Writes fixed-width columns as PLAIN, gathering non-null words into its own scratch before one bulk copy. */
export class FixedPlainWriter {
  private scratch = new Int32Array(1 << 10);

  /**
   * Appends rows `[start, end)` of a fixed-width column as PLAIN: `width` int32 words per value taken from
   * `words[row * stride]`; `levels` (definition levels of those rows, or null for none null) skips nulls.
   */
  write(
    out: ByteSink,
    words: Int32Array,
    stride: number,
    width: 1 | 2,
    start: number,
    end: number,
    levels: Int32Array | null,
  ): void {
    if (levels === null && stride === width) {
      out.append(new Uint8Array(words.buffer, words.byteOffset + start * width * 4, (end - start) * width * 4));
      return;
    }
    const need = (end - start) * width;
    if (this.scratch.length < need) this.scratch = new Int32Array(Math.max(need, this.scratch.length * 2));
    const gather = this.scratch;
    let n = 0;
    for (let i = start; i < end; i++) {
      if (levels !== null && levels[i - start] === 0) continue;
      const at = i * stride;
      gather[n++] = words[at]!;
      if (width === 2) gather[n++] = words[at + 1]!;
    }
    out.append(new Uint8Array(gather.buffer, 0, n * 4));
  }
}

/**
 * Appends strings as PLAIN byte arrays (a 4-byte little-endian length, then the UTF-8 bytes as Arrow holds
 * them): string `indexes[k]` for k in `[0, count)`, or, when `indexes` is null, strings `[first, first + count)`.
 */
export function writeByteArraysPlain(
  out: ByteSink,
  strings: ByteArrays,
  indexes: Int32Array | null,
  first: number,
  count: number,
): void {
  const { offsets, bytes } = strings;
  let total = 4 * count;
  if (indexes === null) total += offsets[first + count]! - offsets[first]!;
  else for (let k = 0; k < count; k++) total += offsets[indexes[k]! + 1]! - offsets[indexes[k]!]!;
  out.ensure(total);
  const buf = out.bytes;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = out.length;
  for (let k = 0; k < count; k++) {
    const s = indexes === null ? first + k : indexes[k]!;
    const to = offsets[s + 1]!;
    let b = offsets[s]!;
    view.setInt32(p, to - b, true);
    p += 4;
    for (; b + 4 <= to; b += 4) {
      buf[p] = bytes[b]!;
      buf[p + 1] = bytes[b + 1]!;
      buf[p + 2] = bytes[b + 2]!;
      buf[p + 3] = bytes[b + 3]!;
      p += 4;
    }
    for (; b < to; b++) buf[p++] = bytes[b]!;
  }
  out.length = p;
}

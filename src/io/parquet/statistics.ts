/**
 * Column chunk statistics: min and max as Parquet's PLAIN bytes (little-endian ints; raw UTF-8 for strings,
 * compared as unsigned bytes), computed with plain loops over typed arrays.
 */
import type { ByteArrays } from './column-source.js';

/** Min/max of a chunk as PLAIN-encoded bytes, ready for `Statistics.min_value` / `max_value`. */
export interface MinMax {
  readonly min: Uint8Array;
  readonly max: Uint8Array;
}

/** Strings longer than this are left out of the statistics rather than copied into the footer. */
const MAX_STAT_BYTES = 1024;

/**
 * Min and max of the INT32 (`width` 1) or INT64 (`width` 2) values of rows `[start, end)` whose validity bit
 * is set; null when every row is null.
 */
export function fixedMinMax(
  words: Int32Array,
  stride: number,
  width: 1 | 2,
  start: number,
  end: number,
  validity: Uint8Array | null,
  bitOffset: number,
): MinMax | null {
  const [minRow, maxRow] =
    width === 1
      ? int32Extremes(words, start, end, validity, bitOffset)
      : int64Extremes(words, stride, start, end, validity, bitOffset);
  if (minRow < 0) return null;
  return { min: wordBytes(words, minRow * stride, width), max: wordBytes(words, maxRow * stride, width) };
}

/** Rows of the smallest and largest valid int32 in `[start, end)`, or [-1, -1]. */
function int32Extremes(
  words: Int32Array,
  start: number,
  end: number,
  validity: Uint8Array | null,
  bitOffset: number,
): [number, number] {
  let minRow = -1;
  let maxRow = -1;
  let min = 0;
  let max = 0;
  for (let i = start; i < end; i++) {
    if (validity !== null) {
      const pos = bitOffset + i;
      if (((validity[pos >> 3]! >> (pos & 7)) & 1) === 0) continue;
    }
    const v = words[i]!;
    if (minRow < 0) {
      minRow = maxRow = i;
      min = max = v;
    } else if (v < min) {
      min = v;
      minRow = i;
    } else if (v > max) {
      max = v;
      maxRow = i;
    }
  }
  return [minRow, maxRow];
}

/** Rows of the smallest and largest valid int64 (little-endian word pairs every `stride` words), or [-1, -1]. */
function int64Extremes(
  words: Int32Array,
  stride: number,
  start: number,
  end: number,
  validity: Uint8Array | null,
  bitOffset: number,
): [number, number] {
  let minRow = -1;
  let maxRow = -1;
  // high word signed, low word unsigned
  let minHi = 0;
  let minLo = 0;
  let maxHi = 0;
  let maxLo = 0;
  for (let i = start; i < end; i++) {
    if (validity !== null) {
      const pos = bitOffset + i;
      if (((validity[pos >> 3]! >> (pos & 7)) & 1) === 0) continue;
    }
    const lo = words[i * stride]! >>> 0;
    const hi = words[i * stride + 1]!;
    if (minRow < 0) {
      minRow = maxRow = i;
      minHi = maxHi = hi;
      minLo = maxLo = lo;
    } else if (hi < minHi || (hi === minHi && lo < minLo)) {
      minHi = hi;
      minLo = lo;
      minRow = i;
    } else if (hi > maxHi || (hi === maxHi && lo > maxLo)) {
      maxHi = hi;
      maxLo = lo;
      maxRow = i;
    }
  }
  return [minRow, maxRow];
}

function wordBytes(words: Int32Array, at: number, width: 1 | 2): Uint8Array {
  return new Uint8Array(words.buffer.slice(words.byteOffset + at * 4, words.byteOffset + (at + width) * 4));
}

/**
 * Min and max (unsigned byte order) of string `indexes[k]` for k in `[0, count)`, or of strings
 * `[first, first + count)` when `indexes` is null; null when there are none or either is longer than MAX_STAT_BYTES.
 */
export function byteArrayMinMax(
  strings: ByteArrays,
  indexes: Int32Array | null,
  first: number,
  count: number,
): MinMax | null {
  if (count === 0) return null;
  const { offsets, bytes } = strings;
  const s0 = indexes === null ? first : indexes[0]!;
  let minFrom = offsets[s0]!;
  let minTo = offsets[s0 + 1]!;
  let minKey = prefixKey(bytes, minFrom, minTo);
  let maxFrom = minFrom;
  let maxTo = minTo;
  let maxKey = minKey;
  for (let k = 1; k < count; k++) {
    const s = indexes === null ? first + k : indexes[k]!;
    const from = offsets[s]!;
    const to = offsets[s + 1]!;
    // the first 4 bytes decide most comparisons without looking further
    const key = prefixKey(bytes, from, to);
    if (key < minKey || (key === minKey && compareBytes(bytes, from, to, minFrom, minTo) < 0)) {
      minFrom = from;
      minTo = to;
      minKey = key;
    } else if (key > maxKey || (key === maxKey && compareBytes(bytes, from, to, maxFrom, maxTo) > 0)) {
      maxFrom = from;
      maxTo = to;
      maxKey = key;
    }
  }
  if (minTo - minFrom > MAX_STAT_BYTES || maxTo - maxFrom > MAX_STAT_BYTES) return null;
  return { min: bytes.slice(minFrom, minTo), max: bytes.slice(maxFrom, maxTo) };
}

/** The first 4 bytes as a big-endian unsigned number, zero-padded: orders like the bytes, ties need a full compare. */
function prefixKey(bytes: Uint8Array, from: number, to: number): number {
  const n = to - from;
  if (n >= 4)
    return ((bytes[from]! << 24) | (bytes[from + 1]! << 16) | (bytes[from + 2]! << 8) | bytes[from + 3]!) >>> 0;
  let key = 0;
  for (let k = 0; k < 4; k++) key = key * 256 + (k < n ? bytes[from + k]! : 0);
  return key;
}

/** Compares `bytes[a, aEnd)` with `bytes[b, bEnd)` as unsigned byte strings. */
export function compareBytes(bytes: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): number {
  const n = Math.min(aEnd - a, bEnd - b);
  for (let k = 0; k < n; k++) {
    const d = bytes[a + k]! - bytes[b + k]!;
    if (d !== 0) return d;
  }
  return aEnd - a - (bEnd - b);
}

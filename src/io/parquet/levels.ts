/** Definition levels of a flat OPTIONAL column: 1 where Arrow's validity bit is set, 0 for null. */
import type { ByteSink } from './byte-sink.js';
import { writeU32 } from './byte-sink.js';
import { writeHybrid } from './hybrid.js';

/**
 * Fills `levels[0, count)` with the definition levels of rows `[start, start + count)` and returns how many are
 * null; `bitOffset` is the Arrow data's offset into its validity bitmap (null bitmap = every row valid).
 */
export function definitionLevels(
  validity: Uint8Array | null,
  bitOffset: number,
  start: number,
  count: number,
  levels: Int32Array,
): number {
  if (validity === null) {
    levels.fill(1, 0, count);
    return 0;
  }
  let nulls = 0;
  for (let i = 0; i < count; i++) {
    const pos = bitOffset + start + i;
    const level = (validity[pos >> 3]! >> (pos & 7)) & 1;
    levels[i] = level;
    nulls += level ^ 1;
  }
  return nulls;
}

/** Appends the level block of `count` rows that are all valid: one RLE run of 1s (same bytes writeHybrid gives). */
export function writeAllValidLevelBlock(out: ByteSink, count: number): void {
  out.ensure(4);
  const at = out.length;
  out.length += 4;
  out.varint(count * 2);
  out.u8(1);
  writeU32(out.bytes, at, out.length - at - 4);
}

/** Appends the levels as a DataPage v1 block: 4-byte little-endian length, then the hybrid runs (bit width 1). */
export function writeLevelBlock(out: ByteSink, levels: Int32Array, count: number): void {
  out.ensure(4);
  const at = out.length;
  out.length += 4;
  writeHybrid(out, levels, count, 1);
  writeU32(out.bytes, at, out.length - at - 4);
}

/**
 * The precision check of Decimal columns before they are written: Parquet INT64 DECIMAL(p, s) keeps the low 64
 * bits of Arrow's 128-bit value, so a value of more than p digits (or beyond 64 bits) would be written wrong.
 */

/** Bounds of a DECIMAL(p) as signed high / unsigned low 32-bit halves of ±(10^p - 1). */
interface Bounds {
  readonly maxHi: number;
  readonly maxLo: number;
  readonly minHi: number;
  readonly minLo: number;
}

function boundsOf(precision: number): Bounds {
  const max = 10n ** BigInt(precision) - 1n;
  const min = -max;
  return {
    maxHi: Number(BigInt.asIntN(32, max >> 32n)),
    maxLo: Number(BigInt.asUintN(32, max)),
    minHi: Number(BigInt.asIntN(32, min >> 32n)),
    minLo: Number(BigInt.asUintN(32, min)),
  };
}

/**
 * The first valid row in `[0, length)` whose decimal value (little-endian two's complement, `stride` 32-bit
 * words per value, at least 2) has more than `precision` digits, or -1 when every value fits.
 * @example
 * firstOutOfPrecision(new Int32Array([5, 0, 1, 0]), 4, 1, null, 0, 18); // 0: the value is 2^64 + 5
 */
export function firstOutOfPrecision(
  words: Int32Array,
  stride: number,
  length: number,
  validity: Uint8Array | null,
  bitOffset: number,
  precision: number,
): number {
  const { maxHi, maxLo, minHi, minLo } = boundsOf(precision);
  for (let i = 0; i < length; i++) {
    if (validity !== null) {
      const pos = bitOffset + i;
      if (((validity[pos >> 3]! >> (pos & 7)) & 1) === 0) continue;
    }
    const at = i * stride;
    const lo = words[at]! >>> 0;
    const hi = words[at + 1]!;
    if (hi > maxHi || (hi === maxHi && lo > maxLo) || hi < minHi || (hi === minHi && lo < minLo)) return i;
    // the words above the low 64 bits must only repeat its sign
    const sign = hi >> 31;
    for (let k = 2; k < stride; k++) if (words[at + k] !== sign) return i;
  }
  return -1;
}

/** The decimal value at row `row` as a bigint (its unscaled integer). */
export function decimalAt(words: Int32Array, stride: number, row: number): bigint {
  let value = 0n;
  for (let k = stride - 1; k >= 0; k--) value = (value << 32n) | BigInt(words[row * stride + k]! >>> 0);
  return BigInt.asIntN(32 * stride, value);
}

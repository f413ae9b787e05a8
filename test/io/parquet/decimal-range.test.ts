import { describe, expect, it } from 'vitest';
import { decimalAt, firstOutOfPrecision } from '../../../src/io/parquet/decimal-range.js';

/** 128-bit little-endian words of each value. */
function words128(values: readonly bigint[]): Int32Array {
  const out = new Int32Array(values.length * 4);
  values.forEach((v, i) => {
    const wide = BigInt.asUintN(128, v);
    for (let k = 0; k < 4; k++) out[i * 4 + k] = Number(BigInt.asIntN(32, wide >> BigInt(32 * k)));
  });
  return out;
}

describe('firstOutOfPrecision', () => {
  it('finds the first value with more digits than the precision, either sign', () => {
    expect(firstOutOfPrecision(words128([999n, -999n, 0n]), 4, 3, null, 0, 3)).toBe(-1);
    expect(firstOutOfPrecision(words128([999n, -1000n, 1000n]), 4, 3, null, 0, 3)).toBe(1);
    const limit = 10n ** 18n;
    expect(firstOutOfPrecision(words128([limit - 1n, 1n - limit]), 4, 2, null, 0, 18)).toBe(-1);
    expect(firstOutOfPrecision(words128([0n, limit]), 4, 2, null, 0, 18)).toBe(1);
  });

  it('catches a value whose low 64 bits look small (2^64 + 5) and a negative one beyond 64 bits', () => {
    expect(firstOutOfPrecision(words128([2n ** 64n + 5n]), 4, 1, null, 0, 18)).toBe(0);
    expect(firstOutOfPrecision(words128([1n, -(2n ** 70n)]), 4, 2, null, 0, 18)).toBe(1);
  });

  it('skips null rows, reading validity from the bit offset', () => {
    const w = words128([2n ** 64n, 5n]);
    expect(firstOutOfPrecision(w, 4, 2, new Uint8Array([0b10]), 0, 18)).toBe(-1);
    expect(firstOutOfPrecision(w, 4, 2, new Uint8Array([0b100]), 1, 18)).toBe(-1);
    expect(firstOutOfPrecision(w, 4, 2, new Uint8Array([0b010]), 1, 18)).toBe(0);
  });
});

describe('decimalAt', () => {
  it('reads the unscaled value of a row, with its sign', () => {
    const w = words128([2n ** 64n + 5n, -12345n]);
    expect(decimalAt(w, 4, 0)).toBe(2n ** 64n + 5n);
    expect(decimalAt(w, 4, 1)).toBe(-12345n);
  });
});

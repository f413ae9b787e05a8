import { describe, expect, it } from 'vitest';
import { hashBytes } from '../../src/table/byte-hash.js';

describe('hashBytes', () => {
  const bytes = new TextEncoder().encode('xx José Núñez xx José Núñez');
  it('depends only on the bytes of the range, and on the seed', () => {
    const n = new TextEncoder().encode('José Núñez').length; // 13 bytes
    const a = hashBytes(bytes, 3, 3 + n);
    expect(hashBytes(bytes, 7 + n, 7 + 2 * n)).toBe(a); // the same text elsewhere in the buffer
    expect(hashBytes(bytes, 3, 2 + n)).not.toBe(a);
    expect(hashBytes(bytes, 3, 3 + n, 7)).not.toBe(a);
    expect(Number.isInteger(a) && a >= -(2 ** 31) && a < 2 ** 31).toBe(true);
  });
});

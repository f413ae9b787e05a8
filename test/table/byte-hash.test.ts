import { describe, expect, it } from 'vitest';
import { hashBytes, hashPair } from '../../src/table/byte-hash.js';

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

describe('hashPair', () => {
  it('gives hashBytes of both seeds, for every range of random bytes', () => {
    const bytes = Uint8Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 255);
    const out = new Int32Array(2);
    for (let start = 0; start < 20; start++) {
      for (let end = start; end < 64; end += 3) {
        hashPair(bytes, start, end, 0x811c9dc5 + 3, 0x01000193 * 10, out);
        expect([out[0], out[1]]).toEqual([
          hashBytes(bytes, start, end, 0x811c9dc5 + 3),
          hashBytes(bytes, start, end, 0x01000193 * 10),
        ]);
      }
    }
  });
});

/** One hash of a byte range (FNV-1a over 32-bit words, then a final mix), shared by every byte-keyed lookup. */

/** A 32-bit hash of `bytes[start, end)`; `seed` gives independent hashes of the same bytes. */
export function hashBytes(bytes: Uint8Array, start: number, end: number, seed = 0x811c9dc5): number {
  let h = (seed ^ (end - start)) | 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    h = Math.imul(h ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)), 0x01000193);
  }
  for (; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}

/**
 * `hashBytes(bytes, start, end, seedA)` and `hashBytes(…, seedB)` in one pass over the bytes, into `out[0]`, `out[1]`.
 */
export function hashPair(
  bytes: Uint8Array,
  start: number,
  end: number,
  seedA: number,
  seedB: number,
  out: Int32Array,
): void {
  let h = (seedA ^ (end - start)) | 0;
  let g = (seedB ^ (end - start)) | 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const w = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    h = Math.imul(h ^ w, 0x01000193);
    g = Math.imul(g ^ w, 0x01000193);
  }
  for (; i < end; i++) {
    h = Math.imul(h ^ bytes[i]!, 0x01000193);
    g = Math.imul(g ^ bytes[i]!, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  out[0] = h ^ (h >>> 13);
  g ^= g >>> 15;
  g = Math.imul(g, 0x85ebca6b);
  out[1] = g ^ (g >>> 13);
}

/**
 * Dictionaries for plain Utf8 columns, built per row group by hashing the UTF-8 bytes in place (no string
 * decoding): repeated text such as customer names is written as a DICTIONARY_PAGE plus codes. Mostly-distinct
 * text is detected on a sample and left PLAIN.
 */
import type { ByteArrays } from './column-source.js';
import type { LocalDictionary } from './dictionary.js';
import { hashBytes } from '../../table/byte-hash.js';

/** Values looked at before deciding whether a chunk is worth a dictionary. */
const SAMPLE = 4096;

/** Builds Utf8 dictionaries in its own open-addressing table (one per file writer, never shared). */
export class Utf8DictionaryBuilder {
  private slots = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 10);
  private used = new Int32Array(1 << 10);
  private codes = new Int32Array(1 << 10);

  /**
   * Dictionary-encodes rows `[start, end)` of `strings` (skipping rows whose validity bit is clear): `used[l]`
   * is the row holding local entry l, in first-use order. Returns null when the text is mostly distinct (more
   * than 3 in 4 of the first SAMPLE values, or of all values), so PLAIN is the better encoding.
   * The result's arrays are reused by the next call.
   */
  build(
    strings: ByteArrays,
    start: number,
    end: number,
    validity: Uint8Array | null,
    bitOffset: number,
  ): LocalDictionary | null {
    const rows = end - start;
    let capacity = 1 << 10;
    while (capacity < rows * 2) capacity *= 2;
    if (this.slots.length < capacity) this.slots = new Int32Array(capacity);
    if (this.used.length < rows) {
      this.hashes = new Int32Array(rows);
      this.used = new Int32Array(rows);
      this.codes = new Int32Array(rows);
    }
    const { slots, hashes, used, codes } = this;
    slots.fill(-1, 0, capacity);
    const mask = capacity - 1;
    const { offsets, bytes } = strings;
    let usedCount = 0;
    let codeCount = 0;
    for (let i = start; i < end; i++) {
      if (validity !== null) {
        const pos = bitOffset + i;
        if (((validity[pos >> 3]! >> (pos & 7)) & 1) === 0) continue;
      }
      const from = offsets[i]!;
      const to = offsets[i + 1]!;
      const h = hashBytes(bytes, from, to);
      let slot = h & mask;
      let local: number;
      for (;;) {
        local = slots[slot]!;
        if (local < 0) {
          local = usedCount++;
          slots[slot] = local;
          used[local] = i;
          hashes[local] = h;
          break;
        }
        if (hashes[local] === h) {
          const other = used[local]!;
          if (sameBytes(bytes, from, to, offsets[other]!, offsets[other + 1]!)) break;
        }
        slot = (slot + 1) & mask;
      }
      codes[codeCount++] = local;
      if (codeCount === SAMPLE && usedCount * 4 > codeCount * 3) return null;
    }
    if (usedCount * 4 > codeCount * 3) return null;
    return { used, usedCount, codes, codeCount };
  }
}

/** True when `bytes[a, aEnd)` and `bytes[b, bEnd)` hold the same bytes. */
function sameBytes(bytes: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let k = 0; k < aEnd - a; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}

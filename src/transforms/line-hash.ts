/** A 64-bit hash (two 32-bit halves) of each row's text over all columns of a raw table, from the bytes. */
import { Type, type Data, type Table } from 'apache-arrow';
import { vectorOf } from '../table/arrow-types.js';
import { hashPair } from '../table/byte-hash.js';

const NULL_A = 0x2c1b3c6d;
const NULL_B = 0x297a2d39;

/** Mixes into every row's halves its dictionary entry's hashes (`ha`, `hb` by code), or column `c`'s null hash. */
function addCoded(
  a: Int32Array,
  b: Int32Array,
  codes: Int32Array,
  validity: Uint8Array | null,
  ha: Int32Array,
  hb: Int32Array,
  c: number,
): void {
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const valid = validity === null || (validity[i >> 3]! & (1 << (i & 7))) !== 0;
    const code = codes[i]!;
    const va = valid ? ha[code]! : NULL_A + c;
    const vb = valid ? hb[code]! : NULL_B + c;
    const h = a[i]!;
    a[i] = Math.imul((h ^ va) + 0x9e3779b9, 0x85ebca6b) ^ (h >>> 13);
    const g = b[i]!;
    b[i] = Math.imul((g ^ vb) + 0x9e3779b9, 0x85ebca6b) ^ (g >>> 13);
  }
}

/** Hash halves of every row of `table` over the columns `names` (text columns: plain or dictionary). */
export function lineHashes(table: Table, names: readonly string[]): { a: Int32Array; b: Int32Array } {
  const n = table.numRows;
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  names.forEach((name, c) => {
    const d: Data = vectorOf(table, name).data[0]!;
    const validity = d.nullCount > 0 ? d.nullBitmap : null;
    const seedA = 0x811c9dc5 + c;
    const seedB = 0x01000193 * (c + 7);
    if (d.typeId === Type.Dictionary) {
      const dict = d.dictionary!.data[0]!;
      const offsets = dict.valueOffsets as Int32Array;
      const bytes = dict.values as Uint8Array;
      const size = dict.length;
      const ha = new Int32Array(size);
      const hb = new Int32Array(size);
      const pair = new Int32Array(2);
      for (let k = 0; k < size; k++) {
        hashPair(bytes, offsets[k]!, offsets[k + 1]!, seedA, seedB, pair);
        ha[k] = pair[0]!;
        hb[k] = pair[1]!;
      }
      addCoded(a, b, d.values as Int32Array, validity, ha, hb, c);
    } else {
      const offsets = d.valueOffsets as Int32Array;
      const bytes = d.values as Uint8Array;
      const pair = new Int32Array(2);
      for (let i = 0; i < n; i++) {
        const valid = validity === null || (validity[i >> 3]! & (1 << (i & 7))) !== 0;
        let va = NULL_A + c;
        let vb = NULL_B + c;
        if (valid) {
          hashPair(bytes, offsets[i]!, offsets[i + 1]!, seedA, seedB, pair);
          va = pair[0]!;
          vb = pair[1]!;
        }
        const h = a[i]!;
        a[i] = Math.imul((h ^ va) + 0x9e3779b9, 0x85ebca6b) ^ (h >>> 13);
        const g = b[i]!;
        b[i] = Math.imul((g ^ vb) + 0x9e3779b9, 0x85ebca6b) ^ (g >>> 13);
      }
    }
  });
  return { a, b };
}

/** A 64-bit hash (two 32-bit halves) of each row's text over all columns of a raw table, from the bytes. */
import { Type, type Data, type Table } from 'apache-arrow';
import { hashBytes } from '../table/byte-hash.js';
import { vectorOf } from '../table/arrow-types.js';
import { isValid } from '../table/columns.js';

const NULL_A = 0x2c1b3c6d;
const NULL_B = 0x297a2d39;

function combine(h: number, v: number): number {
  return Math.imul((h ^ v) + 0x9e3779b9, 0x85ebca6b) ^ (h >>> 13);
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
    const add = (i: number, va: number, vb: number): void => {
      a[i] = combine(a[i]!, va);
      b[i] = combine(b[i]!, vb);
    };
    if (d.typeId === Type.Dictionary) {
      const dict = d.dictionary!.data[0]!;
      const offsets = dict.valueOffsets as Int32Array;
      const bytes = dict.values as Uint8Array;
      const size = dict.length;
      const ha = new Int32Array(size);
      const hb = new Int32Array(size);
      for (let k = 0; k < size; k++) {
        ha[k] = hashBytes(bytes, offsets[k]!, offsets[k + 1]!, seedA);
        hb[k] = hashBytes(bytes, offsets[k]!, offsets[k + 1]!, seedB);
      }
      const codes = d.values as Int32Array;
      for (let i = 0; i < n; i++) {
        if (isValid(validity, i)) add(i, ha[codes[i]!]!, hb[codes[i]!]!);
        else add(i, NULL_A + c, NULL_B + c);
      }
    } else {
      const offsets = d.valueOffsets as Int32Array;
      const bytes = d.values as Uint8Array;
      for (let i = 0; i < n; i++) {
        if (isValid(validity, i))
          add(
            i,
            hashBytes(bytes, offsets[i]!, offsets[i + 1]!, seedA),
            hashBytes(bytes, offsets[i]!, offsets[i + 1]!, seedB),
          );
        else add(i, NULL_A + c, NULL_B + c);
      }
    }
  });
  return { a, b };
}

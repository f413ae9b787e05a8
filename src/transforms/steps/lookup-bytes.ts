/**
 * The lookups' join on UTF-8 bytes: an entity's keys hashed from their bytes, each line dictionary entry probed
 * once, the entity's values appended to the output dictionaries as bytes — no string per key or value. It gives
 * what the string join gives (`lookUp` falls back to that): for valid UTF-8, equal text is equal bytes once a
 * leading BOM is set aside where the string join's decoding drops it (dictionary entries, Arrow's `get`).
 */
import { Type, type DataType, type Table, type Vector } from 'apache-arrow';
import { DictionaryBuilder } from '../../table/builders.js';
import { dictionaryBytes, isValid, utf8Bytes } from '../../table/columns.js';
import { vectorOf } from '../../table/arrow-types.js';
import { NullMarks, dictionaryVector } from '../../table/gather.js';
import { isValidUtf8 } from '../../table/utf8.js';
import { RunText } from '../run-text.js';

/** A text column's rows as byte ranges: row `r` is `bytes[start[r], end[r])`, or null where `start[r]` < 0. */
interface RowBytes {
  readonly bytes: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
}

/** The start of `bytes[start, end)` past one leading UTF-8 BOM (EF BB BF), if it has one. */
function afterBom(bytes: Uint8Array, start: number, end: number): number {
  return end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf
    ? start + 3
    : start;
}

/**
 * Each row's bytes of a text column as the string join reads it (`stripBom`: also drop a leading BOM from plain
 * rows, as Arrow's decoding does; dictionary entries always drop it); null when the column's bytes are not valid
 * UTF-8 or it is not a one-chunk text column.
 */
function rowBytes(table: Table, name: string, stripBom: boolean): RowBytes | null {
  const n = table.numRows;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const dict = dictionaryBytes(table, name);
  if (dict !== null) {
    if (!isValidUtf8(dict.bytes, dict.offsets[0]!, dict.offsets[dict.size]!)) return null;
    for (let r = 0; r < n; r++) {
      const c = dict.codes[r]!;
      if (c < 0) start[r] = -1;
      else {
        end[r] = dict.offsets[c + 1]!;
        start[r] = afterBom(dict.bytes, dict.offsets[c]!, end[r]!);
      }
    }
    return { bytes: dict.bytes, start, end };
  }
  const v: Vector<DataType> = vectorOf(table, name);
  if (v.data.length !== 1 || v.data[0]!.typeId !== Type.Utf8) return null;
  const plain = utf8Bytes(table, name)!;
  if (!isValidUtf8(plain.bytes, plain.offsets[0]!, plain.offsets[n]!)) return null;
  for (let r = 0; r < n; r++) {
    if (!isValid(plain.validity, r)) start[r] = -1;
    else {
      end[r] = plain.offsets[r + 1]!;
      start[r] = stripBom ? afterBom(plain.bytes, plain.offsets[r]!, end[r]!) : plain.offsets[r]!;
    }
  }
  return { bytes: plain.bytes, start, end };
}

/**
 * For each entry of the lines' key dictionary, the first entity row with that key (-1: none); null when the
 * byte join cannot answer exactly as the string join (the lines' key is not a dictionary column, or bytes are
 * not valid UTF-8).
 */
function targetRows(lines: Table, entity: Table, key: string): { codes: Int32Array; target: Int32Array } | null {
  const ids = dictionaryBytes(lines, key);
  if (ids === null || !isValidUtf8(ids.bytes, ids.offsets[0]!, ids.offsets[ids.size]!)) return null;
  const keys = rowBytes(entity, key, true);
  if (keys === null) return null;
  // entity keys get codes 0 … known-1 in order of first row; a line key's code past those is unknown
  const text = new RunText();
  const firstRow: number[] = [];
  const rows = entity.numRows; // a getter that walks the table's batches: read once
  for (let r = 0; r < rows; r++) {
    const s = keys.start[r]!;
    if (s >= 0 && text.codeOfBytes(keys.bytes, s, keys.end[r]!) === firstRow.length) firstRow.push(r);
  }
  const known = firstRow.length;
  const target = new Int32Array(ids.size);
  for (let k = 0; k < ids.size; k++) {
    const e = ids.offsets[k + 1]!;
    const code = text.codeOfBytes(ids.bytes, afterBom(ids.bytes, ids.offsets[k]!, e), e);
    target[k] = code < known ? firstRow[code]! : -1;
  }
  return { codes: ids.codes, target };
}

/**
 * The byte join of `lines` to `entity` on `key`: each added column's vector (dictionaries in the order values
 * are first used) and how many lines found no entity; null when only the string join can answer exactly.
 */
export function lookUpBytes(
  lines: Table,
  entity: Table,
  key: string,
  columns: readonly string[],
): { vectors: Vector[]; unknown: number } | null {
  const join = targetRows(lines, entity, key);
  if (join === null) return null;
  const values: RowBytes[] = [];
  for (const name of columns) {
    // the string join reads entity values with `textReader`: plain rows keep a BOM, dictionary entries drop it
    const v = rowBytes(entity, name, false);
    if (v === null) return null;
    values.push(v);
  }
  const { codes, target } = join;
  const n = codes.length;
  // per added column: each entity row's output code (-2: not used yet, -1: null), the rows' codes, their nulls
  const builders = columns.map(() => new DictionaryBuilder());
  const outCodes = columns.map(() => new Int32Array(entity.numRows).fill(-2));
  const rowCodes = columns.map(() => new Int32Array(n));
  const nulls = columns.map(() => new NullMarks(n));
  let unknown = 0;
  for (let i = 0; i < n; i++) {
    const code = codes[i]!;
    const row = code < 0 ? -1 : target[code]!;
    if (row < 0) {
      unknown++;
      for (const marks of nulls) marks.markNull(i);
      continue;
    }
    for (let c = 0; c < builders.length; c++) {
      const outCode = outCodes[c]!;
      let known = outCode[row]!;
      if (known === -2) {
        const v = values[c]!;
        const s = v.start[row]!;
        known = outCode[row] = s < 0 ? -1 : builders[c]!.entryOfUtf8(v.bytes, s, v.end[row]!);
      }
      if (known >= 0) rowCodes[c]![i] = known;
      else nulls[c]!.markNull(i);
    }
  }
  const vectors = builders.map((b, c) => dictionaryVector(rowCodes[c]!, nulls[c]!, b.dictionary()));
  return { vectors, unknown };
}

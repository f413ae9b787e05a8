/**
 * Group keys for `groupBy`, columnar: each key column becomes one Int32Array of order-preserving ranks (nulls
 * rank last), and the per-row ranks are combined into one dense group id per row whose numeric order is the
 * order of the key tuples. No object per row.
 */
import { isUtf8 } from 'node:buffer';
import {
  DataType,
  DateDay,
  DateUnit,
  Dictionary,
  Int32,
  Int64,
  Type,
  Utf8,
  makeData,
  makeVector,
  type Data,
  type Table,
  type Vector,
} from 'apache-arrow';
import { SchemaError } from '../errors.js';
import { DictionaryBuilder, Int32Builder, Int64Builder, Utf8Builder, builderFor } from '../table/builders.js';
import { fieldType, vectorOf } from '../table/arrow-types.js';
import { hashBytes } from '../table/byte-hash.js';
import { bigintColumn, codedColumn, int32Column, isValid } from '../table/columns.js';
import { date, dictString, int32, int64, plainString, type ColumnType } from '../schemas/types.js';

/** Largest count of distinct ids for which a mixed-radix id is an exact double (2^53). */
export const MAX_EXACT_IDS = 2 ** 53;

/** One key column, encoded: `ranks[row]` in [0, cardinality), ascending with the value, null = last rank. */
export interface EncodedKey {
  readonly name: string;
  readonly type: ColumnType;
  readonly ranks: Int32Array;
  readonly cardinality: number;
  /** The key's values at `rows` (one per group), as a vector of the input's Arrow type. */
  readonly valuesAt: (rows: Int32Array) => Vector;
}

/** Every row's group id (0-based, numbered in ascending key order), the group count and each group's first row. */
export interface GroupIds {
  readonly groupOf: Int32Array;
  readonly groups: number;
  readonly firstRow: Int32Array;
}

/** Encodes key column `name` (text, dictionary text, Int32, DateDay or Int64); throws SchemaError otherwise. */
export function encodeKey(table: Table, name: string): EncodedKey {
  const type = keyType(table, name);
  if (table.numRows === 0) return emptyKey(name, type);
  switch (type.kind) {
    case 'string':
      return textKey(table, name, type);
    case 'int32':
    case 'date':
      return int32Key(table, name, type);
    default:
      return int64Key(table, name);
  }
}

/** The logical type of key column `name`, from the table's schema. */
function keyType(table: Table, name: string): ColumnType {
  const type = fieldType(table, name);
  if (DataType.isUtf8(type)) return plainString();
  if (DataType.isDictionary(type) && DataType.isUtf8(type.dictionary)) return dictString();
  if (DataType.isInt(type) && type.isSigned && type.bitWidth === 32) return int32();
  if (DataType.isDate(type) && type.unit === DateUnit.DAY) return date();
  if (DataType.isInt(type) && type.isSigned && type.bitWidth === 64) return int64();
  throw new SchemaError(
    'groupby.key_type',
    `key column "${name}" is ${String(type)}; keys must be text, int32, date or int64`,
    {
      column: name,
    },
  );
}

function emptyKey(name: string, type: ColumnType): EncodedKey {
  return { name, type, ranks: new Int32Array(0), cardinality: 1, valuesAt: () => builderFor(type).finish() };
}

function textKey(table: Table, name: string, type: ColumnType): EncodedKey {
  const plain = plainChunk(table, name);
  if (plain !== null) return plainTextKey(name, type, plain);
  const { codes, dictionary } = codedColumn(table, name);
  const { rankOfCode, distinct } = rankStrings(dictionary);
  const ranks = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    ranks[i] = c < 0 ? distinct : rankOfCode[c]!;
  }
  const entries = dictionaryChunk(table, name);
  const fast = entries !== null && exactUtf8(entries);
  const valuesAt = (rows: Int32Array): Vector => {
    if (type.kind === 'string' && !type.dictionary) {
      const b = new Utf8Builder();
      for (const r of rows) b.append(codes[r]! < 0 ? null : dictionary[codes[r]!]!);
      return b.finish();
    }
    if (fast) return dictionaryValuesAt(rows, codes, rankOfCode, distinct, entries);
    // each distinct string is added once; later rows append its output code
    const b = new DictionaryBuilder();
    const outCode = new Int32Array(distinct).fill(-1);
    let added = 0;
    for (const r of rows) {
      const c = codes[r]!;
      if (c < 0) b.appendNull();
      else if (outCode[ranks[r]!]! >= 0) b.appendCode(outCode[ranks[r]!]!);
      else {
        outCode[ranks[r]!] = added++;
        b.append(dictionary[c]!);
      }
    }
    return b.finish();
  };
  return { name, type, ranks, cardinality: distinct + 1, valuesAt };
}

/** Ranks of strings in code-unit order (`<`); equal strings share a rank. */
function rankStrings(dictionary: readonly string[]): { rankOfCode: Int32Array; distinct: number } {
  const order = Array.from(dictionary.keys()).sort((a, b) => compareText(dictionary[a]!, dictionary[b]!));
  const rankOfCode = new Int32Array(dictionary.length);
  let distinct = 0;
  for (let k = 0; k < order.length; k++) {
    if (k > 0 && dictionary[order[k]!] !== dictionary[order[k - 1]!]) distinct++;
    rankOfCode[order[k]!] = distinct;
  }
  if (order.length > 0) distinct++;
  return { rankOfCode, distinct };
}

/** A plain Utf8 column's one chunk (offsets, bytes, validity), or null when it is not one (dictionary, chunked). */
/** A plain Utf8 column's one chunk. */
interface PlainChunk {
  readonly offsets: Int32Array;
  readonly bytes: Uint8Array;
  readonly validity: Uint8Array | null;
  readonly length: number;
}

function plainChunk(table: Table, name: string): PlainChunk | null {
  const v = vectorOf(table, name);
  if (v.data.length !== 1) return null;
  const d: Data = v.data[0]!;
  if (d.typeId !== Type.Utf8 || d.offset !== 0) return null;
  const bitmap = d.nullBitmap as Uint8Array | undefined;
  const validity = d.nullCount === 0 || !bitmap || bitmap.length === 0 ? null : bitmap;
  return { offsets: d.valueOffsets as Int32Array, bytes: d.values as Uint8Array, validity, length: d.length };
}

/**
 * A plain text key read from its UTF-8 bytes: rows are coded by an open-addressing hash of their bytes, so each
 * distinct value is decoded once (not once per row), and `valuesAt` copies the bytes of valid UTF-8 values.
 * Values still compare as decoded strings, so byte strings that decode alike share a rank, as before.
 */
function plainTextKey(name: string, type: ColumnType, chunk: PlainChunk): EncodedKey {
  const { offsets, bytes, validity, length } = chunk;
  const codes = new Int32Array(length);
  let capacity = 1024;
  while (capacity < 2 * length) capacity *= 2;
  const slots = new Int32Array(capacity).fill(-1); // code of the value in that slot
  const mask = capacity - 1;
  const firstOfCode: number[] = []; // a row holding each code's bytes
  const hashOfCode: number[] = [];
  for (let i = 0; i < length; i++) {
    if (!isValid(validity, i)) {
      codes[i] = -1;
      continue;
    }
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    const h = hashBytes(bytes, start, end);
    let slot = h & mask;
    for (;;) {
      const c = slots[slot]!;
      if (c < 0) {
        slots[slot] = codes[i] = firstOfCode.length;
        firstOfCode.push(i);
        hashOfCode.push(h);
        break;
      }
      if (
        hashOfCode[c] === h &&
        sameBytes(bytes, offsets[firstOfCode[c]!]!, offsets[firstOfCode[c]! + 1]!, start, end)
      ) {
        codes[i] = c;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dictionary = firstOfCode.map((r) => buffer.toString('utf8', offsets[r], offsets[r + 1]));
  const { rankOfCode, distinct } = rankStrings(dictionary);
  const ranks = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const c = codes[i]!;
    ranks[i] = c < 0 ? distinct : rankOfCode[c]!;
  }
  // a value's bytes can be copied as they are when they are valid UTF-8 (decoding then encoding gives them back)
  const exact = firstOfCode.map((r) => isUtf8(bytes.subarray(offsets[r], offsets[r + 1])));
  const valuesAt = (rows: Int32Array): Vector => {
    if (type.kind === 'string' && !type.dictionary) {
      const gathered = gatherUtf8(chunk, rows);
      if (gathered !== null) return gathered;
      const b = new Utf8Builder();
      for (const r of rows) {
        const c = codes[r]!;
        if (c < 0) b.appendNull();
        else if (exact[c]) b.appendUtf8(bytes, offsets[r]!, offsets[r + 1]!);
        else b.append(dictionary[c]!);
      }
      return b.finish();
    }
    const b = new DictionaryBuilder();
    const outCode = new Int32Array(distinct).fill(-1);
    let added = 0;
    for (const r of rows) {
      const c = codes[r]!;
      if (c < 0) b.appendNull();
      else if (outCode[ranks[r]!]! >= 0) b.appendCode(outCode[ranks[r]!]!);
      else {
        outCode[ranks[r]!] = added++;
        b.append(dictionary[c]!);
      }
    }
    return b.finish();
  };
  return { name, type, ranks, cardinality: distinct + 1, valuesAt };
}

/** The dictionary entries of a one-chunk dictionary text column, as a plain chunk; null for other columns. */
function dictionaryChunk(table: Table, name: string): PlainChunk | null {
  const v = vectorOf(table, name);
  if (v.data.length !== 1) return null;
  const d: Data = v.data[0]!;
  if (d.typeId !== Type.Dictionary || d.offset !== 0) return null;
  const e: Data | undefined = d.dictionary?.data.length === 1 ? d.dictionary.data[0] : undefined;
  if (e?.typeId !== Type.Utf8 || e.offset !== 0 || e.nullCount > 0) return null;
  return { offsets: e.valueOffsets as Int32Array, bytes: e.values as Uint8Array, validity: null, length: e.length };
}

/** True when every value of the chunk is valid UTF-8 on its own (see `gatherUtf8`). */
function exactUtf8({ offsets, bytes, length }: PlainChunk): boolean {
  for (let k = 0; k < length; k++) {
    if (offsets[k + 1]! > offsets[k]! && (bytes[offsets[k]!]! & 0xc0) === 0x80) return false;
  }
  return isUtf8(bytes.subarray(offsets[0], offsets[length]));
}

/**
 * A dictionary key's values at `rows`, built directly: rows get output codes in order of first appearance of
 * their value (`keyOf[code]` identifies equal values), and the output dictionary copies those entries' bytes —
 * what a DictionaryBuilder fed the same strings gives, without a call per row. `entries` must be exact UTF-8.
 */
function dictionaryValuesAt(
  rows: Int32Array,
  codes: Int32Array,
  keyOf: Int32Array,
  keyCount: number,
  entries: PlainChunk,
): Vector {
  const n = rows.length;
  const outCodes = new Int32Array(n);
  const outOf = new Int32Array(keyCount).fill(-1);
  const used: number[] = [];
  let bits: Uint8Array | null = null;
  let nulls = 0;
  for (let k = 0; k < n; k++) {
    const c = codes[rows[k]!]!;
    if (c < 0) {
      if (bits === null) {
        bits = new Uint8Array((n >> 3) + 1);
        for (let j = 0; j < k; j++) bits[j >> 3]! |= 1 << (j & 7);
      }
      nulls++;
      continue;
    }
    if (bits !== null) bits[k >> 3]! |= 1 << (k & 7);
    let o = outOf[keyOf[c]!]!;
    if (o < 0) {
      o = outOf[keyOf[c]!] = used.length;
      used.push(c);
    }
    outCodes[k] = o;
  }
  const dictionary = gatherUtf8(entries, Int32Array.from(used))!;
  return makeVector(
    makeData({
      type: new Dictionary(new Utf8(), new Int32()),
      length: n,
      nullCount: nulls,
      ...(bits !== null ? { nullBitmap: bits } : {}),
      data: outCodes,
      dictionary: dictionary as Vector<Utf8>,
    }),
  );
}

/** Each dictionary entry's first equal entry (equal bytes), so equal values share an id; and the id count. */
function entryKeys({ offsets, bytes, length }: PlainChunk): { keyOf: Int32Array; count: number } {
  const keyOf = new Int32Array(length);
  let capacity = 1024;
  while (capacity < 2 * length) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1);
  let count = 0;
  const firstOf = new Int32Array(length);
  for (let k = 0; k < length; k++) {
    let slot = hashBytes(bytes, offsets[k]!, offsets[k + 1]!) & mask;
    for (;;) {
      const id = slots[slot]!;
      if (id < 0) {
        slots[slot] = keyOf[k] = count;
        firstOf[count++] = k;
        break;
      }
      const f = firstOf[id]!;
      if (sameBytes(bytes, offsets[f]!, offsets[f + 1]!, offsets[k]!, offsets[k + 1]!)) {
        keyOf[k] = id;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { keyOf, count };
}

/**
 * The values of a plain text chunk at `rows`, their bytes copied into exactly sized buffers; null unless every
 * value copied is valid UTF-8 on its own (then decoding and encoding would give the same bytes back): the whole
 * copy is valid UTF-8 and no value starts inside a character.
 */
function gatherUtf8({ offsets, bytes, validity }: PlainChunk, rows: Int32Array): Vector | null {
  const n = rows.length;
  let total = 0;
  for (let k = 0; k < n; k++) total += offsets[rows[k]! + 1]! - offsets[rows[k]!]!;
  const out = new Uint8Array(total);
  const outOffsets = new Int32Array(n + 1);
  const bits = validity === null ? null : new Uint8Array((n >> 3) + 1);
  let nulls = 0;
  let at = 0;
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    if (bits !== null) {
      if (isValid(validity, r)) bits[k >> 3]! |= 1 << (k & 7);
      else nulls++;
    }
    const start = offsets[r]!;
    const end = offsets[r + 1]!;
    if (end > start && (bytes[start]! & 0xc0) === 0x80) return null;
    if (end - start <= 32) for (let j = start; j < end; j++) out[at++] = bytes[j]!;
    else {
      out.set(bytes.subarray(start, end), at);
      at += end - start;
    }
    outOffsets[k + 1] = at;
  }
  if (!isUtf8(out)) return null;
  return makeVector(
    makeData({
      type: new Utf8(),
      length: n,
      nullCount: nulls,
      ...(bits !== null && nulls > 0 ? { nullBitmap: bits } : {}),
      valueOffsets: outOffsets,
      data: out,
    }),
  );
}

/**
 * Whether plain text key `name` adds nothing to the grouping `ids`: every row holds the same bytes (or null) as
 * its group's first row — e.g. a customer's name after the customer id. Such a key splits no group and cannot
 * change the groups' order, so it need not be encoded: its values are its first rows' values.
 */
export function dependentTextKey(table: Table, name: string, ids: GroupIds): EncodedKey | null {
  if (table.numRows === 0) return null;
  const type = fieldType(table, name);
  if (DataType.isDictionary(type)) return dependentDictionaryKey(table, name, ids);
  if (!DataType.isUtf8(type)) return null;
  const chunk = plainChunk(table, name);
  if (chunk === null) return null;
  const { offsets, bytes, validity, length } = chunk;
  const { groupOf, firstRow } = ids;
  for (let i = 0; i < length; i++) {
    const f = firstRow[groupOf[i]!]!;
    if (f === i) continue;
    const valid = isValid(validity, i);
    if (valid !== isValid(validity, f)) return null;
    if (valid && !sameBytes(bytes, offsets[f]!, offsets[f + 1]!, offsets[i]!, offsets[i + 1]!)) return null;
  }
  const valuesAt = (rows: Int32Array): Vector => {
    const gathered = gatherUtf8(chunk, rows);
    if (gathered !== null) return gathered;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const b = new Utf8Builder();
    for (const r of rows) b.append(isValid(validity, r) ? buffer.toString('utf8', offsets[r], offsets[r + 1]) : null);
    return b.finish();
  };
  // ranks are not needed (the key is not combined); cardinality 1 keeps it neutral if it ever were
  return { name, type: plainString(), ranks: new Int32Array(length), cardinality: 1, valuesAt };
}

/** `dependentTextKey` for a dictionary column: rows must hold their group's first row's code (or null). */
function dependentDictionaryKey(table: Table, name: string, ids: GroupIds): EncodedKey | null {
  const entries = dictionaryChunk(table, name);
  if (entries === null || !exactUtf8(entries)) return null;
  const d: Data = vectorOf(table, name).data[0]!;
  const bitmap = d.nullBitmap as Uint8Array | undefined;
  const validity = d.nullCount === 0 || !bitmap || bitmap.length === 0 ? null : bitmap;
  const raw = d.values as Int32Array;
  const { groupOf, firstRow } = ids;
  const length = d.length;
  for (let i = 0; i < length; i++) {
    const f = firstRow[groupOf[i]!]!;
    if (f === i) continue;
    const valid = isValid(validity, i);
    if (valid !== isValid(validity, f) || (valid && raw[i] !== raw[f])) return null;
  }
  const codes = new Int32Array(length);
  for (let i = 0; i < length; i++) codes[i] = isValid(validity, i) ? raw[i]! : -1;
  const valuesAt = (rows: Int32Array): Vector => {
    const { keyOf, count } = entryKeys(entries);
    return dictionaryValuesAt(rows, codes, keyOf, count, entries);
  };
  return { name, type: dictString(), ranks: new Int32Array(length), cardinality: 1, valuesAt };
}

/**
 * Group ids for `names` and each key's values: the last key, when it is text, is first checked for adding nothing
 * to the keys before it (`dependentTextKey`), which saves encoding it; otherwise every key is encoded.
 */
export function groupKeys(table: Table, names: readonly string[]): { keys: EncodedKey[]; ids: GroupIds } {
  const keys: EncodedKey[] = [];
  const combined: EncodedKey[] = [];
  let ids: GroupIds | null = null;
  for (const [k, name] of names.entries()) {
    const type = fieldType(table, name);
    // only the last key is tried (a name after its id): a check that fails costs a combine of the keys before
    if (k === names.length - 1 && k > 0 && (DataType.isUtf8(type) || DataType.isDictionary(type))) {
      ids ??= combineKeys(combined, table.numRows);
      const dependent = dependentTextKey(table, name, ids);
      if (dependent !== null) {
        keys.push(dependent);
        continue;
      }
    }
    const key = encodeKey(table, name);
    keys.push(key);
    combined.push(key);
    ids = null;
  }
  return { keys, ids: ids ?? combineKeys(combined, table.numRows) };
}

function sameBytes(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let k = 0; k < aEnd - aStart; k++) if (bytes[aStart + k] !== bytes[bStart + k]) return false;
  return true;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function int32Key(table: Table, name: string, type: ColumnType): EncodedKey {
  const { values, validity, length } = int32Column(table, name);
  let min = Infinity;
  let max = -Infinity;
  let valid = 0;
  for (let i = 0; i < length; i++) {
    if (!isValid(validity, i)) continue;
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    valid++;
  }
  const ranks = new Int32Array(length);
  let distinct = 0;
  if (valid > 0 && max - min < Math.max(1024, 2 * length)) {
    // small range: a lookup table indexed by value - min
    const rankOf = new Int32Array(max - min + 1).fill(-1);
    for (let i = 0; i < length; i++) if (isValid(validity, i)) rankOf[values[i]! - min] = 0;
    for (let k = 0; k < rankOf.length; k++) if (rankOf[k] === 0) rankOf[k] = distinct++;
    for (let i = 0; i < length; i++) ranks[i] = isValid(validity, i) ? rankOf[values[i]! - min]! : distinct;
  } else if (valid > 0) {
    const sorted = new Int32Array(valid);
    for (let i = 0, j = 0; i < length; i++) if (isValid(validity, i)) sorted[j++] = values[i]!;
    sorted.sort();
    const rankOf = new Map<number, number>();
    for (const v of sorted) if (!rankOf.has(v)) rankOf.set(v, distinct++);
    for (let i = 0; i < length; i++) ranks[i] = isValid(validity, i) ? rankOf.get(values[i]!)! : distinct;
  }
  const arrowType = type.kind === 'date' ? new DateDay() : new Int32();
  const valuesAt = (rows: Int32Array): Vector => {
    const b = new Int32Builder(arrowType);
    for (const r of rows) b.append(isValid(validity, r) ? values[r]! : null);
    return b.finish();
  };
  return { name, type, ranks, cardinality: distinct + 1, valuesAt };
}

function int64Key(table: Table, name: string): EncodedKey {
  const { values, validity, length } = bigintColumn(table, name);
  let valid = 0;
  for (let i = 0; i < length; i++) if (isValid(validity, i)) valid++;
  const sorted = new BigInt64Array(valid);
  for (let i = 0, j = 0; i < length; i++) if (isValid(validity, i)) sorted[j++] = values[i]!;
  sorted.sort();
  const rankOf = new Map<bigint, number>();
  let distinct = 0;
  for (const v of sorted) if (!rankOf.has(v)) rankOf.set(v, distinct++);
  const ranks = new Int32Array(length);
  for (let i = 0; i < length; i++) ranks[i] = isValid(validity, i) ? rankOf.get(values[i]!)! : distinct;
  const valuesAt = (rows: Int32Array): Vector => {
    const b = new Int64Builder(new Int64());
    for (const r of rows) b.append(isValid(validity, r) ? values[r]! : null);
    return b.finish();
  };
  return { name, type: int64(), ranks, cardinality: distinct + 1, valuesAt };
}

/**
 * Combines the keys' ranks into dense group ids numbered in ascending key-tuple order. Ranks are folded into a
 * mixed-radix id (an exact double) while the product of cardinalities stays ≤ `maxIds`; past that the partial
 * ids are first renumbered densely (order-preserving, at most one id per row), and if even that would
 * overflow, rows are sorted by (partial id, next rank). Exact for any input; `maxIds` is lowered only by tests.
 */
export function combineKeys(keys: readonly EncodedKey[], rows: number, maxIds: number = MAX_EXACT_IDS): GroupIds {
  let ids = new Float64Array(rows);
  let cardinality = 1;
  for (const key of keys) {
    if (cardinality * key.cardinality > maxIds) {
      const dense = densify(ids, cardinality);
      cardinality = dense.count;
      ids = Float64Array.from(dense.ranks);
    }
    if (cardinality * key.cardinality > maxIds) {
      const dense = pairRanks(ids, key.ranks);
      cardinality = dense.count;
      ids = Float64Array.from(dense.ranks);
      continue;
    }
    const radix = key.cardinality;
    const ranks = key.ranks;
    for (let i = 0; i < rows; i++) ids[i] = ids[i]! * radix + ranks[i]!;
    cardinality *= radix;
  }
  const { ranks: groupOf, count: groups } = densify(ids, cardinality);
  const firstRow = new Int32Array(groups).fill(-1);
  for (let i = 0; i < rows; i++) if (firstRow[groupOf[i]!] === -1) firstRow[groupOf[i]!] = i;
  return { groupOf, groups, firstRow };
}

/** Renumbers integer ids in [0, cardinality) as 0..count-1, keeping their order. */
function densify(ids: Float64Array, cardinality: number): { ranks: Int32Array; count: number } {
  if (cardinality <= Math.max(1 << 16, 4 * ids.length)) {
    const ranks = new Int32Array(ids.length);
    let count = 0;
    const slot = new Int32Array(cardinality).fill(-1);
    for (let i = 0; i < ids.length; i++) slot[ids[i]!] = 0;
    for (let k = 0; k < cardinality; k++) if (slot[k] === 0) slot[k] = count++;
    for (let i = 0; i < ids.length; i++) ranks[i] = slot[ids[i]!]!;
    return { ranks, count };
  }
  return densifySparse(ids);
}

/**
 * Sparse ids: each row's id is found in an open-addressing hash table (numbered by first appearance), then only
 * the distinct ids are sorted and the appearance numbers renumbered in id order: O(rows + groups log groups).
 */
function densifySparse(ids: Float64Array): { ranks: Int32Array; count: number } {
  const n = ids.length;
  let capacity = 1024;
  while (capacity < 2 * n) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1); // appearance number of the id in that slot
  const distinctIds = new Float64Array(n);
  const ranks = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = ids[i]!;
    let slot = hashId(v) & mask;
    for (;;) {
      const a = slots[slot]!;
      if (a < 0) {
        slots[slot] = ranks[i] = count;
        distinctIds[count++] = v;
        break;
      }
      if (distinctIds[a] === v) {
        ranks[i] = a;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const sorted = distinctIds.slice(0, count).sort();
  const rankOfAppearance = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const v = sorted[k]!;
    let slot = hashId(v) & mask;
    while (distinctIds[slots[slot]!] !== v) slot = (slot + 1) & mask;
    rankOfAppearance[slots[slot]!] = k;
  }
  for (let i = 0; i < n; i++) ranks[i] = rankOfAppearance[ranks[i]!]!;
  return { ranks, count };
}

/** A 32-bit hash of a non-negative integer id below 2^53. */
function hashId(v: number): number {
  const high = Math.floor(v / 4294967296);
  let h = Math.imul((v - high * 4294967296) | 0, 0x9e3779b1) ^ Math.imul(high, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

/** Dense ranks of the pairs (a[i], b[i]) in lexicographic order, by sorting row indices. */
function pairRanks(a: Float64Array, b: Int32Array): { ranks: Int32Array; count: number } {
  const order = Int32Array.from(a.keys()).sort((x, y) => a[x]! - a[y]! || b[x]! - b[y]!);
  const ranks = new Int32Array(a.length);
  let count = 0;
  for (let k = 0; k < order.length; k++) {
    const row = order[k]!;
    const prev = order[k - 1];
    if (prev !== undefined && (a[row] !== a[prev] || b[row] !== b[prev])) count++;
    ranks[row] = count;
  }
  return { ranks, count: order.length > 0 ? count + 1 : 0 };
}

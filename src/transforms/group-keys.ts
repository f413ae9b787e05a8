/**
 * Group keys for `groupBy`, columnar: each key column becomes one Int32Array of order-preserving ranks (nulls
 * rank last), and the per-row ranks are combined into one dense group id per row whose numeric order is the
 * order of the key tuples. No object per row.
 */
import { DataType, DateDay, DateUnit, Int32, Int64, type Table, type Vector } from 'apache-arrow';
import { SchemaError } from '../errors.js';
import { DictionaryBuilder, Int32Builder, Int64Builder, Utf8Builder, builderFor } from '../table/builders.js';
import { fieldType } from '../table/arrow-types.js';
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
  const { codes, dictionary } = codedColumn(table, name);
  // rank dictionary entries by code-point order (`<`); equal strings share a rank
  const order = Array.from(dictionary.keys()).sort((a, b) => compareText(dictionary[a]!, dictionary[b]!));
  const rankOfCode = new Int32Array(dictionary.length);
  let distinct = 0;
  for (let k = 0; k < order.length; k++) {
    if (k > 0 && dictionary[order[k]!] !== dictionary[order[k - 1]!]) distinct++;
    rankOfCode[order[k]!] = distinct;
  }
  if (order.length > 0) distinct++;
  const ranks = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    ranks[i] = c < 0 ? distinct : rankOfCode[c]!;
  }
  const valuesAt = (rows: Int32Array): Vector => {
    if (type.kind === 'string' && !type.dictionary) {
      const b = new Utf8Builder();
      for (const r of rows) b.append(codes[r]! < 0 ? null : dictionary[codes[r]!]!);
      return b.finish();
    }
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
  const ranks = new Int32Array(ids.length);
  let count = 0;
  if (cardinality <= Math.max(1 << 16, 4 * ids.length)) {
    const slot = new Int32Array(cardinality).fill(-1);
    for (let i = 0; i < ids.length; i++) slot[ids[i]!] = 0;
    for (let k = 0; k < cardinality; k++) if (slot[k] === 0) slot[k] = count++;
    for (let i = 0; i < ids.length; i++) ranks[i] = slot[ids[i]!]!;
    return { ranks, count };
  }
  // sparse ids: sort a copy, keep the distinct values, and find each id's rank by binary search (no Map)
  const sorted = Float64Array.from(ids).sort();
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[count - 1]) sorted[count++] = sorted[k]!;
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i]!;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = lo;
  }
  return { ranks, count };
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

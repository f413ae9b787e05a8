/**
 * The profit summary of order lines that arrive in batches, accumulated in dense arrays across the batches.
 * Each batch's dictionary entries are mapped once (not once per line) to run-wide codes; each line then gets a
 * small integer for its (year, category, sub-category) and one for its (customer id, customer name) — the name
 * is nearly always the id's first name, so that is one array read. Sums and counts live in one block per
 * (year, category, sub-category), indexed by customer, so there is no hash probe per line and no sort: the
 * output walks the blocks and the customers in key order, ranked once over the run-wide values. When the key
 * space would outgrow `maxSlots` (or the input is not what the dense path reads) it falls back, for good, to
 * partial summaries merged as they grow (`partialProfitSummary` / `mergeProfitSummaries`).
 */
import { DataType, Decimal, Dictionary, Int32, Int64, Utf8, makeData, makeVector, type Table } from 'apache-arrow';
import { SchemaError } from '../errors.js';
import { profitSummary } from '../schemas/aggregates.js';
import { column, decimal, dictString, int32, int64 } from '../schemas/types.js';
import { fieldType, vectorOf } from '../table/arrow-types.js';
import { Int32Builder, Utf8Builder } from '../table/builders.js';
import { codedColumn, decimalWords, int32Column, isValid } from '../table/columns.js';
import { emptyTable, tableFromVectors } from '../table/table.js';
import type { ProfitSummaryTable } from '../table/typed-tables.js';
import { groupBy } from './group-by.js';
import { RunText } from './run-text.js';
import { mergeProfitSummaries, partialProfitSummary } from './profit-aggregates.js';
import { aggregateKeys, summaryAggregations, type SummaryLines } from './steps/aggregates.js';

const TWO_53 = 2 ** 53;
const TWO_32 = 2 ** 32;
const TWO_21 = 2 ** 21;
const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);
const DECIMAL_18_MAX = 10n ** 18n - 1n;
/** Default ceiling on dense slots (blocks × customer tiles): 5 bytes each, ~40 MB at most. */
const MAX_SLOTS = 2 ** 23;
/** Customers per key: a slot's big-sum key is block × this + customer. */
const CUSTOMER_LIMIT = 2 ** 26;
/** Largest per-batch table from a line's local (year, category, sub-category) to its block. */
const LOCAL_TABLE_LIMIT = 2 ** 20;

/** Strings (and null) to run-wide codes, in order of first appearance. */
class RunValues<V> {
  readonly values: V[] = [];
  private readonly codes = new Map<V, number>();

  codeOf(value: V): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  /** The run-wide code of each entry of a batch's dictionary. */
  translate(dictionary: readonly V[]): Int32Array {
    const out = new Int32Array(dictionary.length);
    for (let i = 0; i < dictionary.length; i++) out[i] = this.codeOf(dictionary[i]!);
    return out;
  }
}

/** Customers per tile: a block's arrays come in tiles, so more customers add tiles and copy nothing. */
const TILE_BITS = 12;
const TILE = 1 << TILE_BITS;

/**
 * One block's profit sums and line counts by customer code c (tile c >> TILE_BITS, entry c & (TILE - 1)): 5 bytes
 * a slot, an Int32 sum and a byte of count; the few that outgrow them go on in maps (`spill`, `moreLines`).
 */
interface Block {
  readonly sums: Int32Array[];
  readonly counts: Uint8Array[];
}

/**
 * Accumulates the profit summary (order_year × category × sub_category × customer_id × customer_name: exact
 * profit sum, line count) of enriched order-line batches; `finish` equals `mergeProfitSummaries` of every
 * batch's `partialProfitSummary`, buffer for buffer. State is the object's own (no globals).
 * @example
 * const summary = new ProfitSummaryAccumulator();
 * for (const batch of batches) summary.add(batch);
 * aggregatesFromSummary(summary.finish());
 */
export class ProfitSummaryAccumulator {
  private readonly years = new RunValues<number | null>();
  private readonly categories = new RunValues<string | null>();
  private readonly subCategories = new RunValues<string | null>();
  private readonly ids = new RunText();
  private readonly names = new RunText();
  /** Block b's (year, category, sub-category) run codes. */
  private readonly blockKeys: number[] = [];
  private readonly blockOfKey = new Map<number, number>();
  private readonly blocks: Block[] = [];
  /** Customer c's (id, name) run codes. */
  private readonly customerId: number[] = [];
  private readonly customerName: number[] = [];
  /** Per id code: the name code of its first customer (-1 = none yet) and that customer's code. */
  private firstName = new Int32Array(1024).fill(-1);
  private firstCustomer = new Int32Array(1024);
  /** Other (id, name) pairs: id × CUSTOMER_LIMIT + name → customer. */
  private readonly otherPairs = new Map<number, number>();
  /** Sums of the slots whose Int32 sum would leave its range: exact doubles, then bigints past ±2^53. */
  private readonly wideSums = new Map<number, number>();
  private readonly bigSums = new Map<number, bigint>();
  /** Lines of the slots whose byte of count overflowed, beyond that byte. */
  private readonly moreLines = new Map<number, number>();
  private lines = 0;
  /** Occupied slots (groups) of the dense arrays. */
  private groups = 0;
  /** The fallback's summaries, once the dense path was left (null while it is used). */
  private parts: ProfitSummaryTable[] | null = null;
  private partRows = 0;
  private mergedRows = 0;

  /** `maxSlots` caps the dense arrays (blocks × customers); lowered only by tests. */
  constructor(private readonly maxSlots: number = MAX_SLOTS) {}

  /** Adds a batch of enriched order lines (its `order_year`, category, sub-category, customer id/name, profit). */
  add<T extends SummaryLines>(orders: Table<T>): void {
    const lines = orders as unknown as Table<SummaryLines>;
    if (lines.numRows === 0) return;
    if (this.parts === null && !(denseInput(lines) && this.addDense(lines))) this.leaveDense();
    if (this.parts !== null) this.addPart(partialProfitSummary(lines));
  }

  /** The summary of every line added, sorted by its keys (ascending, nulls last, text as `groupBy` compares). */
  finish(): ProfitSummaryTable {
    if (this.parts === null) return this.finishDense();
    return mergeProfitSummaries(this.parts.length > 0 ? this.parts : [this.finishDense()]);
  }

  /** Moves the dense state into the fallback's parts; later batches take the fallback. */
  private leaveDense(): void {
    const dense = this.lines > 0 ? this.finishDense() : null;
    this.parts = [];
    this.blocks.length = 0;
    this.bigSums.clear();
    this.wideSums.clear();
    this.moreLines.clear();
    if (dense !== null) this.addPart(dense);
  }

  /** The enrich stage's policy: merge when the unmerged parts outgrow the merged summary. */
  private addPart(part: ProfitSummaryTable): void {
    const parts = this.parts!;
    parts.push(part);
    this.partRows += part.numRows;
    if (parts.length > 1 && this.partRows >= 2 * this.mergedRows) {
      const merged = mergeProfitSummaries(parts);
      this.parts = [merged];
      this.mergedRows = this.partRows = merged.numRows;
    }
  }

  /** Adds a batch to the dense arrays; false (nothing added) when it would not fit. */
  private addDense(lines: Table<SummaryLines>): boolean {
    const rows = lines.numRows;
    const blockOf = this.blocksOfLines(lines);
    if (blockOf === null) return false;
    const customerOf = this.customersOfLines(lines);
    if (customerOf === null) return false;
    const tiles = Math.ceil(this.customerId.length / TILE);
    if (this.blockKeys.length * tiles * TILE > this.maxSlots) return false;
    this.reserve(tiles);
    const { words, stride, validity } = decimalWords(lines, 'profit');
    const blocks = this.blocks;
    let groups = 0;
    for (let i = 0; i < rows; i++) {
      const block = blocks[blockOf[i]!]!;
      const tile = customerOf[i]! >>> TILE_BITS;
      const c = customerOf[i]! & (TILE - 1);
      const counts = block.counts[tile]!;
      const n = counts[c]! + 1;
      if (n === 1) groups++;
      if (n < 256) counts[c] = n;
      else {
        // a byte of count: 255 lines move to the slot's wider count, 1 stays (so the slot stays non-empty)
        const key = blockOf[i]! * CUSTOMER_LIMIT + customerOf[i]!;
        this.moreLines.set(key, (this.moreLines.get(key) ?? 0) + 255);
        counts[c] = 1;
      }
      if (!isValid(validity, i)) continue;
      const sums = block.sums[tile]!;
      const high = words[stride * i + 1]!;
      const low = words[stride * i]! >>> 0;
      let s = NaN;
      if (high < TWO_21 && high >= -TWO_21) {
        s = sums[c]! + (high * TWO_32 + low); // exact unless |s| ≥ 2^53 (then NaN-like: not used)
        if (s <= INT32_MAX && s >= INT32_MIN) {
          sums[c] = s;
          continue;
        }
      }
      this.spill(blockOf[i]! * CUSTOMER_LIMIT + customerOf[i]!, sums, c, s, high, low);
    }
    this.lines += rows;
    this.groups += groups;
    return true;
  }

  /**
   * Moves slot `key`'s Int32 sum (`sums[c]`) and a value into the slot's wider sum: a double while every step is
   * exact (`s`, the Int32 sum plus the value, is given when it is within ±2^53), else a bigint.
   */
  private spill(key: number, sums: Int32Array, c: number, s: number, high: number, low: number): void {
    const wide = this.wideSums.get(key) ?? 0;
    if (s < TWO_53 && s > -TWO_53 && wide + s < TWO_53 && wide + s > -TWO_53) this.wideSums.set(key, wide + s);
    else {
      const value = BigInt.asIntN(64, (BigInt(high) << 32n) | BigInt(low)); // the low 64 bits, as groupBy reads
      this.bigSums.set(key, (this.bigSums.get(key) ?? 0n) + BigInt(wide) + BigInt(sums[c]!) + value);
      this.wideSums.delete(key);
    }
    sums[c] = 0;
  }

  /** Every line's block (its year × category × sub-category); null when the batch's combinations are too many. */
  private blocksOfLines(lines: Table<SummaryLines>): Int32Array | null {
    const rows = lines.numRows;
    const year = int32Column(lines, 'order_year');
    const yearOf = new Int32Array(rows);
    let last = NaN;
    let lastCode = -1;
    for (let i = 0; i < rows; i++) {
      const y = isValid(year.validity, i) ? year.values[i]! : null;
      if (y !== last) {
        lastCode = this.years.codeOf(y);
        last = y ?? NaN;
      }
      yearOf[i] = lastCode;
    }
    const cat = codedColumn(lines, 'category');
    const sub = codedColumn(lines, 'sub_category');
    const catRun = this.categories.translate(cat.dictionary);
    const subRun = this.subCategories.translate(sub.dictionary);
    const catNull = this.categories.codeOf(null);
    const subNull = this.subCategories.codeOf(null);
    const nCat = cat.dictionary.length + 1;
    const nSub = sub.dictionary.length + 1;
    const size = this.years.values.length * nCat * nSub;
    const table = size <= LOCAL_TABLE_LIMIT ? new Int32Array(size).fill(-1) : null;
    const cache = new Map<number, number>();
    const blockOf = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const cc = cat.codes[i]!;
      const sc = sub.codes[i]!;
      const local = (yearOf[i]! * nCat + cc + 1) * nSub + sc + 1;
      let b = table === null ? (cache.get(local) ?? -1) : table[local]!;
      if (b < 0) {
        b = this.blockOf(yearOf[i]!, cc < 0 ? catNull : catRun[cc]!, sc < 0 ? subNull : subRun[sc]!);
        if (b < 0) return null;
        if (table === null) cache.set(local, b);
        else table[local] = b;
      }
      blockOf[i] = b;
    }
    return blockOf;
  }

  /** The block of run codes (year, category, sub-category), made when new; -1 past the codes' range. */
  private blockOf(year: number, category: number, subCategory: number): number {
    if (year >= 2 ** 12 || category >= 2 ** 20 || subCategory >= 2 ** 20) return -1;
    const key = (year * 2 ** 20 + category) * 2 ** 20 + subCategory;
    let b = this.blockOfKey.get(key);
    if (b === undefined) {
      b = this.blockKeys.length;
      this.blockKeys.push(key);
      this.blockOfKey.set(key, b);
    }
    return b;
  }

  /** Every line's customer (its id × name pair); null past the codes' range. */
  private customersOfLines(lines: Table<SummaryLines>): Int32Array | null {
    const rows = lines.numRows;
    const { codes: idCodes, toRun: idRun } = this.ids.codesOf(lines, 'customer_id');
    const { codes: nameCodes, toRun: nameRun } = this.names.codesOf(lines, 'customer_name');
    const idNull = this.ids.codeOfNull();
    const nameNull = this.names.codeOfNull();
    if (this.ids.size >= CUSTOMER_LIMIT || this.names.size >= CUSTOMER_LIMIT) return null;
    if (this.firstName.length < this.ids.size) {
      let size = this.firstName.length;
      while (size < this.ids.size) size *= 2;
      const firstName = new Int32Array(size).fill(-1);
      firstName.set(this.firstName);
      this.firstName = firstName;
      const firstCustomer = new Int32Array(size);
      firstCustomer.set(this.firstCustomer);
      this.firstCustomer = firstCustomer;
    }
    const customerOf = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const ic = idCodes[i]!;
      const nc = nameCodes[i]!;
      const idc = ic < 0 ? idNull : idRun[ic]!;
      const namec = nc < 0 ? nameNull : nameRun[nc]!;
      customerOf[i] = this.firstName[idc] === namec ? this.firstCustomer[idc]! : this.customerOf(idc, namec);
      if (customerOf[i]! >= CUSTOMER_LIMIT) return null;
    }
    return customerOf;
  }

  /** The customer of run codes (id, name) when the name is not the id's first: made when new. */
  private customerOf(id: number, name: number): number {
    if (this.firstName[id]! < 0) {
      const c = this.newCustomer(id, name);
      this.firstName[id] = name;
      this.firstCustomer[id] = c;
      return c;
    }
    const key = id * CUSTOMER_LIMIT + name;
    let c = this.otherPairs.get(key);
    if (c === undefined) {
      c = this.newCustomer(id, name);
      this.otherPairs.set(key, c);
    }
    return c;
  }

  private newCustomer(id: number, name: number): number {
    this.customerId.push(id);
    this.customerName.push(name);
    return this.customerId.length - 1;
  }

  /** Every block with `tiles` tiles. */
  private reserve(tiles: number): void {
    while (this.blocks.length < this.blockKeys.length) this.blocks.push({ sums: [], counts: [] });
    for (const block of this.blocks) {
      while (block.sums.length < tiles) {
        block.sums.push(new Int32Array(TILE));
        block.counts.push(new Uint8Array(TILE));
      }
    }
  }

  /** The dense arrays as a summary table, in key order, built as `groupBy` builds its output. */
  private finishDense(): ProfitSummaryTable {
    if (this.lines === 0) {
      const none = emptyTable(profitSummary.columns) as unknown as Table<SummaryLines>;
      return groupBy(none, aggregateKeys('profit_summary'), summaryAggregations);
    }
    const blockOrder = this.blockOrder();
    const customerOrder = this.customerOrder();
    const n = this.groups;
    const category = new Int32Array(n);
    const subCategory = new Int32Array(n);
    const id = new Int32Array(n);
    const name = new Int32Array(n);
    const yearOf = new Int32Array(n); // run codes
    const profit = new Int32Array(4 * n); // Decimal128 words, little-endian
    const count = new Int32Array(2 * n); // Int64 words
    const customerId = Int32Array.from(this.customerId);
    const customerName = Int32Array.from(this.customerName);
    let r = 0;
    for (const b of blockOrder) {
      const block = this.blocks[b];
      if (block === undefined) continue;
      const key = this.blockKeys[b]!;
      const y = Math.floor(key / 2 ** 40);
      const cat = Math.floor(key / 2 ** 20) % 2 ** 20;
      const sub = key % 2 ** 20;
      const { sums, counts } = block;
      for (let k = 0; k < customerOrder.length; k++) {
        const c = customerOrder[k]!;
        const tile = c >>> TILE_BITS;
        // a customer past the block's tiles (made by a batch that did not fit) has no lines in it
        const byte = counts[tile]?.[c & (TILE - 1)] ?? 0;
        if (byte === 0) continue;
        const key = b * CUSTOMER_LIMIT + c;
        const lines = this.moreLines.size === 0 ? byte : byte + (this.moreLines.get(key) ?? 0);
        yearOf[r] = y;
        category[r] = cat;
        subCategory[r] = sub;
        id[r] = customerId[c]!;
        name[r] = customerName[c]!;
        const linesHigh = Math.floor(lines / TWO_32);
        count[2 * r] = (lines - linesHigh * TWO_32) | 0;
        count[2 * r + 1] = linesHigh;
        let sum = sums[tile]![c & (TILE - 1)]!;
        let big = this.bigSums.size === 0 ? undefined : this.bigSums.get(key);
        const wide = this.wideSums.size === 0 ? undefined : this.wideSums.get(key);
        if (wide !== undefined) {
          if (wide + sum < TWO_53 && wide + sum > -TWO_53) sum += wide;
          else big = (big ?? 0n) + BigInt(wide);
        }
        if (big === undefined) {
          const high = Math.floor(sum / TWO_32);
          profit[4 * r] = (sum - high * TWO_32) | 0;
          profit[4 * r + 1] = high | 0;
          profit[4 * r + 2] = profit[4 * r + 3] = high < 0 ? -1 : 0;
        } else {
          const exact = BigInt.asUintN(64, fitDecimal18(big + BigInt(sum)));
          const high = Number(exact >> 32n) | 0;
          profit[4 * r] = Number(exact & 0xffffffffn) | 0;
          profit[4 * r + 1] = high;
          profit[4 * r + 2] = profit[4 * r + 3] = high < 0 ? -1 : 0;
        }
        r++;
      }
    }
    const specs = [
      column('order_year', int32(), 'Group key order_year.'),
      column('category', dictString(), 'Group key category.'),
      column('sub_category', dictString(), 'Group key sub_category.'),
      column('customer_id', dictString(), 'Group key customer_id.'),
      column('customer_name', dictString(), 'Group key customer_name.'),
      column('profit', decimal(18, 2), 'Exact sum of profit; nulls skipped.', { nullable: false }),
      column('order_lines', int64(), 'Rows in the group.', { nullable: false }),
    ];
    return tableFromVectors(specs, [
      yearColumn(yearOf, this.years.values),
      dictionaryColumn(category, this.categories.values),
      dictionaryColumn(subCategory, this.subCategories.values),
      dictionaryColumn(id, this.ids.values()),
      dictionaryColumn(name, this.names.values()),
      makeVector(
        makeData({ type: new Decimal(2, 18, 128), length: n, nullCount: 0, data: new Uint32Array(profit.buffer) }),
      ),
      makeVector(makeData({ type: new Int64(), length: n, nullCount: 0, data: new BigInt64Array(count.buffer) })),
    ]);
  }

  /** The blocks in key order: year ascending, then category, then sub-category (nulls last). */
  private blockOrder(): number[] {
    const year = rankValues(this.years.values, (a, z) => a - z);
    const cat = rankValues(this.categories.values, compareText);
    const sub = rankValues(this.subCategories.values, compareText);
    const keys = this.blockKeys;
    const parts = keys.map((k) => [
      year[Math.floor(k / 2 ** 40)]!,
      cat[Math.floor(k / 2 ** 20) % 2 ** 20]!,
      sub[k % 2 ** 20]!,
    ]);
    return Array.from(keys.keys()).sort((a, z) => {
      const x = parts[a]!;
      const y = parts[z]!;
      return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
    });
  }

  /** The customers in key order: id, then name (nulls last). */
  private customerOrder(): Int32Array {
    const id = rankValues(this.ids.values(), compareText);
    const name = rankValues(this.names.values(), compareText);
    const n = this.customerId.length;
    const radix = this.names.size;
    if (this.ids.size * radix * n >= TWO_53) {
      const ids = this.customerId;
      const names = this.customerName;
      return Int32Array.from(ids.keys()).sort(
        (a, z) => id[ids[a]!]! - id[ids[z]!]! || name[names[a]!]! - name[names[z]!]!,
      );
    }
    // (id rank, name rank, customer) as one exact double: a numeric sort, no comparator
    const order = new Float64Array(n);
    for (let c = 0; c < n; c++) order[c] = (id[this.customerId[c]!]! * radix + name[this.customerName[c]!]!) * n + c;
    order.sort();
    return Int32Array.from(order, (v) => v % n);
  }
}

/**
 * Whether the dense path reads `lines` as `groupBy` would, and its output has `groupBy`'s types: an Int32 year,
 * dictionary text keys and a Decimal profit of scale 2, each in one chunk.
 */
function denseInput(lines: Table<SummaryLines>): boolean {
  const year = fieldType(lines, 'order_year');
  const profit = fieldType(lines, 'profit');
  const text = (['category', 'sub_category', 'customer_id', 'customer_name'] as const).every((name) => {
    const type = fieldType(lines, name);
    return DataType.isDictionary(type) && DataType.isUtf8(type.dictionary);
  });
  const chunks = lines.schema.names.every((name) => vectorOf(lines, name).data.length === 1);
  return (
    text &&
    chunks &&
    DataType.isInt(year) &&
    year.bitWidth === 32 &&
    year.isSigned &&
    DataType.isDecimal(profit) &&
    profit.scale === 2
  );
}

/** The year column of run codes, as `groupBy` builds an Int32 key (a validity bitmap only with a null year). */
function yearColumn(codes: Int32Array, values: readonly (number | null)[]) {
  if (values.includes(null)) {
    const b = new Int32Builder();
    for (const c of codes) b.append(values[c]!);
    return b.finish();
  }
  const years = Int32Array.from(values as readonly number[]);
  const data = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) data[i] = years[codes[i]!]!;
  return makeVector(makeData({ type: new Int32(), length: codes.length, nullCount: 0, data }));
}

/** `s` when it fits DECIMAL(18), else the error `groupBy` gives. */
function fitDecimal18(s: bigint): bigint {
  if (s > DECIMAL_18_MAX || s < -DECIMAL_18_MAX) {
    throw new SchemaError('groupby.overflow', `sum "profit" = ${s} does not fit DECIMAL(18)`, { column: 'profit' });
  }
  return s;
}

/** JS string order (UTF-16 code units), as group keys compare text. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Each code's rank among distinct values (`compare`), null ranking last. */
function rankValues<V extends string | number>(
  values: readonly (V | null)[],
  compare: (a: V, b: V) => number,
): Int32Array {
  const order = Array.from(values.keys()).sort((a, z) => {
    const x = values[a] ?? null;
    const y = values[z] ?? null;
    return x === null ? (y === null ? 0 : 1) : y === null ? -1 : compare(x, y);
  });
  const ranks = new Int32Array(values.length);
  order.forEach((code, rank) => (ranks[code] = rank));
  return ranks;
}

/**
 * A dictionary text column of run codes (a null value's code included) as `groupBy` gives a key: a dictionary
 * of the values used, in order of first use, and a validity bitmap only when a value is null.
 */
function dictionaryColumn(codes: Int32Array, values: readonly (string | null)[]) {
  const n = codes.length;
  const out = new Int32Array(n);
  const outOf = new Int32Array(values.length).fill(-1);
  const dictionary = new Utf8Builder();
  let used = 0;
  let bits: Uint8Array | null = null;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    const v = values[c] ?? null;
    if (v === null) {
      if (bits === null) {
        bits = new Uint8Array((n >> 3) + 1);
        for (let j = 0; j < i; j++) bits[j >> 3]! |= 1 << (j & 7);
      }
      nulls++;
      continue;
    }
    if (bits !== null) bits[i >> 3]! |= 1 << (i & 7);
    let o = outOf[c]!;
    if (o < 0) {
      o = outOf[c] = used++;
      dictionary.append(v);
    }
    out[i] = o;
  }
  return makeVector(
    makeData({
      type: new Dictionary(new Utf8(), new Int32()),
      length: n,
      nullCount: nulls,
      ...(bits !== null ? { nullBitmap: bits } : {}),
      data: out,
      dictionary: dictionary.finish(),
    }),
  );
}

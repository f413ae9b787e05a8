/**
 * The profit summary of order lines that arrive in batches, accumulated in one hash table across the batches:
 * each batch's text keys are mapped to codes of run-wide dictionaries (one decode per distinct value and batch),
 * each line's five key codes are looked up in one open-addressing table, and the groups are sorted once at the
 * end. With about one group per line, partial summaries merged later would group every line twice or more.
 */
import { Decimal, Dictionary, Int32, Utf8, makeData, makeVector, type Table, type Vector } from 'apache-arrow';
import { SchemaError } from '../errors.js';
import { profitSummary } from '../schemas/aggregates.js';
import { DictionaryBuilder, Int32Builder, Int64Builder, Utf8Builder } from '../table/builders.js';
import { bigintColumn, codedColumn, int32Column, isValid } from '../table/columns.js';
import { tableFromVectors } from '../table/table.js';
import { column, decimal, dictString, int32, int64 } from '../schemas/types.js';
import { groupBy } from './group-by.js';

const TWO_53 = 2 ** 53;
const TWO_32 = 2 ** 32;
const TWO_21 = 2 ** 21;
const DECIMAL_18_MAX = 10n ** 18n - 1n;
/** The text keys of the summary, after `order_year`, in key order. */
const TEXT_KEYS = ['category', 'sub_category', 'customer_id', 'customer_name'] as const;
/** Codes per group: the year's code, then one per text key (-1 = null). */
const WIDTH = 1 + TEXT_KEYS.length;

/** Strings to run-wide codes, in order of first appearance. */
class RunDictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  /** The run-wide code of each entry of a batch's dictionary. */
  translate(dictionary: readonly string[]): Int32Array {
    const out = new Int32Array(dictionary.length);
    for (let i = 0; i < dictionary.length; i++) out[i] = this.codeOf(dictionary[i]!);
    return out;
  }

  codeOf(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    return code;
  }
}

/**
 * Accumulates the profit summary (year × category × sub-category × customer id × customer name: exact profit
 * sum and line count) of enriched order-line batches; `finish` equals `mergeProfitSummaries` of every batch's
 * `partialProfitSummary`, sorted by the keys.
 * @example
 * const summary = new ProfitSummaryBuilder();
 * for (const batch of batches) summary.add(batch);
 * aggregatesFromSummary(summary.finish());
 */
export class ProfitSummaryBuilder {
  private readonly text = TEXT_KEYS.map(() => new RunDictionary());
  /** Distinct years, by value (a null year is `null`), to codes. */
  private readonly years = new Map<number | null, number>();
  private readonly yearValues: (number | null)[] = [];
  /** Group g's codes at `keys[g * WIDTH …]`. */
  private keys = new Int32Array(WIDTH * 1024);
  private sums = new Float64Array(1024);
  /** The exact sums once a double sum could leave ±2^53 (then every later addition is a bigint). */
  private bigSums: bigint[] | null = null;
  private counts = new Float64Array(1024);
  private slots = new Int32Array(4096); // group + 1; 0 = empty
  private groups = 0;

  /** `maxRankedIds`: above this many key combinations `finish` sorts through `groupBy` (lowered only by tests). */
  constructor(private readonly maxRankedIds: number = TWO_53) {}

  /** Adds a batch of enriched order lines (`order_year`, the four text keys and `profit`). */
  add(orders: Table): void {
    const rows = orders.numRows;
    if (rows === 0) return;
    const year = int32Column(orders, 'order_year');
    const coded = TEXT_KEYS.map((name, k) => {
      const c = codedColumn(orders, name);
      return { codes: c.codes, toRun: this.text[k]!.translate(c.dictionary) };
    });
    const profit = bigintColumn(orders, 'profit');
    const words = new Int32Array(profit.values.buffer, profit.values.byteOffset, rows * 2);
    const row = new Int32Array(WIDTH);
    let lastYear = NaN;
    let lastYearCode = -1;
    for (let i = 0; i < rows; i++) {
      const y = isValid(year.validity, i) ? year.values[i]! : null;
      if (y !== lastYear) {
        lastYearCode = this.yearCode(y);
        lastYear = y ?? NaN;
      }
      row[0] = lastYearCode;
      for (let k = 0; k < TEXT_KEYS.length; k++) {
        const c = coded[k]!.codes[i]!;
        row[k + 1] = c < 0 ? -1 : coded[k]!.toRun[c]!;
      }
      const g = this.groupOf(row);
      this.counts[g]!++;
      if (!isValid(profit.validity, i)) continue;
      const high = words[2 * i + 1]!;
      if (this.bigSums === null && high < TWO_21 && high >= -TWO_21) {
        const s = this.sums[g]! + (high * TWO_32 + (words[2 * i]! >>> 0));
        if (s < TWO_53 && s > -TWO_53) {
          this.sums[g] = s;
          continue;
        }
      }
      this.bigSums ??= Array.from(this.sums, (s) => BigInt(s)); // as long as the sums' capacity
      this.bigSums[g]! += profit.values[i]!;
    }
  }

  /**
   * The summary so far, sorted by its keys as `groupBy` sorts (ascending, nulls last, text as JS strings compare)
   * and built as `groupBy` builds it: each group's keys are ranked into one number, the numbers sorted once.
   */
  finish(): Table {
    const radix = [this.yearValues.length, ...this.text.map((d) => d.values.length + 1)];
    if (radix.reduce((a, b) => a * b, 1) >= this.maxRankedIds) return this.finishByGroupBy();
    const ranks = [rankYears(this.yearValues), ...this.text.map((d) => rankText(d.values))];
    const n = this.groups;
    const keys = this.keys;
    const order = new Float64Array(n);
    for (let g = 0; g < n; g++) {
      let id = 0;
      for (let k = 0; k < WIDTH; k++) {
        const c = keys[g * WIDTH + k]!;
        id = id * radix[k]! + (c < 0 ? radix[k]! - 1 : ranks[k]![c]!);
      }
      order[g] = id;
    }
    order.sort();
    // back from each sorted id to its group: the codes from the ranks, then the group from the hash table
    const codeOfRank = ranks.map((r) => {
      const inverse = new Int32Array(r.length + 1).fill(-1); // the last rank of a text key is null (-1)
      for (let c = 0; c < r.length; c++) inverse[r[c]!] = c;
      return inverse;
    });
    const sorted = new Int32Array(n);
    const row = new Int32Array(WIDTH);
    for (let i = 0; i < n; i++) {
      let id = order[i]!;
      for (let k = WIDTH - 1; k >= 0; k--) {
        const r = id % radix[k]!;
        id = (id - r) / radix[k]!;
        row[k] = codeOfRank[k]![r]!;
      }
      sorted[i] = this.groupOf(row);
    }
    const year = new Int32Builder();
    const profit = new Int64Builder(new Decimal(2, 18, 128));
    const lines = new Int64Builder();
    for (let i = 0; i < n; i++) {
      const g = sorted[i]!;
      const y = this.yearValues[keys[g * WIDTH]!] as number | null;
      if (y === null) year.appendNull();
      else year.append(y);
      lines.appendNumber(this.counts[g]!);
      if (this.bigSums === null) profit.appendNumber(this.sums[g]!);
      else profit.append(fitDecimal18(this.bigSums[g]!));
    }
    const text = TEXT_KEYS.map((_, k) => dictionaryInOrder(keys, sorted, k + 1, this.text[k]!.values));
    const specs = [
      column('order_year', int32(), 'Group key order_year.'),
      ...TEXT_KEYS.map((name) => column(name, dictString(), `Group key ${name}.`)),
      column('profit', decimal(18, 2), 'Exact sum of profit; nulls skipped.', { nullable: false }),
      column('order_lines', int64(), 'Exact sum of order_lines; nulls skipped.', { nullable: false }),
    ];
    return tableFromVectors(specs, [year.finish(), ...text, profit.finish(), lines.finish()]);
  }

  /** `finish` for key combinations too many to rank into one double: `groupBy` sorts the groups. */
  private finishByGroupBy(): Table {
    const n = this.groups;
    const year = new Int32Builder();
    const shared = this.text.map((d) => {
      const values = new Utf8Builder();
      for (const v of d.values) values.append(v);
      return DictionaryBuilder.sharing(values.finish());
    });
    const profit = new Int64Builder(new Decimal(2, 18, 128));
    const lines = new Int64Builder();
    for (let g = 0; g < n; g++) {
      const y = this.yearValues[this.keys[g * WIDTH]!] as number | null;
      if (y === null) year.appendNull();
      else year.append(y);
      for (let k = 0; k < TEXT_KEYS.length; k++) {
        const c = this.keys[g * WIDTH + k + 1]!;
        if (c < 0) shared[k]!.appendNull();
        else shared[k]!.appendCode(c);
      }
      lines.appendNumber(this.counts[g]!);
      if (this.bigSums === null) profit.appendNumber(this.sums[g]!);
      else profit.append(fitDecimal18(this.bigSums[g]!));
    }
    const specs = [
      column('order_year', int32(), 'Year.'),
      ...TEXT_KEYS.map((name) => column(name, dictString(), name)),
      column('profit', decimal(18, 2), 'Profit.', { nullable: false }),
      column('order_lines', int64(), 'Lines.', { nullable: false }),
    ];
    const vectors: Vector[] = [year.finish(), ...shared.map((b) => b.finish()), profit.finish(), lines.finish()];
    // one row per group already: groupBy only sorts them and gives the summary its exact types
    return groupBy(tableFromVectors(specs, vectors), profitSummary.key ?? [], {
      profit: { op: 'sum', column: 'profit' },
      order_lines: { op: 'sum', column: 'order_lines' },
    });
  }

  private yearCode(y: number | null): number {
    let code = this.years.get(y);
    if (code === undefined) {
      code = this.yearValues.length;
      this.years.set(y, code);
      this.yearValues.push(y);
    }
    return code;
  }

  /** The group of the codes in `row`, added (count 0, sum 0) when new. */
  private groupOf(row: Int32Array): number {
    const h = hashCodes(row, 0);
    const slots = this.slots;
    const mask = slots.length - 1;
    const keys = this.keys;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot]!;
      if (entry === 0) {
        const g = this.groups++;
        this.reserve(g + 1);
        this.keys.set(row, g * WIDTH);
        slots[slot] = g + 1;
        if (this.groups * 2 > slots.length) this.rehash();
        return g;
      }
      const at = (entry - 1) * WIDTH;
      let same = true;
      for (let k = 0; k < WIDTH; k++) {
        if (keys[at + k] !== row[k]) {
          same = false;
          break;
        }
      }
      if (same) return entry - 1;
    }
  }

  private reserve(groups: number): void {
    if (groups <= this.counts.length) return;
    const size = this.counts.length * 2;
    const keys = new Int32Array(size * WIDTH);
    keys.set(this.keys);
    this.keys = keys;
    const sums = new Float64Array(size);
    sums.set(this.sums);
    this.sums = sums;
    const counts = new Float64Array(size);
    counts.set(this.counts);
    this.counts = counts;
    if (this.bigSums !== null) while (this.bigSums.length < size) this.bigSums.push(0n);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const keys = this.keys;
    for (let g = 0; g < this.groups; g++) {
      let slot = hashCodes(keys, g * WIDTH) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = g + 1;
    }
    this.slots = slots;
  }
}

/** A 32-bit hash of the WIDTH codes at `codes[at …]` (FNV-1a over the words, then a finaliser that mixes them). */
function hashCodes(codes: Int32Array, at: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < WIDTH; k++) h = Math.imul(h ^ codes[at + k]!, 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

/** `s` when it fits DECIMAL(18), else the error `groupBy` gives. */
function fitDecimal18(s: bigint): bigint {
  if (s > DECIMAL_18_MAX || s < -DECIMAL_18_MAX) {
    throw new SchemaError('groupby.overflow', `sum "profit" = ${s} does not fit DECIMAL(18)`, { column: 'profit' });
  }
  return s;
}

/** Each year code's rank: ascending, a null year last. */
function rankYears(values: readonly (number | null)[]): Int32Array {
  const order = Array.from(values.keys()).sort((a, z) => {
    const x = values[a] as number | null;
    const y = values[z] as number | null;
    return x === null ? 1 : y === null ? -1 : x - y;
  });
  const ranks = new Int32Array(values.length);
  order.forEach((code, rank) => (ranks[code] = rank));
  return ranks;
}

/** Each text code's rank, as `groupBy` orders text (JS string comparison); null ranks after them all. */
function rankText(values: readonly string[]): Int32Array {
  const order = Array.from(values.keys()).sort((a, z) =>
    values[a]! < values[z]! ? -1 : values[a]! > values[z]! ? 1 : 0,
  );
  const ranks = new Int32Array(values.length);
  order.forEach((code, rank) => (ranks[code] = rank));
  return ranks;
}

/**
 * Key `k` of the groups in `sorted` order as `groupBy` gives a dictionary key: a dictionary of the values used,
 * in order of first use, and a validity bitmap only when a value is null.
 */
function dictionaryInOrder(keys: Int32Array, sorted: Int32Array, k: number, values: readonly string[]): Vector {
  const n = sorted.length;
  const codes = new Int32Array(n);
  const outOf = new Int32Array(values.length).fill(-1);
  const dictionary = new Utf8Builder();
  let used = 0;
  let bits: Uint8Array | null = null;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const c = keys[sorted[i]! * WIDTH + k]!;
    if (c < 0) {
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
      dictionary.append(values[c]!);
    }
    codes[i] = o;
  }
  return makeVector(
    makeData({
      type: new Dictionary(new Utf8(), new Int32()),
      length: n,
      nullCount: nulls,
      ...(bits !== null ? { nullBitmap: bits } : {}),
      data: codes,
      dictionary: dictionary.finish(),
    }),
  );
}

/**
 * Step `stage_orders`: every raw order line trimmed, parsed and cast (dates, integers, exact decimals), and for a
 * line that cannot be used, the first check it fails as a named reject rule. Duplicates are not judged here
 * (that is `dedupe_lines`, which runs next and takes precedence over these verdicts).
 * Parsing runs once per distinct value where values repeat (ids, dates, quantities) and once per line otherwise.
 */
import type { Int64, Table, TypeMap } from 'apache-arrow';
import type { RuleName } from '../../errors.js';
import type { rawOrders } from '../../schemas/raw.js';
import type { ColumnNameOf } from '../../schemas/types.js';
import {
  bigintColumn,
  codedColumn,
  dictionaryBytes,
  isValid,
  textReader,
  utf8Bytes,
  type ColumnName,
} from '../../table/columns.js';
import type { Having, TextType } from '../../table/typed-tables.js';
import type { Reject } from '../rejects-builder.js';
import { trimRule } from '../rules/index.js';
import { jsTrimSql } from '../rules/spark-sql.js';
import {
  parseDayMonthYear,
  parseDayMonthYearSql,
  parseDecimal,
  parseDecimalLenient,
  parseDecimalLenientSql,
  parseDecimalSql,
  parseInteger,
  parseIntegerSql,
} from '../values/index.js';
import { plainDecimalAscii, plainIntegerAscii } from '../values/ascii-bytes.js';
import { lineHashes } from '../line-hash.js';
import { profitRoundedSql, roundProfit, roundProfitSql } from './round-profit.js';
import { sqlIdent, sqlString, type Step } from './step.js';

/** A discount is a fraction of the price: at most 1 (100%), held at scale 4. */
const DISCOUNT_MAX = 10_000n;
/** A quantity fits an INT. */
const QUANTITY_MAX = 2147483647;

/** A text column by distinct value: codes per row, the dictionary, and each entry parsed (null: does not parse). */
export interface ParsedCodes<T> {
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
  readonly parsed: readonly (T | null)[];
}

/** A text column trimmed per distinct value (`parsed`: the trimmed entries). */
export interface TrimmedCodes extends ParsedCodes<string> {
  /** True for a dictionary column whose every entry trims to itself: its rows pass through by code. */
  readonly unchanged: boolean;
}

/**
 * What stage_orders reads: raw/orders' declared text columns (plain or dictionary-encoded) and source_row. A
 * `RawOrdersTable` is one; extra source columns may be there too (they count in the line's identity).
 */
export type RawOrderLines = Having<Exclude<ColumnNameOf<typeof rawOrders>, 'source_row'>, TextType> & {
  source_row: Int64;
};

/** The staged lines: every raw line's parsed values, its stage verdict, and its text hash. */
export interface StagedOrders<T extends RawOrderLines = RawOrderLines> {
  readonly raw: Table<T>;
  readonly sourceRow: BigInt64Array;
  /** The raw Row ID text per line (the rejects' key). */
  readonly rowIdText: (row: number) => string | null;
  /** The parsed row id; NaN when it is missing or not an integer (the line then has a verdict). */
  readonly rowIds: Float64Array;
  /** The first check each failing line fails, by row. Lines not here passed every check. */
  readonly verdicts: ReadonlyMap<number, Reject>;
  readonly orderId: TrimmedCodes;
  readonly orderDate: ParsedCodes<number>;
  readonly shipDate: ParsedCodes<number>;
  readonly shipMode: TrimmedCodes;
  readonly customerId: TrimmedCodes;
  readonly productId: TrimmedCodes;
  readonly quantity: ParsedCodes<number>;
  readonly discount: ParsedCodes<bigint>;
  readonly prices: BigInt64Array;
  /** 1 where the price is null. */
  readonly priceNull: Uint8Array;
  /** 1 where stray characters were removed from the price (the `price.stray_characters` fix). */
  readonly priceCleaned: Uint8Array;
  readonly profits: BigInt64Array;
  /** 1 where the profit had digits past 2 places (the `profit.round_2dp` fix). */
  readonly profitRounded: Uint8Array;
  /** A 64-bit hash of each line's text over `lineColumns`, in two halves. */
  readonly hashes: { readonly a: Int32Array; readonly b: Int32Array };
}

/**
 * What staging needs to know: the raw columns that make a line's identity (every column but source_row and
 * source_file); in SQL, raw columns passed through as they are (`keep`: the Spark plan's `file_index` and
 * `source_file` for orders of several files; the Arrow form keeps the raw table whole anyway).
 */
export interface StageSpec {
  readonly lineColumns: readonly string[];
  readonly keep?: readonly string[];
}

/** The line columns of a raw orders table: every column but `source_row` and `source_file` (where it is). */
export function lineColumnsOf(raw: Table): string[] {
  return raw.schema.names.map(String).filter((c) => c !== 'source_row' && c !== 'source_file');
}

/** Parses each entry of a text column's dictionary once (the entries decoded as `codedColumn` decodes them). */
function perCode<M extends TypeMap, T>(
  table: Table<M>,
  name: ColumnName<M>,
  parse: (text: string) => T | null,
): ParsedCodes<T> {
  const d = dictionaryBytes(table, name);
  if (d === null) {
    const { codes, dictionary } = codedColumn(table, name);
    return { codes, dictionary, parsed: dictionary.map(parse) };
  }
  const dictionary = Array.from({ length: d.size }, (_, k) => d.entry(k));
  return { codes: d.codes, dictionary, parsed: dictionary.map(parse) };
}

/** True when the ASCII text `bytes[start, end)` is non-empty and `text.trim` leaves it as it is. */
function asciiTrimmed(bytes: Uint8Array, start: number, end: number): boolean {
  if (end <= start) return false;
  const first = bytes[start]!;
  const last = bytes[end - 1]!;
  if (first === 32 || last === 32) return false;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 0x80 || (c >= 9 && c <= 13) || (c === 32 && bytes[i + 1] === 32)) return false;
  }
  return true;
}

/**
 * A text column trimmed (`text.trim`) per dictionary entry. For a dictionary column whose entries are plain ASCII
 * the rule leaves alone, no entry is decoded here: `dictionary` and `parsed` are decoded when first read.
 */
function trimmedCodes<M extends TypeMap>(table: Table<M>, name: ColumnName<M>): TrimmedCodes {
  const trim = (t: string): string | null => trimRule.clean(t);
  const d = dictionaryBytes(table, name);
  if (d === null) return { ...perCode(table, name, trim), unchanged: false };
  let unchanged = true;
  for (let k = 0; k < d.size && unchanged; k++) {
    if (asciiTrimmed(d.bytes, d.offsets[k]!, d.offsets[k + 1]!)) continue;
    const v = d.entry(k);
    unchanged = trim(v) === v;
  }
  let dictionary: readonly string[] | null = null;
  let parsed: readonly (string | null)[] | null = null;
  return {
    codes: d.codes,
    unchanged,
    get dictionary(): readonly string[] {
      return (dictionary ??= Array.from({ length: d.size }, (_, k) => d.entry(k)));
    },
    get parsed(): readonly (string | null)[] {
      return (parsed ??= unchanged ? this.dictionary : this.dictionary.map(trim));
    },
  };
}

/** A dictionary entry's check: it parsed and is in range, it did not parse, or it is out of range. */
const CHECK_OK = 0;
const NOT_PARSED = 1;
const OUT_OF_RANGE = 2;

/** Each parsed entry's check (`outOfRange` of its value), as one byte per entry. */
function checks<T>(parsed: readonly (T | null)[], outOfRange: (value: T) => boolean): Uint8Array {
  const out = new Uint8Array(parsed.length);
  for (let k = 0; k < parsed.length; k++) {
    const v = parsed[k];
    out[k] = v === null || v === undefined ? NOT_PARSED : outOfRange(v) ? OUT_OF_RANGE : CHECK_OK;
  }
  return out;
}

/** The usable price of a line, for `stageOrders`: whether it parsed (and was cleaned), the value written at `i`. */
const PRICE_BAD = 0;
const PRICE_PLAIN = 1;
const PRICE_CLEANED = 2;

/** Writes the safe integer `v` as element `i` of a BigInt64Array given as its 32-bit words (little-endian). */
function putScaled(words: Int32Array, i: number, v: number): void {
  const hi = Math.floor(v / 4294967296);
  words[2 * i] = (v - hi * 4294967296) | 0;
  words[2 * i + 1] = hi | 0;
}

/**
 * Stages raw order lines; see the module comment.
 * @example
 * const staged = stageOrders(rawOrdersTable, { lineColumns: lineColumnsOf(rawOrdersTable) });
 * staged.verdicts.get(3)?.rule; // 'order.bad_order_date' when line 3's date is '31/2/2016'
 */
export function stageOrders<T extends RawOrderLines>(raw: Table<T>, spec: StageSpec): StagedOrders<T> {
  const n = raw.numRows;
  const sourceRow = bigintColumn(raw, 'source_row').values;
  const rowIdText = textReader(raw, 'row_id');
  const rowIdBytes = utf8Bytes(raw, 'row_id');
  const priceText = textReader(raw, 'price');
  const priceBytes = utf8Bytes(raw, 'price');
  const profitText = textReader(raw, 'profit');
  const orderDate = perCode(raw, 'order_date', parseDayMonthYear);
  const shipDate = perCode(raw, 'ship_date', parseDayMonthYear);
  const quantity = perCode(raw, 'quantity', (t) => {
    const q = parseInteger(t);
    return q !== null && Math.abs(q) <= QUANTITY_MAX ? q : null;
  });
  const discount = perCode(raw, 'discount', (t) => parseDecimal(t, 4));
  const profit = roundProfit({ lines: raw }, { column: 'profit' });
  // each dictionary entry checked once; the loop below reads one byte per line and check
  const orderDateCodes = orderDate.codes;
  const orderDateBad = checks(orderDate.parsed, () => false);
  const shipDateCodes = shipDate.codes;
  const shipDateBad = checks(shipDate.parsed, () => false);
  const quantityCodes = quantity.codes;
  const quantityCheck = checks(quantity.parsed, (q) => q <= 0);
  const discountCodes = discount.codes;
  const discountCheck = checks(discount.parsed, (d) => d < 0n || d > DISCOUNT_MAX);
  const rowIds = new Float64Array(n).fill(NaN);
  const prices = new BigInt64Array(n);
  const priceWords = new Int32Array(prices.buffer);
  const priceNull = new Uint8Array(n);
  const priceCleaned = new Uint8Array(n);
  const verdicts = new Map<number, Reject>();
  const reject = (i: number, column: string | null, value: string | null, rule: RuleName, message: string): void => {
    verdicts.set(i, { sourceRow: Number(sourceRow[i]!), key: rowIdText(i), column, value, rule, message });
  };
  /** The row id of line `i`, or NaN with the line's verdict set. */
  const rowIdOf = (i: number): number => {
    if (rowIdBytes !== null && isValid(rowIdBytes.validity, i)) {
      const id = plainIntegerAscii(rowIdBytes.bytes, rowIdBytes.offsets[i]!, rowIdBytes.offsets[i + 1]!);
      if (!Number.isNaN(id)) return id;
    }
    const idText = rowIdText(i);
    if (idText === null || idText.trim() === '') {
      reject(i, 'row_id', idText, 'order.missing_row_id', 'Row ID is missing');
      return NaN;
    }
    const id = parseInteger(idText);
    if (id === null) {
      reject(i, 'row_id', idText, 'order.bad_row_id', `Row ID "${idText}" is not an integer`);
      return NaN;
    }
    return id;
  };
  /** Parses line `i`'s price (not null) into `prices`; PRICE_BAD when it is not a number. */
  const priceOf = (i: number): number => {
    if (priceBytes !== null) {
      const v = plainDecimalAscii(priceBytes.bytes, priceBytes.offsets[i]!, priceBytes.offsets[i + 1]!, 2);
      if (!Number.isNaN(v)) {
        putScaled(priceWords, i, v);
        return PRICE_PLAIN;
      }
    }
    const p = parseDecimalLenient(priceText(i)!, 2);
    if (p === null) return PRICE_BAD;
    prices[i] = p.value;
    return p.cleaned ? PRICE_CLEANED : PRICE_PLAIN;
  };
  for (let i = 0; i < n; i++) {
    const id = rowIdOf(i);
    if (Number.isNaN(id)) continue;
    rowIds[i] = id;
    const od = orderDateCodes[i]!;
    if (od < 0) {
      reject(i, 'order_date', null, 'order.missing_order_date', 'Order Date is missing');
      continue;
    }
    if (orderDateBad[od] !== 0) {
      const v = orderDate.dictionary[od]!;
      reject(i, 'order_date', v, 'order.bad_order_date', `Order Date "${v}" is not a possible d/m/yyyy date`);
      continue;
    }
    const sd = shipDateCodes[i]!;
    if (sd >= 0 && shipDateBad[sd] !== 0) {
      const v = shipDate.dictionary[sd]!;
      reject(i, 'ship_date', v, 'order.bad_ship_date', `Ship Date "${v}" is not a possible d/m/yyyy date`);
      continue;
    }
    const qc = quantityCodes[i]!;
    if (qc < 0 || quantityCheck[qc] === NOT_PARSED) {
      const v = qc < 0 ? null : quantity.dictionary[qc]!;
      const message = v === null ? 'Quantity is missing' : `Quantity "${v}" is not an integer`;
      reject(i, 'quantity', v, 'order.bad_quantity', message);
      continue;
    }
    if (quantityCheck[qc] === OUT_OF_RANGE) {
      const v = quantity.dictionary[qc]!;
      reject(i, 'quantity', v, 'order.nonpositive_quantity', `Quantity "${v}" is not a positive number of items`);
      continue;
    }
    const dc = discountCodes[i]!;
    if (dc >= 0 && discountCheck[dc] === NOT_PARSED) {
      const v = discount.dictionary[dc]!;
      reject(i, 'discount', v, 'order.bad_discount', `Discount "${v}" is not a number`);
      continue;
    }
    if (dc >= 0 && discountCheck[dc] === OUT_OF_RANGE) {
      const v = discount.dictionary[dc]!;
      reject(i, 'discount', v, 'order.discount_out_of_range', `Discount "${v}" is not a fraction between 0 and 1`);
      continue;
    }
    if (priceBytes === null ? priceText(i) !== null : isValid(priceBytes.validity, i)) {
      const p = priceOf(i);
      if (p === PRICE_BAD) {
        const text = priceText(i)!;
        reject(i, 'price', text, 'order.bad_price', `Price "${text}" is not a number`);
        continue;
      }
      if (p === PRICE_CLEANED) priceCleaned[i] = 1;
    } else priceNull[i] = 1;
    if (profit.parsed[i] === 0) {
      const ft = profitText(i);
      if (ft === null) reject(i, 'profit', null, 'order.missing_profit', 'Profit is missing');
      else reject(i, 'profit', ft, 'order.bad_profit', `Profit "${ft}" is not a number`);
    }
  }
  return {
    raw,
    sourceRow,
    rowIdText,
    rowIds,
    verdicts,
    orderId: trimmedCodes(raw, 'order_id'),
    orderDate,
    shipDate,
    shipMode: trimmedCodes(raw, 'ship_mode'),
    customerId: trimmedCodes(raw, 'customer_id'),
    productId: trimmedCodes(raw, 'product_id'),
    quantity,
    discount,
    prices,
    priceNull,
    priceCleaned,
    profits: profit.values,
    profitRounded: profit.rounded,
    // a 64-bit hash of each line's text tells an exact duplicate from a conflicting line, also across batches
    hashes: lineHashes(raw, spec.lineColumns),
  };
}

/** One reject case of the stage in SQL: when `test` holds, the line's column, value, rule and message. */
interface SqlCheck {
  readonly test: string;
  readonly column: string;
  readonly value: string;
  readonly rule: RuleName;
  readonly message: string;
}

const quoted = (label: string, v: string, tail: string): string => `concat('${label} "', ${v}, '" ${tail}')`;

/**
 * `stage_orders` in Spark SQL over the raw orders view. Columns: `source_row`, `key` (the Row ID as read),
 * `row_id` BIGINT, `order_id`, `order_date` DATE, `ship_date` DATE, `ship_mode`, `customer_id`, `product_id`,
 * `quantity` INT, `price` DECIMAL(18,2), `discount` DECIMAL(18,4), `profit` DECIMAL(18,2), `price_fix` and
 * `profit_fix` BOOLEAN, `line_text` (the line's identity: its raw text as JSON), and the verdict
 * `reject_column`, `reject_value`, `reject_rule`, `reject_message` (all NULL for a usable line).
 */
export function stageOrdersSql(views: { readonly raw_orders: string }, spec: StageSpec): string {
  const c = (name: string): string => `r.${sqlIdent(name)}`;
  const rowId = parseIntegerSql(c('row_id'));
  const orderDate = parseDayMonthYearSql(c('order_date'));
  const shipDate = parseDayMonthYearSql(c('ship_date'));
  const quantity = parseIntegerSql(c('quantity'), QUANTITY_MAX);
  const discount = parseDecimalSql(c('discount'), 4);
  const price = parseDecimalLenientSql(c('price'), 2);
  const profit = roundProfitSql(c('profit'));
  const checks: SqlCheck[] = [
    {
      test: `${c('row_id')} IS NULL OR ${jsTrimSql(c('row_id'))} = ''`,
      column: "'row_id'",
      value: c('row_id'),
      rule: 'order.missing_row_id',
      message: "'Row ID is missing'",
    },
    {
      test: `s_row_id IS NULL`,
      column: "'row_id'",
      value: c('row_id'),
      rule: 'order.bad_row_id',
      message: quoted('Row ID', c('row_id'), 'is not an integer'),
    },
    {
      test: `${c('order_date')} IS NULL`,
      column: "'order_date'",
      value: 'NULL',
      rule: 'order.missing_order_date',
      message: "'Order Date is missing'",
    },
    {
      test: `s_order_date IS NULL`,
      column: "'order_date'",
      value: c('order_date'),
      rule: 'order.bad_order_date',
      message: quoted('Order Date', c('order_date'), 'is not a possible d/m/yyyy date'),
    },
    {
      test: `${c('ship_date')} IS NOT NULL AND s_ship_date IS NULL`,
      column: "'ship_date'",
      value: c('ship_date'),
      rule: 'order.bad_ship_date',
      message: quoted('Ship Date', c('ship_date'), 'is not a possible d/m/yyyy date'),
    },
    {
      test: `${c('quantity')} IS NULL`,
      column: "'quantity'",
      value: 'NULL',
      rule: 'order.bad_quantity',
      message: "'Quantity is missing'",
    },
    {
      test: `s_quantity IS NULL`,
      column: "'quantity'",
      value: c('quantity'),
      rule: 'order.bad_quantity',
      message: quoted('Quantity', c('quantity'), 'is not an integer'),
    },
    {
      test: `s_quantity <= 0`,
      column: "'quantity'",
      value: c('quantity'),
      rule: 'order.nonpositive_quantity',
      message: quoted('Quantity', c('quantity'), 'is not a positive number of items'),
    },
    {
      test: `${c('discount')} IS NOT NULL AND s_discount IS NULL`,
      column: "'discount'",
      value: c('discount'),
      rule: 'order.bad_discount',
      message: quoted('Discount', c('discount'), 'is not a number'),
    },
    {
      test: `s_discount < 0 OR s_discount > 1`,
      column: "'discount'",
      value: c('discount'),
      rule: 'order.discount_out_of_range',
      message: quoted('Discount', c('discount'), 'is not a fraction between 0 and 1'),
    },
    {
      test: `${c('price')} IS NOT NULL AND s_price IS NULL`,
      column: "'price'",
      value: c('price'),
      rule: 'order.bad_price',
      message: quoted('Price', c('price'), 'is not a number'),
    },
    {
      test: `${c('profit')} IS NULL`,
      column: "'profit'",
      value: 'NULL',
      rule: 'order.missing_profit',
      message: "'Profit is missing'",
    },
    {
      test: `s_profit IS NULL`,
      column: "'profit'",
      value: c('profit'),
      rule: 'order.bad_profit',
      message: quoted('Profit', c('profit'), 'is not a number'),
    },
  ];
  const verdict = (field: keyof SqlCheck): string =>
    `CASE ${checks.map((k) => `WHEN ${k.test} THEN ${field === 'rule' ? `'${k.rule}'` : k[field]}`).join(' ')} END`;
  const trimmed = (name: string): string => trimRule.sql(c(name));
  const line = spec.lineColumns.map((name) => `${sqlString(name)}, ${c(name)}`).join(', ');
  return (
    `SELECT ${c('source_row')} AS source_row, ${c('row_id')} AS key, ` +
    `CASE WHEN s_row_id IS NOT NULL AND ${c('row_id')} IS NOT NULL THEN s_row_id END AS row_id, ` +
    `${trimmed('order_id')} AS order_id, s_order_date AS order_date, s_ship_date AS ship_date, ` +
    `${trimmed('ship_mode')} AS ship_mode, ${trimmed('customer_id')} AS customer_id, ` +
    `${trimmed('product_id')} AS product_id, CAST(s_quantity AS INT) AS quantity, s_price AS price, ` +
    `s_discount AS discount, s_profit AS profit, ${price.cleaned} AS price_fix, ` +
    `${profitRoundedSql(c('profit'))} AS profit_fix, to_json(named_struct(${line})) AS line_text, ` +
    `${verdict('column')} AS reject_column, ${verdict('value')} AS reject_value, ` +
    `${verdict('rule')} AS reject_rule, ${verdict('message')} AS reject_message` +
    (spec.keep ?? []).map((name) => `, ${c(name)} AS ${sqlIdent(name)}`).join('') +
    ` FROM (SELECT r.*, ${rowId} AS s_row_id, ${orderDate} AS s_order_date, ${shipDate} AS s_ship_date, ` +
    `${quantity} AS s_quantity, ${discount} AS s_discount, ${price.value} AS s_price, ${profit} AS s_profit ` +
    `FROM ${views.raw_orders} r) r`
  );
}

/** `stage_orders`: see {@link stageOrders} (Arrow) and {@link stageOrdersSql} (its columns). */
export const stageOrdersStep: Step<Table, StageSpec, StagedOrders, 'raw_orders'> = {
  name: 'stage_orders',
  summary: 'Trims, parses and casts every raw order line; names the first check a line fails as its reject rule.',
  views: ['raw_orders'],
  arrow: stageOrders,
  sql: stageOrdersSql,
};

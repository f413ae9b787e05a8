/**
 * raw/orders + enriched customers + enriched products → enriched/orders: every usable line typed (dates, exact
 * decimals), profit rounded half away from zero to 2 places, left-joined to customer name/country and product
 * category/sub-category. Lines that cannot be used become rejects with their source row and the rule.
 * Parsing runs once per distinct value where values repeat (ids, dates, quantities) and once per line otherwise.
 */
import { Decimal, type Table, type Utf8, type Vector } from 'apache-arrow';
import { enrichedOrders } from '../schemas/enriched.js';
import { DictionaryBuilder, Int32Builder, Int64Builder } from '../table/builders.js';
import { CodeRemap, DictionaryGather } from './build-columns.js';
import { DateDay } from 'apache-arrow';
import { bigintColumn, codedColumn, textReader } from '../table/columns.js';
import { tableFromVectors } from '../table/table.js';
import type { Cleaned } from './cleaned.js';
import { lineHashes } from './line-hash.js';
import { SeenLines } from './seen-lines.js';
import { addFix, type Fixes } from './quality.js';
import type { Reject } from './rejects-builder.js';
import { trimRule } from './rules/index.js';
import { parseDayMonthYear, parseDecimal, parseDecimalLenient, parseInteger, yearOfDay } from './values/index.js';

/** Enriched order lines plus how many lines found no customer or product. */
export interface EnrichedOrders extends Cleaned {
  readonly unknownCustomers: number;
  readonly unknownProducts: number;
}

/** Per distinct value of a coded column: the parsed value (or undefined when it does not parse). */
function perCode<T>(table: Table, name: string, parse: (text: string) => T | null) {
  const { codes, dictionary } = codedColumn(table, name);
  const parsed = dictionary.map(parse);
  return { codes, dictionary, parsed };
}

/** Maps each distinct id of `name` in `orders` to the row of the same trimmed id in `lookup` (-1 when unknown). */
function joinCodes(orders: Table, name: string, lookup: Table) {
  const ids = perCode(orders, name, (t) => trimRule.clean(t));
  const keys = codedColumn(lookup, name);
  const rowOfKey = new Map<string, number>();
  for (let r = 0; r < keys.codes.length; r++) {
    const c = keys.codes[r]!;
    if (c >= 0 && !rowOfKey.has(keys.dictionary[c]!)) rowOfKey.set(keys.dictionary[c]!, r);
  }
  const target = Int32Array.from(ids.parsed, (id) => (id === null ? -1 : (rowOfKey.get(id) ?? -1)));
  return { ...ids, target };
}

/** A discount is a fraction of the price: at most 1 (100%), held at scale 4. */
const DISCOUNT_MAX = 10_000n;

const fractionBeyond = (text: string, places: number): boolean => {
  const dot = text.indexOf('.');
  if (dot < 0 || /[eE]/.test(text)) return false;
  for (let i = dot + 1 + places; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 49 && ch <= 57) return true; // a non-zero digit past `places`
  }
  return false;
};

/**
 * Types, cleans and joins order lines; see the module comment.
 * @example
 * const { table, rejects, unknownProducts } = enrichOrders(rawOrdersTable, customers, products);
 * // row_id 1n, order_date 2016-08-21, profit '63.69', customer_name 'Jay Kimmel', category 'Furniture',
 * // order_year 2016
 * // profit text '2.345' → 2.35, '-2.345' → -2.35; unknownProducts → 204 on the sample
 */
export function enrichOrders(
  raw: Table,
  customers: Table,
  products: Table,
  seen: SeenLines = new SeenLines(),
): EnrichedOrders {
  const n = raw.numRows;
  const fixes: Fixes = {};
  const rejects: Reject[] = [];
  const sourceRow = bigintColumn(raw, 'source_row').values;
  const rowIdText = textReader(raw, 'row_id');
  const priceText = textReader(raw, 'price');
  const profitText = textReader(raw, 'profit');
  const orderDate = perCode(raw, 'order_date', parseDayMonthYear);
  const shipDate = perCode(raw, 'ship_date', parseDayMonthYear);
  const quantity = perCode(raw, 'quantity', (t) => {
    const q = parseInteger(t);
    return q !== null && Math.abs(q) <= 2147483647 ? q : null;
  });
  const discount = perCode(raw, 'discount', (t) => parseDecimal(t, 4));
  const orderId = perCode(raw, 'order_id', (t) => trimRule.clean(t));
  const shipMode = perCode(raw, 'ship_mode', (t) => trimRule.clean(t));
  const customer = joinCodes(raw, 'customer_id', customers);
  const product = joinCodes(raw, 'product_id', products);

  // a 64-bit hash of each line's text tells an exact duplicate from a conflicting line, also across batches
  const hashes = lineHashes(
    raw,
    raw.schema.names.map(String).filter((c) => c !== 'source_row'),
  );
  const rowIds = new Float64Array(n);
  const prices = new BigInt64Array(n);
  const priceNull = new Uint8Array(n);
  const profits = new BigInt64Array(n);
  const kept: number[] = [];
  let priceCleaned = 0;
  let profitRounded = 0;

  const reject = (i: number, column: string | null, value: string | null, rule: string, message: string): void => {
    rejects.push({ sourceRow: Number(sourceRow[i]!), key: rowIdText(i), column, value, rule, message });
  };
  for (let i = 0; i < n; i++) {
    const idText = rowIdText(i);
    if (idText === null || idText.trim() === '') {
      reject(i, 'row_id', idText, 'order.missing_row_id', 'Row ID is missing');
      continue;
    }
    const id = parseInteger(idText);
    if (id === null) {
      reject(i, 'row_id', idText, 'order.bad_row_id', `Row ID "${idText}" is not an integer`);
      continue;
    }
    const first = seen.sourceRow(id);
    if (first >= 0) {
      if (seen.sameHash(id, hashes.a[i]!, hashes.b[i]!)) {
        reject(i, null, null, 'order.duplicate_line', `exact duplicate of source row ${first} (counted once)`);
      } else {
        reject(
          i,
          'row_id',
          idText,
          'order.conflicting_row_id',
          `Row ID ${id} already used by source row ${first} with different values; the first is kept`,
        );
      }
      continue;
    }
    const od = orderDate.codes[i]!;
    if (od < 0) {
      reject(i, 'order_date', null, 'order.missing_order_date', 'Order Date is missing');
      continue;
    }
    if (orderDate.parsed[od] === null) {
      reject(
        i,
        'order_date',
        orderDate.dictionary[od]!,
        'order.bad_order_date',
        `Order Date "${orderDate.dictionary[od]}" is not a possible d/m/yyyy date`,
      );
      continue;
    }
    const sd = shipDate.codes[i]!;
    if (sd >= 0 && shipDate.parsed[sd] === null) {
      reject(
        i,
        'ship_date',
        shipDate.dictionary[sd]!,
        'order.bad_ship_date',
        `Ship Date "${shipDate.dictionary[sd]}" is not a possible d/m/yyyy date`,
      );
      continue;
    }
    const qc = quantity.codes[i]!;
    if (qc < 0 || quantity.parsed[qc] === null) {
      const v = qc < 0 ? null : quantity.dictionary[qc]!;
      reject(
        i,
        'quantity',
        v,
        'order.bad_quantity',
        v === null ? 'Quantity is missing' : `Quantity "${v}" is not an integer`,
      );
      continue;
    }
    if (quantity.parsed[qc]! <= 0) {
      const v = quantity.dictionary[qc]!;
      reject(i, 'quantity', v, 'order.nonpositive_quantity', `Quantity "${v}" is not a positive number of items`);
      continue;
    }
    const dc = discount.codes[i]!;
    if (dc >= 0 && discount.parsed[dc] === null) {
      reject(
        i,
        'discount',
        discount.dictionary[dc]!,
        'order.bad_discount',
        `Discount "${discount.dictionary[dc]}" is not a number`,
      );
      continue;
    }
    if (dc >= 0 && (discount.parsed[dc]! < 0n || discount.parsed[dc]! > DISCOUNT_MAX)) {
      const v = discount.dictionary[dc]!;
      reject(i, 'discount', v, 'order.discount_out_of_range', `Discount "${v}" is not a fraction between 0 and 1`);
      continue;
    }
    const pt = priceText(i);
    if (pt !== null) {
      const p = parseDecimalLenient(pt, 2);
      if (p === null) {
        reject(i, 'price', pt, 'order.bad_price', `Price "${pt}" is not a number`);
        continue;
      }
      prices[i] = p.value;
      if (p.cleaned) priceCleaned++;
    } else priceNull[i] = 1;
    const ft = profitText(i);
    if (ft === null) {
      reject(i, 'profit', null, 'order.missing_profit', 'Profit is missing');
      continue;
    }
    const profit = parseDecimal(ft, 2);
    if (profit === null) {
      reject(i, 'profit', ft, 'order.bad_profit', `Profit "${ft}" is not a number`);
      continue;
    }
    if (fractionBeyond(ft, 2)) profitRounded++;
    profits[i] = profit;
    rowIds[i] = id;
    seen.add(id, Number(sourceRow[i]!), hashes.a[i]!, hashes.b[i]!);
    kept.push(i);
  }

  if (priceCleaned > 0) addFix(fixes, 'price.stray_characters', { changed: priceCleaned });
  if (profitRounded > 0) addFix(fixes, 'profit.round_2dp', { changed: profitRounded });

  const rowsOf = (table: Table, name: string): (string | null)[] => {
    const read = textReader(table, name);
    return Array.from({ length: table.numRows }, (_, r) => read(r));
  };
  const dict = (values: readonly (string | null)[]): CodeRemap => new CodeRemap(new DictionaryBuilder(), values);
  /** A raw dictionary column that trimming left unchanged keeps its dictionary: rows are gathered by code. */
  const passThrough = (name: string, coded: { dictionary: readonly string[]; parsed: readonly (string | null)[] }) => {
    const d = raw.getChild(name)!.data[0]!;
    const unchanged = d.dictionary !== undefined && coded.parsed.every((v, c) => v === coded.dictionary[c]);
    return unchanged ? new DictionaryGather(d.dictionary as Vector<Utf8>) : dict(coded.parsed);
  };
  const out = {
    order_id: passThrough('order_id', orderId),
    ship_mode: passThrough('ship_mode', shipMode),
    customer_id: passThrough('customer_id', customer),
    product_id: passThrough('product_id', product),
    customer_name: dict(rowsOf(customers, 'customer_name')),
    country: dict(rowsOf(customers, 'country')),
    category: dict(rowsOf(products, 'category')),
    sub_category: dict(rowsOf(products, 'sub_category')),
  };
  const b = {
    row_id: new Int64Builder(),
    order_date: new Int32Builder(new DateDay()),
    ship_date: new Int32Builder(new DateDay()),
    quantity: new Int32Builder(),
    price: new Int64Builder(new Decimal(2, 18, 128)),
    discount: new Int64Builder(new Decimal(4, 18, 128)),
    profit: new Int64Builder(new Decimal(2, 18, 128)),
    order_year: new Int32Builder(),
    source_row: new Int64Builder(),
  };
  const priceWords = new Int32Array(prices.buffer);
  const profitWords = new Int32Array(profits.buffer);
  const sourceRowWords = new Int32Array(sourceRow.buffer, sourceRow.byteOffset, sourceRow.length * 2);
  let unknownCustomers = 0;
  let unknownProducts = 0;
  for (const i of kept) {
    const day = orderDate.parsed[orderDate.codes[i]!]!;
    const sd = shipDate.codes[i]!;
    const dc = discount.codes[i]!;
    const cc = customer.codes[i]!;
    const pc = product.codes[i]!;
    b.row_id.appendNumber(rowIds[i]!);
    out.order_id.append(orderId.codes[i]!);
    b.order_date.append(day);
    b.ship_date.append(sd < 0 ? null : shipDate.parsed[sd]!);
    out.ship_mode.append(shipMode.codes[i]!);
    out.customer_id.append(cc);
    out.product_id.append(pc);
    b.quantity.append(quantity.parsed[quantity.codes[i]!]!);
    if (priceNull[i]) b.price.appendNull();
    else b.price.appendWords(priceWords, i);
    b.discount.append(dc < 0 ? null : discount.parsed[dc]!);
    b.profit.appendWords(profitWords, i);
    const cr = cc < 0 ? -1 : customer.target[cc]!;
    if (cr < 0) unknownCustomers++;
    out.customer_name.append(cr);
    out.country.append(cr);
    const pr = pc < 0 ? -1 : product.target[pc]!;
    if (pr < 0) unknownProducts++;
    out.category.append(pr);
    out.sub_category.append(pr);
    b.order_year.append(yearOfDay(day));
    b.source_row.appendWords(sourceRowWords, i);
  }
  const finish = (name: string): Vector =>
    name in out ? out[name as keyof typeof out].finish() : b[name as keyof typeof b].finish();
  const vectors: Vector[] = enrichedOrders.columns.map((c) => finish(c.name));
  return {
    table: tableFromVectors(enrichedOrders.columns, vectors),
    rejects,
    fixes,
    unknownCustomers,
    unknownProducts,
  };
}

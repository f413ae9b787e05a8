/**
 * The report's chart data (profit by year, by year and category, by customer, by sub-category) from tables in
 * memory: the aggregates, and raw and enriched customers for the customers without a name. Exact: money is summed
 * as scaled integers. The pipeline computes it from the tables it has just built, so the charts are drawn while
 * the warehouse is written; `ecomflow report` from the warehouse's files (load-data.ts).
 */
import type { Table } from 'apache-arrow';
import {
  bigintColumn,
  codedColumn,
  formatScaled,
  int32Column,
  isValid,
  tableRows,
  textReader,
} from '../table/columns.js';
import { centsText, toCents } from './money.js';
import type {
  ChartData,
  CustomerProfit,
  CustomerStatus,
  SubCategoryProfit,
  YearCategoryProfit,
  YearProfit,
} from './report-data.js';

/** The tables the charts are drawn from, by warehouse name (`raw_customers` is raw/customers). */
export interface ChartTables {
  readonly profit_by_year: Table;
  readonly profit_by_customer: Table;
  readonly profit_by_sub_category: Table;
  readonly profit_summary: Table;
  readonly raw_customers: Table;
  readonly enriched_customers: Table;
}

/** Why a listed customer has no name: the cell was empty (`no-name`), or cleaning left no letter (`name-cleaned`). */
export type NamelessStatus = Extract<CustomerStatus, 'no-name' | 'name-cleaned'>;

/**
 * The charts' data from `tables`.
 * @example
 * chartDataOf(tables).byYear; // [{ year: 2014, profit: '39185.75', lines: 1993 }, …]
 */
export function chartDataOf(tables: ChartTables): ChartData {
  return {
    byYear: yearProfits(tables.profit_by_year),
    byYearCategory: yearCategoryProfits(tables.profit_summary),
    byCustomer: customerProfits(
      tables.profit_by_customer,
      namelessCustomers(tables.raw_customers, tables.enriched_customers),
    ),
    bySubCategory: subCategoryProfits(tables.profit_by_sub_category),
  };
}

/**
 * The customers of enriched/customers without a name, by id, and why: the raw row (same `source_row`) had no name,
 * or it had one that cleaning emptied.
 * @example
 * namelessCustomers(raw, enriched); // Map { 'CU-100' => 'no-name', 'CU-104' => 'name-cleaned' }
 */
export function namelessCustomers(raw: Table, enriched: Table): Map<string, NamelessStatus> {
  const nameless = new Map<string, NamelessStatus>();
  const name = textReader(enriched, 'customer_name');
  const id = textReader(enriched, 'customer_id');
  const rows = bigintColumn(enriched, 'source_row').values;
  const wanted = new Map<bigint, number>();
  for (let i = 0; i < enriched.numRows; i++) if (name(i) === null) wanted.set(rows[i]!, i);
  if (wanted.size === 0) return nameless;
  const rawName = textReader(raw, 'customer_name');
  const rawRows = bigintColumn(raw, 'source_row').values;
  for (let r = 0; r < raw.numRows; r++) {
    const i = wanted.get(rawRows[r]!);
    const customer = i === undefined ? null : id(i);
    if (customer !== null) nameless.set(customer, rawName(r) === null ? 'no-name' : 'name-cleaned');
  }
  return nameless;
}

/**
 * Exact sums of profit_summary's profit by (year, category), sorted by year then category (nulls last), as SQL's
 * sum (null profits skipped). Summed into one slot per year and category code: no key is built per row (the
 * summary has a row per customer).
 */
function yearCategoryProfits(summary: Table): YearCategoryProfit[] {
  const year = int32Column(summary, 'order_year');
  const category = codedColumn(summary, 'category');
  const { values: profit, validity } = bigintColumn(summary, 'profit');
  const scale = (summary.getChild('profit')?.type as { scale?: number } | undefined)?.scale ?? 0;
  const width = category.dictionary.length + 1; // slot 0: a null category
  const rowOfYear = new Map<number | null, number>();
  const sums: (bigint | undefined)[] = [];
  for (let i = 0; i < summary.numRows; i++) {
    if (!isValid(validity, i)) continue;
    const y = isValid(year.validity, i) ? year.values[i]! : null;
    let row = rowOfYear.get(y);
    if (row === undefined) rowOfYear.set(y, (row = rowOfYear.size));
    const slot = row * width + category.codes[i]! + 1;
    sums[slot] = (sums[slot] ?? 0n) + profit[i]!;
  }
  // a dictionary may hold a string twice: groups are by the text
  const groups = new Map<string, { year: number | null; category: string | null; sum: bigint }>();
  for (const [y, row] of rowOfYear) {
    for (let code = 0; code < width; code++) {
      const sum = sums[row * width + code];
      if (sum === undefined) continue;
      const c = code === 0 ? null : category.dictionary[code - 1]!;
      const key = `${y}\u0000${c === null ? '\u0001' : `=${c}`}`;
      const group = groups.get(key);
      if (group === undefined) groups.set(key, { year: y, category: c, sum });
      else group.sum += sum;
    }
  }
  return [...groups.values()]
    .map(({ year: y, category: c, sum }) => ({
      year: y,
      category: c,
      profit: centsText(scale === 2 ? sum : toCents(formatScaled(sum, scale))),
    }))
    .sort((a, b) => compareNullable(a.year, b.year) || compareNullable(a.category, b.category));
}

/** Null-last ordering of optional keys. */
function compareNullable<T extends string | number>(a: T | null, b: T | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function yearProfits(table: Table): YearProfit[] {
  return tableRows(table)
    .map((r) => ({
      year: r['order_year'] as number | null,
      profit: r['profit'] as string,
      lines: Number(r['order_lines'] as bigint),
    }))
    .sort((a, b) => compareNullable(a.year, b.year));
}

/** Sorts most profitable first (ties by `tie`), converting each profit to cents once. */
function byProfitDesc<T extends { profit: string }>(rows: T[], tie: (a: T, b: T) => number): T[] {
  const order = profitOrder(
    rows.map((r) => toCents(r.profit)),
    (i, j) => tie(rows[i]!, rows[j]!),
  );
  return order.map((i) => rows[i]!);
}

/**
 * Row indices by `cents`, most first (ties by `tie`). Cents compare as numbers while every one is a safe
 * integer (exact), as bigints beyond.
 */
function profitOrder(cents: ArrayLike<bigint>, tie: (i: number, j: number) => number): number[] {
  const order = Array.from({ length: cents.length }, (_, i) => i);
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  let safe = true;
  for (let i = 0; i < cents.length && safe; i++) safe = cents[i]! <= limit && cents[i]! >= -limit;
  if (safe) {
    const n = Float64Array.from({ length: cents.length }, (_, i) => Number(cents[i]!));
    return order.sort((i, j) => n[j]! - n[i]! || tie(i, j));
  }
  return order.sort((i, j) => (cents[j]! > cents[i]! ? 1 : cents[j]! < cents[i]! ? -1 : tie(i, j)));
}

/** Customers most profitable first; a null name is `unknown` unless the id is a nameless customer of the list. */
function customerProfits(table: Table, nameless: ReadonlyMap<string, CustomerStatus>): CustomerProfit[] {
  const id = textReader(table, 'customer_id');
  const name = textReader(table, 'customer_name');
  const { values: scaled } = bigintColumn(table, 'profit');
  const scale = (table.getChild('profit')?.type as { scale?: number } | undefined)?.scale ?? 0;
  const profits = Array.from(scaled, (x) => formatScaled(x, scale));
  const cents = scale === 2 ? scaled : profits.map(toCents);
  return profitOrder(cents, (i, j) => compareNullable(id(i), id(j))).map((i): CustomerProfit => {
    const customerId = id(i);
    const customerName = name(i);
    const status: CustomerStatus =
      customerName !== null ? 'named' : (customerId !== null && nameless.get(customerId)) || 'unknown';
    return { customerId, customerName, profit: profits[i]!, status };
  });
}

function subCategoryProfits(table: Table): SubCategoryProfit[] {
  const rows = tableRows(table).map((r) => ({
    category: r['category'] as string | null,
    subCategory: r['sub_category'] as string | null,
    profit: r['profit'] as string,
  }));
  return byProfitDesc(rows, (a, b) => compareNullable(a.subCategory, b.subCategory));
}

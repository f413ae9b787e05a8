/**
 * Reads what the report shows from a warehouse: the aggregates (exact decimals), quality.json, the rejects,
 * the order lines whose customer or product is unknown, the SQL answers' sizes and run.json.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Table } from 'apache-arrow';
import { InputError } from '../errors.js';
import { readParquet } from '../io/parquet-read.js';
import { aggregateSchemas, rejectSchemas } from '../schemas/index.js';
import { bigintColumn, codedColumn, int32Column, isValid, tableRows, textReader } from '../table/columns.js';
import { centsText, toCents } from './money.js';
import { readRunFacts } from './run-facts.js';
import type {
  CustomerProfit,
  QualityTable,
  RejectGroup,
  ReportData,
  SourceTable,
  SubCategoryProfit,
  TableCount,
  UnknownKeys,
  YearCategoryProfit,
  YearProfit,
} from './report-data.js';

const SOURCE_TABLES: readonly SourceTable[] = ['customers', 'products', 'orders'];
/** Rejected rows shown per rule. */
const EXAMPLES_PER_RULE = 3;

/**
 * Loads the report's data from `warehouse`; throws InputError when it holds no quality.json or aggregates.
 * @example
 * const data = await loadReportData('warehouse');
 * data.byYear.map((y) => y.profit); // ['39185.75', '63073.09', '65073.23', '111084.96']
 */
export async function loadReportData(warehouse: string): Promise<ReportData> {
  const quality = await readQuality(warehouse);
  const aggregates = Object.fromEntries(
    await Promise.all(
      Object.entries(aggregateSchemas).map(async ([name, schema]) => [name, await readParquet(join(warehouse, 'aggregates', `${name}.parquet`), schema)] as const),
    ),
  ) as Record<keyof typeof aggregateSchemas, Table>;
  const byYear = yearProfits(aggregates.profit_by_year);
  const enrichedOrders = await readParquet(join(warehouse, 'enriched', 'orders.parquet'));
  return {
    totalProfit: centsText(byYear.reduce((sum, y) => sum + toCents(y.profit), 0n)),
    byYear,
    byYearCategory: yearCategoryProfits(aggregates.profit_summary),
    byCustomer: customerProfits(aggregates.profit_by_customer),
    bySubCategory: subCategoryProfits(aggregates.profit_by_sub_category),
    quality,
    rejects: await readRejects(warehouse),
    unknownCustomers: unknownKeys(enrichedOrders, 'customer_id', await keySet(warehouse, 'customers', 'customer_id')),
    unknownProducts: unknownKeys(enrichedOrders, 'product_id', await keySet(warehouse, 'products', 'product_id')),
    aggregates: Object.entries(aggregates).map(([name, t]) => ({ name, rows: t.numRows })),
    sqlAnswers: await sqlAnswerCounts(warehouse),
    run: await readRunFacts(warehouse),
  };
}

async function readQuality(warehouse: string): Promise<Record<SourceTable, QualityTable>> {
  const file = join(warehouse, 'quality.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError('report.no_quality', 'not found: is this an ecomflow warehouse? (run `ecomflow run` first)', { file });
  }
  let parsed: { tables?: Partial<Record<SourceTable, QualityTable>> };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch (error) {
    throw new InputError('report.bad_quality', `is not valid JSON (${(error as Error).message})`, { file });
  }
  const tables = parsed.tables ?? {};
  for (const t of SOURCE_TABLES) {
    if (typeof tables[t]?.rows_read !== 'number') {
      throw new InputError('report.bad_quality', `has no entry for table "${t}"`, { file });
    }
  }
  return tables as Record<SourceTable, QualityTable>;
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
    .map((r) => ({ year: r['order_year'] as number | null, profit: r['profit'] as string, lines: Number(r['order_lines'] as bigint) }))
    .sort((a, b) => compareNullable(a.year, b.year));
}

/** Exact sums of profit_summary by (year, category), from the scaled integers (DECIMAL(18,2): cents). */
function yearCategoryProfits(summary: Table): YearCategoryProfit[] {
  const years = int32Column(summary, 'order_year');
  const categories = codedColumn(summary, 'category');
  const profit = bigintColumn(summary, 'profit');
  const sums = new Map<string, { year: number | null; category: string | null; cents: bigint }>();
  for (let i = 0; i < summary.numRows; i++) {
    const year = isValid(years.validity, i) ? years.values[i]! : null;
    const code = categories.codes[i]!;
    const category = code < 0 ? null : categories.dictionary[code]!;
    const key = `${year}\u0000${category ?? '\u0001'}`;
    const entry = sums.get(key) ?? { year, category, cents: 0n };
    entry.cents += profit.values[i]!;
    sums.set(key, entry);
  }
  return [...sums.values()]
    .sort((a, b) => compareNullable(a.year, b.year) || compareNullable(a.category, b.category))
    .map((e) => ({ year: e.year, category: e.category, profit: centsText(e.cents) }));
}

/** Most profitable first; ties by id. */
function byProfitDesc<T extends { profit: string }>(tie: (a: T, b: T) => number): (a: T, b: T) => number {
  return (a, b) => {
    const d = toCents(b.profit) - toCents(a.profit);
    return d > 0n ? 1 : d < 0n ? -1 : tie(a, b);
  };
}

function customerProfits(table: Table): CustomerProfit[] {
  return tableRows(table)
    .map((r) => ({
      customerId: r['customer_id'] as string | null,
      customerName: r['customer_name'] as string | null,
      profit: r['profit'] as string,
    }))
    .sort(byProfitDesc((a, b) => compareNullable(a.customerId, b.customerId)));
}

function subCategoryProfits(table: Table): SubCategoryProfit[] {
  return tableRows(table)
    .map((r) => ({
      category: r['category'] as string | null,
      subCategory: r['sub_category'] as string | null,
      profit: r['profit'] as string,
    }))
    .sort(byProfitDesc((a, b) => compareNullable(a.subCategory, b.subCategory)));
}

async function readRejects(warehouse: string): Promise<RejectGroup[]> {
  const groups: RejectGroup[] = [];
  for (const table of SOURCE_TABLES) {
    const rows = tableRows(await readParquet(join(warehouse, 'rejects', `${table}.parquet`), rejectSchemas[table]));
    const byRule = new Map<string, typeof rows>();
    for (const r of rows) {
      const rule = r['rule'] as string;
      byRule.set(rule, [...(byRule.get(rule) ?? []), r]);
    }
    for (const [rule, list] of [...byRule.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      groups.push({
        table,
        rule,
        count: list.length,
        examples: list.slice(0, EXAMPLES_PER_RULE).map((r) => ({
          sourceRow: Number(r['source_row'] as bigint),
          key: r['key'] as string | null,
          column: r['column_name'] as string | null,
          value: r['value'] as string | null,
          message: r['message'] as string,
        })),
      });
    }
  }
  return groups;
}

/** The distinct non-null values of `column` in enriched/<table>. */
async function keySet(warehouse: string, table: SourceTable, column: string): Promise<Set<string>> {
  const t = await readParquet(join(warehouse, 'enriched', `${table}.parquet`));
  const read = textReader(t, column);
  const keys = new Set<string>();
  for (let i = 0; i < t.numRows; i++) {
    const k = read(i);
    if (k !== null) keys.add(k);
  }
  return keys;
}

/** Order lines whose `column` is not one of `known` (a null key counts as unknown, shown as "(none)"). */
function unknownKeys(orders: Table, column: string, known: ReadonlySet<string>): UnknownKeys {
  const { codes, dictionary } = codedColumn(orders, column);
  const perCode = new Map<number, number>();
  for (const code of codes) {
    const key = code < 0 ? null : dictionary[code]!;
    if (key !== null && known.has(key)) continue;
    perCode.set(code, (perCode.get(code) ?? 0) + 1);
  }
  const ids = [...perCode.entries()]
    .map(([code, lines]) => ({ id: code < 0 ? '(none)' : dictionary[code]!, lines }))
    .sort((a, b) => b.lines - a.lines || (a.id < b.id ? -1 : 1));
  return { lines: ids.reduce((n, x) => n + x.lines, 0), distinct: ids.length, examples: ids.slice(0, 5) };
}

/** Data rows of each sql/*.csv, by answer name; null when there is no sql/ folder. */
async function sqlAnswerCounts(warehouse: string): Promise<TableCount[] | null> {
  const dir = join(warehouse, 'sql');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.csv')).sort();
  } catch {
    return null;
  }
  return Promise.all(
    names.map(async (n) => {
      const records = parse(await readFile(join(dir, n), 'utf8'), { skip_empty_lines: true }) as unknown[];
      return { name: n.replace(/\.csv$/, ''), rows: Math.max(0, records.length - 1) };
    }),
  );
}

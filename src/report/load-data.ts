/**
 * Reads what the report shows from a warehouse: the aggregates (exact decimals), quality.json, the rejects, the
 * fixes' examples, the order lines whose customer or product is unknown or nameless, the SQL answers' sizes and
 * run.json. Files are read through io (Parquet, JSON, CSV) and the big tables are summarised by DuckDB (sql). A
 * table is read in either form the warehouse holds it: one `<table>.parquet` file, or a folder of Spark part files.
 */
import { basename, join } from 'node:path';
import type { Table } from 'apache-arrow';
import { InputError } from '../errors.js';
import { csvDataRows } from '../io/csv/count-records.js';
import { readJsonFile } from '../io/files/json-file.js';
import { packageVersion } from '../io/files/package-version.js';
import { filesWithExtension } from '../io/files/text-file.js';
import { readWarehouseTable } from '../io/warehouse/read-table.js';
import { aggregateSchemas } from '../schemas/index.js';
import { openWarehouse, type WarehouseDb } from '../sql/warehouse-db.js';
import { bigintColumn, formatScaled, tableRows, textReader } from '../table/columns.js';
import { fixExamples } from './fix-examples.js';
import { centsText, toCents } from './money.js';
import { readRunFacts } from './run-facts.js';
import type {
  ChartData,
  CustomerProfit,
  CustomerStatus,
  QualityTable,
  RejectGroup,
  ReportData,
  ReportTables,
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
/** Ids named per unknown/nameless group. */
const IDS_SHOWN = 5;

/**
 * Loads the report's data from `warehouse`; throws InputError when it holds no quality.json or aggregates.
 * @example
 * const data = await loadReportData('warehouse');
 * data.byYear.map((y) => y.profit); // ['39185.75', '63073.09', '65073.23', '111084.96']
 */
export async function loadReportData(warehouse: string): Promise<ReportData> {
  return withRunFiles(warehouse, await loadReportTables(warehouse));
}

/** The aggregate tables the report reads whole (the others are summarised by DuckDB). */
const REPORT_AGGREGATES = ['profit_by_year', 'profit_by_customer', 'profit_by_sub_category'] as const;

/** Those aggregates as the caller holds them in memory (the pipeline has just written them); else read from files. */
export type ReportAggregates = Partial<Record<(typeof REPORT_AGGREGATES)[number], Table>>;

/**
 * Reads the report's data from the warehouse's tables (quality.json, the aggregates, DuckDB's summaries of the
 * big tables). `onChartData` is told the charts' data as soon as it is read, before the other summaries are
 * queried, so the charts can be drawn while DuckDB works. The aggregates in `known` are not read again.
 * Throws InputError as `loadReportData` does.
 * @example
 * const tables = await loadReportTables('warehouse', (charts) => void drawCharts(charts));
 * tables.totalProfit; // '278417.03'
 */
export async function loadReportTables(
  warehouse: string,
  onChartData?: (charts: ChartData) => void,
  known?: ReportAggregates,
): Promise<ReportTables> {
  const quality = await readQuality(warehouse);
  const aggregates = Object.fromEntries(
    await Promise.all(
      REPORT_AGGREGATES.map(
        async (name) =>
          [
            name,
            known?.[name] ?? (await readWarehouseTable(warehouse, 'aggregates', name, aggregateSchemas[name])),
          ] as const,
      ),
    ),
  ) as Record<(typeof REPORT_AGGREGATES)[number], Table>;
  const byYear = yearProfits(aggregates.profit_by_year);
  // the big tables (order lines, the summary, rejects) are summarised by DuckDB over their Parquet files
  const db = await openWarehouse(warehouse, { requireMarker: false });
  try {
    const nameless = await namelessCustomers(db);
    const charts: ChartData = {
      byYear,
      byYearCategory: await yearCategoryProfits(db),
      byCustomer: customerProfits(aggregates.profit_by_customer, nameless.status),
      bySubCategory: subCategoryProfits(aggregates.profit_by_sub_category),
    };
    onChartData?.(charts);
    return {
      totalProfit: centsText(byYear.reduce((sum, y) => sum + toCents(y.profit), 0n)),
      ...charts,
      quality,
      rejects: await readRejects(db),
      fixExamples: await fixExamples(db, quality),
      unknownCustomers: await unknownKeys(db, 'customers', 'customer_id'),
      nameCleanedCustomers: nameless.lines['name-cleaned'],
      noNameCustomers: nameless.lines['no-name'],
      unknownProducts: await unknownKeys(db, 'products', 'product_id'),
      aggregates: await aggregateCounts(db),
    };
  } finally {
    db.close();
  }
}

/**
 * The whole report data: `tables` with the SQL answers' sizes, run.json and the version read now (the pipeline
 * reads the tables while the answers and run.json are still being written). The sizes are `sqlAnswers` when
 * given (by name, as the files sort), else the rows of each `sql/*.csv`.
 * @example
 * const data = await withRunFiles('warehouse', await loadReportTables('warehouse'));
 * data.sqlAnswers?.map((a) => a.name); // ['profit_by_customer', 'profit_by_customer_year', …]
 */
export async function withRunFiles(
  warehouse: string,
  tables: ReportTables,
  sqlAnswers?: readonly TableCount[],
): Promise<ReportData> {
  return {
    ...tables,
    sqlAnswers:
      sqlAnswers === undefined
        ? await sqlAnswerCounts(warehouse)
        : [...sqlAnswers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    run: await readRunFacts(warehouse),
    version: packageVersion(),
  };
}

/** Row count of every aggregate table, in declaration order. */
async function aggregateCounts(db: WarehouseDb): Promise<{ name: string; rows: number }[]> {
  const names = Object.keys(aggregateSchemas);
  const r = await db.run(
    names.map((n) => `select '${n}' as name, count(*) as n from aggregates.${n}`).join(' union all '),
  );
  const rows = new Map(r.rows.map((row) => [row[0] as string, Number(row[1])]));
  return names.map((name) => ({ name, rows: rows.get(name) ?? 0 }));
}

async function readQuality(warehouse: string): Promise<Record<SourceTable, QualityTable>> {
  const file = join(warehouse, 'quality.json');
  const read = await readJsonFile(file);
  if (read.kind === 'missing') {
    throw new InputError('report.no_quality', 'not found: is this an ecomflow warehouse? (run `ecomflow run` first)', {
      file,
    });
  }
  if (read.kind === 'invalid')
    throw new InputError('report.bad_quality', `is not valid JSON (${read.message})`, { file });
  const tables = (read.value as { tables?: Partial<Record<SourceTable, QualityTable>> } | null)?.tables ?? {};
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
    .map((r) => ({
      year: r['order_year'] as number | null,
      profit: r['profit'] as string,
      lines: Number(r['order_lines'] as bigint),
    }))
    .sort((a, b) => compareNullable(a.year, b.year));
}

/** Exact sums of profit_summary by (year, category), DECIMAL sums in DuckDB, read back as exact text. */
async function yearCategoryProfits(db: WarehouseDb): Promise<YearCategoryProfit[]> {
  const r = await db.run(
    'select order_year, category, sum(profit)::varchar as profit from aggregates.profit_summary group by all',
  );
  return r.rows
    .map(([year, category, profit]) => ({
      year: year === null ? null : Number(year),
      category: category as string | null,
      profit: centsText(toCents(profit as string)),
    }))
    .sort((a, b) => compareNullable(a.year, b.year) || compareNullable(a.category, b.category));
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

async function readRejects(db: WarehouseDb): Promise<RejectGroup[]> {
  const groups: RejectGroup[] = [];
  for (const table of SOURCE_TABLES) {
    const counts = await db.run(`select rule, count(*) as n from rejects.${table} group by rule`);
    const examples = await db.run(
      `select rule, source_row, key, column_name, value, message from rejects.${table}
       qualify row_number() over (partition by rule order by source_row) <= ${EXAMPLES_PER_RULE}
       order by rule, source_row`,
    );
    for (const [rule, n] of counts.rows
      .map((r) => [r[0] as string, Number(r[1])] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1))) {
      groups.push({
        table,
        rule,
        count: n,
        examples: examples.rows
          .filter((r) => r[0] === rule)
          .map((r) => ({
            sourceRow: Number(r[1]),
            key: r[2] as string | null,
            column: r[3] as string | null,
            value: r[4] as string | null,
            message: r[5] as string,
          })),
      });
    }
  }
  return groups;
}

/** Ids with their line counts → the `UnknownKeys` summary: most lines first, a handful named. */
function summarise(ids: { id: string; lines: number }[]): UnknownKeys {
  ids.sort((a, b) => b.lines - a.lines || (a.id < b.id ? -1 : 1));
  return { lines: ids.reduce((n, x) => n + x.lines, 0), distinct: ids.length, examples: ids.slice(0, IDS_SHOWN) };
}

/** Order lines whose `column` matches no row of enriched/<table> (a null key counts as unknown, shown as "(none)"). */
async function unknownKeys(db: WarehouseDb, table: SourceTable, column: string): Promise<UnknownKeys> {
  const r = await db.run(
    `select coalesce(o.${column}, '(none)') as id, count(*) as lines from enriched.orders o
     where o.${column} is null or o.${column} not in (select ${column} from enriched.${table})
     group by all`,
  );
  return summarise(r.rows.map(([id, lines]) => ({ id: id as string, lines: Number(lines) })));
}

/**
 * The customers of the list without a name, by why (`no-name`: the cell was empty; `name-cleaned`: cleaning
 * left no letter), and the order lines naming each kind.
 */
async function namelessCustomers(db: WarehouseDb): Promise<{
  status: Map<string, CustomerStatus>;
  lines: Record<'no-name' | 'name-cleaned', UnknownKeys>;
}> {
  const r = await db.run(
    `with nameless as (
       select c.customer_id, case when r.customer_name is null then 'no-name' else 'name-cleaned' end as status
       from enriched.customers c join raw.customers r using (source_row) where c.customer_name is null)
     select n.customer_id, n.status, count(o.customer_id) as lines
     from nameless n left join enriched.orders o using (customer_id) group by all`,
  );
  const status = new Map<string, CustomerStatus>();
  const ids: Record<'no-name' | 'name-cleaned', { id: string; lines: number }[]> = {
    'no-name': [],
    'name-cleaned': [],
  };
  for (const [id, kind, lines] of r.rows) {
    const k = kind as 'no-name' | 'name-cleaned';
    status.set(id as string, k);
    if (Number(lines) > 0) ids[k].push({ id: id as string, lines: Number(lines) });
  }
  return { status, lines: { 'no-name': summarise(ids['no-name']), 'name-cleaned': summarise(ids['name-cleaned']) } };
}

/** Data rows of each sql/*.csv, by answer name; null when there is no sql/ folder. */
async function sqlAnswerCounts(warehouse: string): Promise<TableCount[] | null> {
  const files = await filesWithExtension(join(warehouse, 'sql'), '.csv');
  if (files === null) return null;
  return Promise.all(
    files.map(async (file) => ({
      name: basename(file, '.csv'),
      rows: await csvDataRows(file),
    })),
  );
}

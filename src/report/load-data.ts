/**
 * Reads what the report shows from a warehouse: the aggregates (exact decimals), quality.json, the rejects, the
 * fixes' examples, the order lines whose customer or product is unknown or nameless, the SQL answers' sizes and
 * run.json. Files are read through io (Parquet, JSON, CSV) and the big tables are summarised by DuckDB (sql). A
 * table is read in either form the warehouse holds it: one `<table>.parquet` file, or a folder of Spark part files.
 */
import { basename, join } from 'node:path';
import { InputError } from '../errors.js';
import { csvDataRows } from '../io/csv/count-records.js';
import { readJsonFile } from '../io/files/json-file.js';
import { packageVersion } from '../io/files/package-version.js';
import { filesWithExtension } from '../io/files/text-file.js';
import { readWarehouseTable } from '../io/warehouse/read-table.js';
import { aggregateSchemas, enrichedSchemas, rawSchemas } from '../schemas/index.js';
import { openWarehouse, type WarehouseDb } from '../sql/warehouse-db.js';
import { sqlLiteral } from '../sql/sql-text.js';
import { chartDataOf, namelessCustomers, type ChartTables, type NamelessStatus } from './chart-data.js';
import { fixExamples } from './fix-examples.js';
import { centsText, toCents } from './money.js';
import { readRunFacts } from './run-facts.js';
import type {
  ChartData,
  QualityTable,
  RejectGroup,
  ReportData,
  ReportTables,
  SourceTable,
  TableCount,
  UnknownKeys,
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

/** Tables the caller holds in memory, as written to the warehouse (not read again), and the charts' data if known. */
export type KnownReportTables = Partial<ChartTables> & { readonly charts?: ChartData };

/**
 * Reads the report's data from the warehouse's tables (quality.json, the aggregates, the customers, DuckDB's
 * summaries of the big tables). `onChartData` is told the charts' data as soon as it is known, before DuckDB is
 * asked anything, so the charts can be drawn while it works. The tables in `known` are not read again.
 * Throws InputError as `loadReportData` does.
 * @example
 * const tables = await loadReportTables('warehouse', (charts) => void drawCharts(charts));
 * tables.totalProfit; // '278417.03'
 */
export async function loadReportTables(
  warehouse: string,
  onChartData?: (charts: ChartData) => void,
  known: KnownReportTables = {},
): Promise<ReportTables> {
  const quality = await readQuality(warehouse);
  const tables = await readChartTables(warehouse, known);
  const charts = known.charts ?? chartDataOf(tables);
  onChartData?.(charts);
  // the big tables (order lines, rejects) are summarised by DuckDB over their Parquet files
  const db = await openWarehouse(warehouse, { requireMarker: false });
  try {
    // each on a connection of its own, at once: DuckDB's threads share them (a query alone leaves them waiting)
    const [nameless, rejects, examples, unknownCustomers, unknownProducts, aggregates] = await allSettled([
      namelessLines(db, namelessCustomers(tables.raw_customers, tables.enriched_customers)),
      readRejects(db),
      fixExamples(db, quality),
      unknownKeys(db, 'customers', 'customer_id'),
      unknownKeys(db, 'products', 'product_id'),
      aggregateCounts(db),
    ]);
    return {
      totalProfit: centsText(charts.byYear.reduce((sum, y) => sum + toCents(y.profit), 0n)),
      ...charts,
      quality,
      rejects,
      fixExamples: examples,
      unknownCustomers,
      nameCleanedCustomers: nameless['name-cleaned'],
      noNameCustomers: nameless['no-name'],
      unknownProducts,
      aggregates,
    };
  } finally {
    db.close();
  }
}

/** `Promise.all`, but settling only once every promise has (the database is closed after): the first failure. */
async function allSettled<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** The chart tables: those in `known`, the others read from the warehouse. */
async function readChartTables(warehouse: string, known: Partial<ChartTables>): Promise<ChartTables> {
  const aggregate = (name: 'profit_by_year' | 'profit_by_customer' | 'profit_by_sub_category' | 'profit_summary') =>
    known[name] ?? readWarehouseTable(warehouse, 'aggregates', name, aggregateSchemas[name]);
  const [profitByYear, profitByCustomer, profitBySubCategory, profitSummary, rawCustomers, enrichedCustomers] =
    await Promise.all([
      aggregate('profit_by_year'),
      aggregate('profit_by_customer'),
      aggregate('profit_by_sub_category'),
      aggregate('profit_summary'),
      known.raw_customers ?? readWarehouseTable(warehouse, 'raw', 'customers', rawSchemas.customers),
      known.enriched_customers ?? readWarehouseTable(warehouse, 'enriched', 'customers', enrichedSchemas.customers),
    ]);
  return {
    profit_by_year: profitByYear,
    profit_by_customer: profitByCustomer,
    profit_by_sub_category: profitBySubCategory,
    profit_summary: profitSummary,
    raw_customers: rawCustomers,
    enriched_customers: enrichedCustomers,
  };
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

/** The order lines naming each nameless customer of `nameless`, by why the customer has no name. */
async function namelessLines(
  db: WarehouseDb,
  nameless: ReadonlyMap<string, NamelessStatus>,
): Promise<Record<NamelessStatus, UnknownKeys>> {
  const ids: Record<NamelessStatus, { id: string; lines: number }[]> = { 'no-name': [], 'name-cleaned': [] };
  if (nameless.size > 0) {
    const r = await db.run(
      `select customer_id, count(*) as lines from enriched.orders
       where customer_id in (${[...nameless.keys()].map(sqlLiteral).join(', ')}) group by all`,
    );
    for (const [id, lines] of r.rows) ids[nameless.get(id as string)!].push({ id: id as string, lines: Number(lines) });
  }
  return { 'no-name': summarise(ids['no-name']), 'name-cleaned': summarise(ids['name-cleaned']) };
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

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
import { chartDataOf, namelessCustomers, type ChartTables } from './chart-data.js';
import { centsText, toCents } from './money.js';
import { readRunFacts } from './run-facts.js';
import { reportSummaries } from './summaries.js';
import type { ChartData, QualityTable, ReportData, ReportTables, SourceTable, TableCount } from './report-data.js';

const SOURCE_TABLES: readonly SourceTable[] = ['customers', 'products', 'orders'];

/**
 * Loads the report's data from `warehouse`; throws InputError when it holds no quality.json or aggregates.
 * @example
 * const data = await loadReportData('warehouse');
 * data.byYear.map((y) => y.profit); // ['39185.75', '63073.09', '65073.23', '111084.96']
 */
export async function loadReportData(warehouse: string): Promise<ReportData> {
  return withRunFiles(warehouse, await loadReportTables(warehouse));
}

/**
 * Tables the caller holds in memory, as written to the warehouse (not read again), the charts' data if known, and
 * who computes DuckDB's summaries (default `reportSummaries` on this thread; the pipeline may use another).
 */
export type KnownReportTables = Partial<ChartTables> & {
  readonly charts?: ChartData;
  readonly summaries?: typeof reportSummaries;
};

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
  const nameless = namelessCustomers(tables.raw_customers, tables.enriched_customers);
  const summaries = await (known.summaries ?? reportSummaries)(warehouse, quality, nameless);
  return {
    totalProfit: centsText(charts.byYear.reduce((sum, y) => sum + toCents(y.profit), 0n)),
    ...charts,
    quality,
    ...summaries,
  };
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

/**
 * ecomflow — the public API: what a user composes, re-exported by name (never `export *`), each with one line in
 * docs/api.md. The builders, hashes and bookkeeping behind the steps stay inside;
 * `test/architecture/public-api.test.ts` pins this list.
 *
 * @example
 * ```ts
 * import { readJson, rawOrders, writeParquet } from 'ecomflow';
 * const { table } = await readJson('Orders.json', rawOrders);
 * await writeParquet('raw/orders.parquet', table);
 * ```
 */

// The error types: every error names its file, row and column and carries a stable rule name.
export {
  EcomflowError,
  EnvironmentError,
  InputError,
  InterruptedError,
  SchemaError,
  UsageError,
  type RowIssue,
  type Where,
} from './errors.js';

// The schemas: every table declared once, and the words to declare one.
export {
  rawCustomers,
  rawOrders,
  rawProducts,
  rawSchemas,
  enrichedCustomers,
  enrichedOrders,
  enrichedProducts,
  enrichedSchemas,
  rejectedCustomers,
  rejectedOrders,
  rejectedProducts,
  rejectSchemas,
  profitByCategory,
  profitByCustomer,
  profitBySubCategory,
  profitByYear,
  profitSummary,
  aggregateSchemas,
  column,
  date,
  decimal,
  dictString,
  int32,
  int64,
  plainString,
  type ColumnSpec,
  type ColumnType,
  type FixCount,
  type TableQuality,
  type TableSchema,
} from './schemas/index.js';
// …and each declared table as a type: `Table<…>` with the schema's column names and Arrow types.
export type {
  AggregateTable,
  ArrowTypeMapOf,
  EnrichedCustomersTable,
  EnrichedOrdersTable,
  EnrichedProductsTable,
  ProfitByCategoryTable,
  ProfitByCustomerTable,
  ProfitBySubCategoryTable,
  ProfitByYearTable,
  ProfitSummaryTable,
  RawCustomersTable,
  RawOrdersTable,
  RawProductsTable,
  RejectsTable,
  TableOfSchema,
} from './table/typed-tables.js';

// Tables: Apache Arrow tables, shown as text, read back as values, rows taken by position.
export { Table } from './table/table.js';
export { show, type ResultRows, type ShowOptions } from './table/show.js';
export { columnValues, tableRows } from './table/columns.js';
export { take } from './table/take.js';

// The readers and the writer.
export { readCsv } from './io/csv/read-csv.js';
export { readJson, type ReadJsonOptions } from './io/json/read-json.js';
export { readXlsx, type ReadXlsxOptions } from './io/xlsx/read-xlsx.js';
export type { ReadResult } from './io/read-result.js';
export { readParquet } from './io/parquet/read-parquet.js';
export { writeParquet, type ParquetWriteOptions } from './io/parquet/write-parquet.js';
export { findSources, type SourceFiles } from './io/sources.js';

// The steps: each named step of src/transforms/steps/ with its Arrow form (`arrow`) and its Spark SQL form (`sql`).
export {
  STEP_NAMES,
  dedupeCustomersStep,
  dedupeLinesStep,
  dedupeProductsStep,
  lookupCustomerStep,
  lookupProductStep,
  orderYearStep,
  profitByCategoryStep,
  profitByCustomerStep,
  profitBySubCategoryStep,
  profitByYearStep,
  profitSummaryStep,
  roundProfitStep,
  stageOrdersStep,
  type Step,
  type StepName,
  type StepOptions,
  type SqlViews,
} from './transforms/steps/index.js';
export { cleanCustomers } from './transforms/clean-customers.js';
export { cleanProducts } from './transforms/clean-products.js';
export { enrichOrders, type EnrichedOrders } from './transforms/enrich-orders.js';
export { groupBy, type Aggregation } from './transforms/group-by.js';
export { profitAggregates, type ProfitAggregates } from './transforms/profit-aggregates.js';
export { cleaningRules, type CleaningRule } from './transforms/rules/index.js';
export type { Cleaned } from './transforms/cleaned.js';
export type { Fixes } from './transforms/quality.js';
export type { Reject } from './transforms/rejects-builder.js';

// The whole run.
export { runPipeline, type PipelineOptions, type RunSummary, type WrittenTable } from './pipeline/run-pipeline.js';
export type { RunEvent, RunListener } from './pipeline/events.js';

// SQL over a warehouse, and the four answers.
export {
  openWarehouse,
  query,
  type CsvExport,
  type OpenOptions,
  type Preview,
  type WarehouseDb,
} from './sql/warehouse-db.js';
export { closeQueryEngines } from './sql/engine-cache.js';
export type { Cell, QueryResult, ResultColumn } from './sql/query-result.js';
export type { QueryStream, ResultChunk } from './sql/result-stream.js';
export type { DamagedTable } from './sql/duckdb-error.js';
export type { CsvOptions } from './sql/format-csv.js';
export { formatCsv, formatJson, formatTable, type TableFormatOptions } from './sql/format.js';
export { runSqlAnswers, SQL_ANSWERS, type SqlAnswer, type SqlAnswerName } from './sql/answers.js';

// The report.
export { buildReport, type ReportOptions } from './report/build-report.js';

// Spark Connect.
export {
  connectSpark,
  SparkError,
  SparkSession,
  type SparkErrorRule,
  type SparkRemote,
  type SparkSessionOptions,
  type TempViewOptions,
} from './spark/index.js';

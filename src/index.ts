/**
 * ecomflow — the public API. Re-exports only.
 *
 * @example
 * ```ts
 * import { readJson, rawOrders, writeParquet } from 'ecomflow';
 * const { table } = await readJson('Orders.json', rawOrders);
 * await writeParquet('raw/orders.parquet', table);
 * ```
 */
export * from './errors.js';
export * from './schemas/index.js';
export * from './table/index.js';
export * from './transforms/index.js';
export { readCsv } from './io/csv/read-csv.js';
export { readJson } from './io/json/read-json.js';
export { readXlsx } from './io/xlsx/read-xlsx.js';
export type { ReadResult } from './io/read-result.js';
export { writeParquet } from './io/parquet/write-parquet.js';
export { readParquet } from './io/parquet/read-parquet.js';
export { findSources, type SourceFiles } from './io/sources.js';
export { runPipeline, type PipelineOptions, type RunSummary, type WrittenTable } from './pipeline/run-pipeline.js';
export type { RunEvent, RunListener } from './pipeline/events.js';
export {
  query,
  openWarehouse,
  type OpenOptions,
  type WarehouseDb,
  type Preview,
  type CsvExport,
} from './sql/warehouse-db.js';
export { closeQueryEngines } from './sql/engine-cache.js';
export type { QueryResult, ResultColumn, Cell } from './sql/query-result.js';
export type { QueryStream, ResultChunk } from './sql/result-stream.js';
export type { DamagedTable } from './sql/duckdb-error.js';
export { writePreview, writeCsv, writeJson } from './sql/write-result.js';
export { escapeFormula, type CsvOptions } from './sql/format-csv.js';
export { runSqlAnswers, SQL_ANSWERS, type SqlAnswer, type SqlAnswerName } from './sql/answers.js';
export { formatTable, formatCsv, formatJson, formatAnswers, type TableFormatOptions } from './sql/format.js';
export { buildReport, type ReportOptions } from './report/build-report.js';
export {
  connectSpark,
  SparkSession,
  SparkError,
  parseConnectionString,
  describeRemote,
  sqlString,
  sqlIdentifier,
  toProjectTable,
  type SparkRemote,
  type SparkSessionOptions,
  type TempViewOptions,
  type SparkErrorRule,
} from './spark/index.js';

/**
 * The Spark plan of the order lines: the views the Spark runner builds, each from the SQL form of a pipeline step
 * (src/transforms/steps/: `stage_orders` with `round_profit`, `dedupe_lines`, `lookup_customer`, `lookup_product`,
 * `order_year`, `profit_summary` — their Arrow forms side by side there), plus the plumbing only Spark needs:
 * reading the orders files, `source_row`, and the rejects, kept lines and counts in the warehouse's columns.
 */
import { enrichedOrders } from '../../schemas/enriched.js';
import { rawOrders } from '../../schemas/raw.js';
import { sqlIdentifier, sqlString } from '../sql-text.js';
import { cutMessageSql, cutTextSql } from '../../transforms/rejects-builder.js';
import {
  dedupedLineColumns,
  dedupeLinesStep,
  lookupCustomerStep,
  lookupProductStep,
  orderYearStep,
  profitSummaryStep,
  stageOrdersStep,
} from '../../transforms/steps/index.js';

/** A source column of the orders: its key in the file and its raw column name (snake case). */
export interface SourceColumn {
  readonly source: string;
  readonly name: string;
}

/** The declared raw columns of an order line, without `source_row`. */
export const DECLARED_ORDER_COLUMNS: readonly SourceColumn[] = rawOrders.columns
  .filter((c) => c.name !== 'source_row')
  .map((c) => ({ source: c.source ?? c.name, name: c.name }));

/** The raw columns of a run: the declared ones, then the file's undeclared keys (kept as text, as locally). */
export function rawColumns(extras: readonly SourceColumn[]): readonly SourceColumn[] {
  return [...DECLARED_ORDER_COLUMNS, ...extras];
}

/** How Spark reads an orders file: a JSON array (`multiLine`, one task per file) or NDJSON (splittable). */
export type OrdersLayout = 'array' | 'ndjson';

/**
 * Registers the orders file(s) at `path` (a file, folder or glob Spark can read) as the view `view`: every
 * source column as STRING (JSON numbers keep their lexeme), named as in the file.
 */
export function readOrdersSql(
  view: string,
  path: string,
  layout: OrdersLayout,
  columns: readonly SourceColumn[],
): string {
  const schema = columns.map((c) => `${sqlIdentifier(c.source)} STRING`).join(', ');
  const multiLine = layout === 'array' ? 'true' : 'false';
  return (
    `CREATE OR REPLACE TEMPORARY VIEW ${view} (${schema}) USING json ` +
    `OPTIONS (path ${sqlString(path)}, multiLine '${multiLine}', mode 'PERMISSIVE')`
  );
}

/** One order file of several: its path for Spark, its layout, and its name as found (raw `source_file`). */
export interface OrderFile {
  readonly path: string;
  readonly layout: OrdersLayout;
  readonly label: string;
}

/**
 * A path Spark takes literally: Hadoop reads `*?[]{}\` in a path as a glob, so they are escaped.
 * @example
 * hadoopLiteral('/data/orders[1].json'); // '/data/orders\\[1\\].json'
 */
export function hadoopLiteral(path: string): string {
  return path.replace(/[\\*?[\]{}]/g, (c) => `\\${c}`);
}

/**
 * Registers several order files as the view `view`: each file its own `USING json` view (its own layout, so an
 * array and NDJSON mix), unioned with the file's place in read order (`file_index`) and its name (`source_file`).
 */
export function readOrderFilesSql(
  view: string,
  files: readonly OrderFile[],
  columns: readonly SourceColumn[],
): string[] {
  const parts = files.map((f, k) => readOrdersSql(`${view}_${k}`, hadoopLiteral(f.path), f.layout, columns));
  const union = files
    .map((f, k) => `SELECT *, ${k} AS file_index, ${sqlString(f.label)} AS source_file FROM ${view}_${k}`)
    .join(' UNION ALL ');
  return [...parts, `CREATE OR REPLACE TEMPORARY VIEW ${view} AS ${union}`];
}

/**
/**
 * The orders as read from one file, each line with its file (`source_file`) and its position `line_at`
 * (`monotonically_increasing_id()`: the scan partition in the upper bits, the line's place in that partition below),
 * evaluated once: the runner caches this view, so `line_at` is fixed for both reads of {@link rawOrdersStep}. A JSON
 * array is read in one task per file (`multiLine`); its lines are then spread over the shuffle partitions so that
 * the steps after it run on every core (`line_at` is taken before, so the spreading changes no position).
 */
export function numberedLinesSql(source: string, columns: readonly SourceColumn[], layout: OrdersLayout): string {
  const spread = layout === 'array' ? '/*+ REPARTITION */ ' : '';
  const cols = columns.map((c) => sqlIdentifier(c.source)).join(', ');
  return (
    `SELECT ${spread}* FROM (SELECT ${cols}, input_file_name() AS source_file, ` +
    `monotonically_increasing_id() AS line_at FROM ${source})`
  );
}

/**
 * raw/orders: the source columns in snake case plus `source_row`, the 1-based position of the line in its file
 * (files in name order; within a file Spark keeps the order it read). With `several` (the source view of
 * `readOrderFilesSql`), also `source_file` and `file_index`, and `source_row` counts within each file.
 * Without `several`, `source` is {@link numberedLinesSql}'s cached view and `source_row` is computed without a
 * window over the whole input (that put every line in one task): a file's lines in one scan partition have
 * consecutive `line_at`, so a line's number is the lines of its file in earlier partitions (a running sum over one
 * small row per file and partition, broadcast) plus its distance from the first `line_at` of its file there.
 */
export function rawOrdersStep(source: string, columns: readonly SourceColumn[], several = false): string {
  if (several) {
    const named = columns.map((c) => `${sqlIdentifier(c.source)} AS ${sqlIdentifier(c.name)}`).join(', ');
    return (
      `SELECT ${columns.map((c) => sqlIdentifier(c.name)).join(', ')}, ` +
      `CAST(row_number() OVER (PARTITION BY file_index ORDER BY line_at) AS BIGINT) AS source_row, source_file, ` +
      `file_index FROM (SELECT ${named}, source_file, file_index, monotonically_increasing_id() AS line_at ` +
      `FROM ${source})`
    );
  }
  const cols = columns.map((c) => `l.${sqlIdentifier(c.source)} AS ${sqlIdentifier(c.name)}`).join(', ');
  const parts =
    `SELECT source_file, shiftright(line_at, 33) AS part, min(line_at) AS first_at, count(*) AS n ` +
    `FROM ${source} GROUP BY 1, 2`;
  const offsets =
    'SELECT source_file, part, first_at, coalesce(sum(n) OVER (PARTITION BY source_file ORDER BY part ' +
    `ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before FROM (${parts})`;
  return (
    `SELECT /*+ BROADCAST(o) */ ${cols}, CAST(o.before + (l.line_at - o.first_at) + 1 AS BIGINT) AS source_row, ` +
    `l.source_file FROM ${source} l JOIN (${offsets}) o ` +
    'ON l.source_file = o.source_file AND shiftright(l.line_at, 33) = o.part'
  );
}

/** The file columns the plan carries for orders of several files. */
const FILE_COLUMNS = ['file_index', 'source_file'] as const;

/**
 * Stage (`stage_orders`): every line trimmed, parsed and cast, its first failing check named (the step's SQL);
 * with `several`, the file columns passed through.
 */
export function stageStep(raw: string, columns: readonly SourceColumn[], several = false): string {
  const spec = { lineColumns: columns.map((c) => c.name), ...(several ? { keep: FILE_COLUMNS } : {}) };
  return stageOrdersStep.sql({ raw_orders: raw }, spec);
}

/**
 * Dedupe (`dedupe_lines`): a later line of a kept row id is a duplicate or a conflict (the step's SQL); `files`
 * (several order files, in read order) dedupes across them.
 */
export function dedupeStep(staged: string, files: readonly string[] = []): string {
  return dedupeLinesStep.sql({ staged }, files.length > 1 ? { files } : {});
}

/**
 * The kept lines in the enriched column names, before the lookups: trimmed keys, typed values, the profit rounded
 * (its DECIMAL(18, 2) cast in stage), sorted nowhere yet; with `several`, also `file_index` (to sort by).
 */
export function keptLinesStep(deduped: string, several = false): string {
  const cols = dedupedLineColumns.map((c) => c.name);
  return `SELECT ${[...cols, ...(several ? ['file_index'] : [])].join(', ')} FROM ${deduped} WHERE reject_rule IS NULL`;
}

/**
 * enriched/orders: the kept lines through the steps `lookup_customer`, `lookup_product` and `order_year` (their
 * SQL forms, src/transforms/steps/), in the declared columns and order.
 */
export function enrichedOrdersStep(kept: string, customers: string, products: string, several = false): string {
  const withCustomer = lookupCustomerStep.sql({ lines: kept, customers }, {});
  const withProduct = lookupProductStep.sql({ lines: `(${withCustomer})`, products }, {});
  const withYear = orderYearStep.sql({ lines: `(${withProduct})` }, {});
  const cols = [...enrichedOrders.columns.map((c) => sqlIdentifier(c.name)), ...(several ? ['file_index'] : [])];
  return `SELECT ${cols.join(', ')} FROM (${withYear})`;
}

/** enriched/orders as written: its declared columns, in read order (by file, with several, then source row). */
export function enrichedWriteSql(enriched: string, several = false): string {
  const cols = enrichedOrders.columns.map((c) => sqlIdentifier(c.name)).join(', ');
  return `SELECT ${cols} FROM ${enriched} ORDER BY ${several ? 'file_index, ' : ''}source_row`;
}

/**
 * rejects/orders: one row per rejected line, with the file, the row, the row id as read and the rule;
 * `sourceFile` is SQL: the file's name as a literal, or the column `source_file` for several files. Key, value
 * and message are cut to 1,000 characters as `RejectsBuilder` cuts them.
 */
export function orderRejectsStep(deduped: string, sourceFile: string): string {
  return (
    `SELECT ${sourceFile} AS source_file, source_row, ${cutTextSql('key')} AS key, ` +
    `${cutTextSql('reject_column')} AS column_name, ${cutTextSql('reject_value')} AS value, ` +
    `reject_rule AS rule, ${cutMessageSql('reject_message')} AS message FROM ${deduped} WHERE reject_rule IS NOT NULL`
  );
}

/** The profit summary (year × category × sub-category × customer): step `profit_summary`'s SQL form. */
export function profitSummarySql(enriched: string): string {
  return profitSummaryStep.sql({ lines: enriched }, {});
}

/** Kept lines whose key (`customer_id` or `product_id`) is null or not in `entity`: the unknown lines. */
export function unknownLinesSql(kept: string, entity: string, key: 'customer_id' | 'product_id'): string {
  return `SELECT count(*) AS n FROM ${kept} k LEFT ANTI JOIN ${entity} e ON k.${key} = e.${key}`;
}

/** The counts quality.json needs of the order lines, in one row. */
export function orderCountsStep(deduped: string): string {
  return `SELECT count(*) AS rows_read,
    count_if(reject_rule IS NULL) AS rows_written,
    count_if(reject_rule IS NULL AND price_fix) AS price_cleaned,
    count_if(reject_rule IS NULL AND profit_fix) AS profit_rounded
  FROM ${deduped}`;
}

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

/**
 * raw/orders: the source columns in snake case plus `source_row`, the 1-based position of the line in its file
 * (files in name order; within a file Spark keeps the order it read).
 */
export function rawOrdersStep(source: string, columns: readonly SourceColumn[]): string {
  const cols = columns.map((c) => `${sqlIdentifier(c.source)} AS ${sqlIdentifier(c.name)}`).join(', ');
  return (
    `SELECT ${columns.map((c) => sqlIdentifier(c.name)).join(', ')}, ` +
    `CAST(row_number() OVER (PARTITION BY source_file ORDER BY line_at) AS BIGINT) AS source_row, source_file ` +
    `FROM (SELECT ${cols}, input_file_name() AS source_file, monotonically_increasing_id() AS line_at FROM ${source})`
  );
}

/** Stage (`stage_orders`): every line trimmed, parsed and cast, its first failing check named (the step's SQL). */
export function stageStep(raw: string, columns: readonly SourceColumn[]): string {
  return stageOrdersStep.sql({ raw_orders: raw }, { lineColumns: columns.map((c) => c.name) });
}

/** Dedupe (`dedupe_lines`): a later line of a kept row id is a duplicate or a conflict (the step's SQL). */
export function dedupeStep(staged: string): string {
  return dedupeLinesStep.sql({ staged }, {});
}

/**
 * The kept lines in the enriched column names, before the lookups: trimmed keys, typed values, the profit rounded
 * (its DECIMAL(18, 2) cast in stage), sorted nowhere yet.
 */
export function keptLinesStep(deduped: string): string {
  const cols = dedupedLineColumns.map((c) => c.name);
  return `SELECT ${cols.join(', ')} FROM ${deduped} WHERE reject_rule IS NULL`;
}

/**
 * enriched/orders: the kept lines through the steps `lookup_customer`, `lookup_product` and `order_year` (their
 * SQL forms, src/transforms/steps/), in the declared columns and order.
 */
export function enrichedOrdersStep(kept: string, customers: string, products: string): string {
  const withCustomer = lookupCustomerStep.sql({ lines: kept, customers }, {});
  const withProduct = lookupProductStep.sql({ lines: `(${withCustomer})`, products }, {});
  const withYear = orderYearStep.sql({ lines: `(${withProduct})` }, {});
  return `SELECT ${enrichedOrders.columns.map((c) => sqlIdentifier(c.name)).join(', ')} FROM (${withYear})`;
}

/**
 * rejects/orders: one row per rejected line, with the file, the row, the row id as read and the rule; key,
 * value and message cut to 1,000 characters as `RejectsBuilder` cuts them.
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

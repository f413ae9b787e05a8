/**
 * The order-line steps of the pipeline as Spark SQL, one function per step and named after it (the steps'
 * Arrow forms are in src/transforms/enrich-orders.ts): stage (trim, parse, cast, a named reject rule for each
 * failure, in the order enrichOrders checks them), dedupe by row id, look up the customer and the product, round
 * the profit, the order year, and the profit summary every aggregate is summed from. Each function returns the
 * SQL of one view over the previous one; the lookups, the order year and the profit summary are the SQL forms of
 * the steps in src/transforms/steps/. Values are parsed with the SQL forms of the TypeScript rules
 * (`CleaningRule.sql`, `parseDecimalSql`, `parseDecimalLenientSql`), never a second copy.
 */
import { enrichedOrders } from '../../schemas/enriched.js';
import { rawOrders } from '../../schemas/raw.js';
import { JS_SPACE, jsTrimSql, sqlRegex, trimRule } from '../../transforms/rules/index.js';
import { parseDecimalLenientSql, parseDecimalSql } from '../../transforms/values/index.js';
import { sqlIdentifier, sqlString } from '../sql-text.js';
import {
  lookupCustomerStep,
  lookupProductStep,
  orderYearStep,
  profitSummaryStep,
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

/** `parseInteger` as SQL: integer text (spaces, sign, an all-zero fraction) → DECIMAL(38,0), NULL otherwise. */
function integerSql(text: string): string {
  const re = sqlRegex(String.raw`^[${JS_SPACE}]*([+-]?\d+)(?:\.0*)?[${JS_SPACE}]*\z`);
  const v = `try_cast(regexp_extract(${text}, ${re}, 1) AS DECIMAL(38, 0))`;
  return `CASE WHEN ${text} RLIKE ${re} AND abs(${v}) <= 9007199254740991 THEN ${v} END`;
}

/** `parseDayMonthYear` as SQL: `d/m/yyyy` or `yyyy-mm-dd` (spaces around) → DATE, NULL when impossible. */
function dayMonthYearSql(text: string): string {
  const dmy = sqlRegex(String.raw`^[${JS_SPACE}]*(\d{1,2})/(\d{1,2})/(\d{4})[${JS_SPACE}]*\z`);
  const iso = sqlRegex(String.raw`^[${JS_SPACE}]*(\d{4})-(\d{2})-(\d{2})[${JS_SPACE}]*\z`);
  const part = (re: string, n: number): string => `CAST(regexp_extract(${text}, ${re}, ${n}) AS INT)`;
  const date = (y: string, m: string, d: string): string =>
    `CASE WHEN ${y} >= 1000 AND ${m} BETWEEN 1 AND 12 AND ${d} >= 1 ` +
    `AND ${d} <= day(last_day(make_date(${y}, ${m}, 1))) ` +
    `THEN make_date(${y}, ${m}, ${d}) END`;
  return (
    `CASE WHEN ${text} RLIKE ${dmy} THEN ${date(part(dmy, 3), part(dmy, 2), part(dmy, 1))} ` +
    `WHEN ${text} RLIKE ${iso} THEN ${date(part(iso, 1), part(iso, 2), part(iso, 3))} END`
  );
}

/** A non-zero digit past the 2nd decimal place of plain (exponent-free) decimal text: the profit was rounded. */
function fractionBeyondSql(text: string): string {
  const beyond = sqlRegex(String.raw`\.\d{2}\d*[1-9]`);
  return `coalesce(NOT (${text} RLIKE r'[eE]') AND ${text} RLIKE ${beyond}, false)`;
}

/** `"value"` quoted inside a message, as the TypeScript messages quote it. */
const quoted = (text: string): string => `concat('"', ${text}, '"')`;

/**
 * Stage: every line typed and checked; `own_rule`/`own_column`/`own_value`/`own_message` name the first check
 * it fails apart from the duplicate check (NULL when it passes them all), in enrichOrders' order.
 */
export function stageStep(raw: string): string {
  const price = parseDecimalLenientSql('price', 2);
  const checks: [cond: string, rule: string, column: string | null, value: string, message: string][] = [
    ['row_id IS NULL OR ' + `${jsTrimSql('row_id')} = ''`, 'missing_row_id', 'row_id', 'row_id', `'Row ID is missing'`],
    ['id IS NULL', 'bad_row_id', 'row_id', 'row_id', `concat('Row ID ', ${quoted('row_id')}, ' is not an integer')`],
    ['order_date IS NULL', 'missing_order_date', 'order_date', 'NULL', `'Order Date is missing'`],
    [
      'order_day IS NULL',
      'bad_order_date',
      'order_date',
      'order_date',
      `concat('Order Date ', ${quoted('order_date')}, ' is not a possible d/m/yyyy date')`,
    ],
    [
      'ship_date IS NOT NULL AND ship_day IS NULL',
      'bad_ship_date',
      'ship_date',
      'ship_date',
      `concat('Ship Date ', ${quoted('ship_date')}, ' is not a possible d/m/yyyy date')`,
    ],
    [
      'quantity IS NULL OR qty IS NULL',
      'bad_quantity',
      'quantity',
      'quantity',
      `CASE WHEN quantity IS NULL THEN 'Quantity is missing' ` +
        `ELSE concat('Quantity ', ${quoted('quantity')}, ' is not an integer') END`,
    ],
    [
      'qty <= 0',
      'nonpositive_quantity',
      'quantity',
      'quantity',
      `concat('Quantity ', ${quoted('quantity')}, ' is not a positive number of items')`,
    ],
    [
      'discount IS NOT NULL AND disc IS NULL',
      'bad_discount',
      'discount',
      'discount',
      `concat('Discount ', ${quoted('discount')}, ' is not a number')`,
    ],
    [
      'disc < 0 OR disc > 1',
      'discount_out_of_range',
      'discount',
      'discount',
      `concat('Discount ', ${quoted('discount')}, ' is not a fraction between 0 and 1')`,
    ],
    [
      'price IS NOT NULL AND price_value IS NULL',
      'bad_price',
      'price',
      'price',
      `concat('Price ', ${quoted('price')}, ' is not a number')`,
    ],
    ['profit IS NULL', 'missing_profit', 'profit', 'NULL', `'Profit is missing'`],
    [
      'profit_value IS NULL',
      'bad_profit',
      'profit',
      'profit',
      `concat('Profit ', ${quoted('profit')}, ' is not a number')`,
    ],
  ];
  // the first failing check's number is found once; its rule, column, value and message follow from it
  const first = `CASE ${checks.map((c, i) => `WHEN ${c[0]} THEN ${i}`).join(' ')} END`;
  const pick = (f: (c: (typeof checks)[number]) => string): string =>
    `CASE failed ${checks.map((c, i) => `WHEN ${i} THEN ${f(c)}`).join(' ')} END`;
  // the price counts as cleaned on every line that reaches the price check, as in enrichOrders
  const priceCheck = checks.findIndex((c) => c[1] === 'bad_price');
  const qtyInt = `CASE WHEN abs(qty_dec) <= 2147483647 THEN CAST(qty_dec AS INT) END`;
  return `SELECT *,
    ${pick((c) => `'order.${c[1]}'`)} AS own_rule,
    ${pick((c) => (c[2] === null ? 'NULL' : `'${c[2]}'`))} AS own_column,
    ${pick((c) => c[3])} AS own_value,
    ${pick((c) => c[4])} AS own_message,
    coalesce(failed IS NULL OR failed >= ${priceCheck}, false) AND price_cleaned AS price_fixed
  FROM (SELECT *, ${first} AS failed FROM (SELECT *, ${qtyInt} AS qty FROM (SELECT *,
    ${integerSql('row_id')} AS id,
    ${dayMonthYearSql('order_date')} AS order_day,
    ${dayMonthYearSql('ship_date')} AS ship_day,
    ${integerSql('quantity')} AS qty_dec,
    ${parseDecimalSql('discount', 4)} AS disc,
    ${price.value} AS price_value,
    ${price.cleaned} AS price_cleaned,
    ${parseDecimalSql('profit', 2)} AS profit_value,
    ${fractionBeyondSql('profit')} AS profit_rounded
  FROM ${raw})))`;
}

/**
 * Dedupe: among lines of one row id, the first (by source row) that passes every other check is kept; every
 * later line of that id is an exact duplicate (same text in every column) or a conflicting row id.
 * Sets `rule`/`column_name`/`value`/`message` (NULL for a kept line).
 */
export function dedupeStep(staged: string, columns: readonly SourceColumn[]): string {
  const line = `struct(${columns.map((c) => sqlIdentifier(c.name)).join(', ')})`;
  const dup = `first_kept IS NOT NULL AND source_row > first_kept`;
  const same = `line <=> first_line`;
  const idText = `CAST(CAST(id AS BIGINT) AS STRING)`;
  return `SELECT *,
    CASE WHEN ${dup} THEN CASE WHEN ${same} THEN 'order.duplicate_line' ELSE 'order.conflicting_row_id' END
      ELSE own_rule END AS rule,
    CASE WHEN ${dup} THEN CASE WHEN ${same} THEN NULL ELSE 'row_id' END ELSE own_column END AS column_name,
    CASE WHEN ${dup} THEN CASE WHEN ${same} THEN NULL ELSE row_id END ELSE own_value END AS value,
    CASE WHEN ${dup} THEN CASE WHEN ${same}
        THEN concat('exact duplicate of source row ', first_kept, ' (counted once)')
        ELSE concat('Row ID ', ${idText}, ' already used by source row ', first_kept,
          ' with different values; the first is kept') END
      ELSE own_message END AS message
  FROM (SELECT *,
    min(CASE WHEN own_rule IS NULL THEN source_row END) OVER (PARTITION BY id) AS first_kept,
    min_by(CASE WHEN own_rule IS NULL THEN ${line} END, CASE WHEN own_rule IS NULL THEN source_row END)
      OVER (PARTITION BY id) AS first_line,
    ${line} AS line
  FROM ${staged})`;
}

/**
 * The kept lines in the enriched column names, before the lookups: trimmed keys, typed values, the profit rounded
 * (its DECIMAL(18, 2) cast in stage), sorted nowhere yet.
 */
export function keptLinesStep(deduped: string): string {
  const expr: Record<string, string> = {
    row_id: 'CAST(id AS BIGINT)',
    order_id: trimRule.sql('order_id'),
    order_date: 'order_day',
    ship_date: 'ship_day',
    ship_mode: trimRule.sql('ship_mode'),
    customer_id: trimRule.sql('customer_id'),
    product_id: trimRule.sql('product_id'),
    quantity: 'qty',
    price: 'price_value',
    discount: 'disc',
    profit: 'profit_value',
    source_row: 'source_row',
  };
  const cols = Object.entries(expr).map(([name, e]) => `${e} AS ${name}`);
  return `SELECT ${cols.join(', ')} FROM ${deduped} WHERE rule IS NULL`;
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

/** rejects/orders: one row per rejected line, with the file, the row, the row id as read and the rule. */
export function orderRejectsStep(deduped: string, sourceFile: string): string {
  return (
    `SELECT ${sourceFile} AS source_file, source_row, row_id AS key, column_name, value, rule, message ` +
    `FROM ${deduped} WHERE rule IS NOT NULL`
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
    count_if(rule IS NULL) AS rows_written,
    count_if(price_fixed AND NOT (rule <=> 'order.duplicate_line' OR rule <=> 'order.conflicting_row_id'))
      AS price_cleaned,
    count_if(rule IS NULL AND profit_rounded) AS profit_rounded
  FROM ${deduped}`;
}

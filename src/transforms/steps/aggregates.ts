/**
 * Steps `profit_summary` and `profit_by_*`: exact profit sums (DECIMAL(18,2)) and line counts. The summary groups
 * enriched order lines by year × category × sub-category × customer; every coarser aggregate sums the summary
 * (sums of sums, so every total equals the table's total).
 */
import type { Decimal, Dictionary, Int32, Table, Utf8 } from 'apache-arrow';
import { aggregateSchemas, profitSummary } from '../../schemas/aggregates.js';
import type { AggregateTable, AggregateTableName, ProfitSummaryTable } from '../../table/typed-tables.js';
import { groupBy, type GroupedMap } from '../group-by.js';
import { sqlIdent, type Step } from './step.js';

/** The name of an aggregate table (and of its step). */
export type AggregateName = AggregateTableName;

/** The group keys of aggregate `name`, in order (literal types). */
export function aggregateKeys<N extends AggregateName>(name: N): (typeof aggregateSchemas)[N]['key'] {
  return aggregateSchemas[name].key;
}

/** What the profit summary reads: enriched/orders' key columns and profit, as enriched/orders holds them. */
export type SummaryLines = {
  order_year: Int32;
  category: Dictionary<Utf8, Int32>;
  sub_category: Dictionary<Utf8, Int32>;
  customer_id: Dictionary<Utf8, Int32>;
  customer_name: Dictionary<Utf8, Int32>;
  profit: Decimal;
};

/** The summary's aggregations: profit summed, lines counted. */
export const summaryAggregations = {
  profit: { op: 'sum', column: 'profit' },
  order_lines: { op: 'count' },
} as const;

/** A coarser aggregate's aggregations over the summary: profit and order_lines summed. */
export const summedAggregations = {
  profit: { op: 'sum', column: 'profit' },
  order_lines: { op: 'sum', column: 'order_lines' },
} as const;

/** What `groupBy` gives for aggregate `N` summed from the summary (type tests hold it equal to its declaration). */
export type SummedMap<N extends AggregateName> = GroupedMap<
  ProfitSummaryTable['TType']['dataTypes'],
  (typeof aggregateSchemas)[N]['key'][number],
  typeof summedAggregations
>;

/**
 * The profit summary of enriched order lines: one row per key tuple, profit summed, lines counted.
 * @example
 * summariseProfit({ lines: enrichedOrders }, {}); // order_year, category, …, profit, order_lines
 */
export function summariseProfit<T extends SummaryLines>(input: { readonly lines: Table<T> }): ProfitSummaryTable {
  // read as its summary columns (a Table's type is invariant, so a wider T needs the cast); groupBy's output type
  // is then checked against the declared profit_summary by the return type
  const lines = input.lines as unknown as Table<SummaryLines>;
  return groupBy(lines, aggregateKeys('profit_summary'), summaryAggregations);
}

/**
 * Sums profit summaries (or one summary's rows) by the keys of `name`: profit and order_lines are sums.
 * @example
 * sumSummary({ summary }, { name: 'profit_by_year' }); // one row per order_year
 */
export function sumSummary<N extends AggregateName>(
  input: { readonly summary: ProfitSummaryTable },
  spec: { readonly name: N },
): AggregateTable<N> {
  const keys: readonly (typeof aggregateSchemas)[N]['key'][number][] = aggregateKeys(spec.name);
  // groupBy's type for a generic N stays unresolved; SummedMap<N> = the declared table per N is a type test
  return groupBy(input.summary, keys, summedAggregations) as unknown as AggregateTable<N>;
}

const keyList = (name: AggregateName): string => aggregateKeys(name).map(sqlIdent).join(', ');

/** `profit_summary`: the summary's keys, profit DECIMAL(18,2), order_lines BIGINT; one row per key tuple. */
export const profitSummaryStep: Step<{ readonly lines: Table }, Record<string, never>, ProfitSummaryTable, 'lines'> = {
  name: 'profit_summary',
  summary: `Groups enriched order lines by ${profitSummary.key.join(', ')}: exact profit sum, line count.`,
  views: ['lines'],
  arrow: summariseProfit,
  sql: (views) =>
    `SELECT ${keyList('profit_summary')}, CAST(sum(profit) AS DECIMAL(18, 2)) AS profit, ` +
    `count(*) AS order_lines FROM ${views.lines} GROUP BY ${keyList('profit_summary')}`,
};

/** A coarser aggregate's step: sums the profit summary by the aggregate's keys. */
function summedStep<N extends Exclude<AggregateName, 'profit_summary'>>(
  name: N,
): Step<{ readonly summary: ProfitSummaryTable }, Record<string, never>, AggregateTable<N>, 'summary'> {
  return {
    name,
    summary: `Sums the profit summary by ${aggregateKeys(name).join(', ')}.`,
    views: ['summary'],
    arrow: (input) => sumSummary(input, { name }),
    sql: (views) =>
      `SELECT ${keyList(name)}, CAST(sum(profit) AS DECIMAL(18, 2)) AS profit, ` +
      `CAST(sum(order_lines) AS BIGINT) AS order_lines FROM ${views.summary} GROUP BY ${keyList(name)}`,
  };
}

/** `profit_by_year`. */
export const profitByYearStep = summedStep('profit_by_year');
/** `profit_by_category`. */
export const profitByCategoryStep = summedStep('profit_by_category');
/** `profit_by_sub_category`. */
export const profitBySubCategoryStep = summedStep('profit_by_sub_category');
/** `profit_by_customer`. */
export const profitByCustomerStep = summedStep('profit_by_customer');

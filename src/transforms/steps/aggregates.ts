/**
 * Steps `profit_summary` and `profit_by_*`: exact profit sums (DECIMAL(18,2)) and line counts. The summary groups
 * enriched order lines by year × category × sub-category × customer; every coarser aggregate sums the summary
 * (sums of sums, so every total equals the table's total).
 */
import type { Table } from 'apache-arrow';
import { aggregateSchemas, profitSummary } from '../../schemas/aggregates.js';
import { groupBy } from '../group-by.js';
import { sqlIdent, type Step } from './step.js';

/** The name of an aggregate table (and of its step). */
export type AggregateName = keyof typeof aggregateSchemas;

/** The group keys of aggregate `name`. */
export function aggregateKeys(name: AggregateName): readonly string[] {
  return aggregateSchemas[name].key ?? [];
}

/**
 * The profit summary of enriched order lines: one row per key tuple, profit summed, lines counted.
 * @example
 * summariseProfit({ lines: enrichedOrders }, {}); // order_year, category, …, profit, order_lines
 */
export function summariseProfit(input: { readonly lines: Table }): Table {
  return groupBy(input.lines, aggregateKeys('profit_summary'), {
    profit: { op: 'sum', column: 'profit' },
    order_lines: { op: 'count' },
  });
}

/**
 * Sums profit summaries (or one summary's rows) by the keys of `name`: profit and order_lines are sums.
 * @example
 * sumSummary({ summary }, { name: 'profit_by_year' }); // one row per order_year
 */
export function sumSummary(input: { readonly summary: Table }, spec: { readonly name: AggregateName }): Table {
  return groupBy(input.summary, aggregateKeys(spec.name), {
    profit: { op: 'sum', column: 'profit' },
    order_lines: { op: 'sum', column: 'order_lines' },
  });
}

const keyList = (name: AggregateName): string => aggregateKeys(name).map(sqlIdent).join(', ');

/** `profit_summary`: the summary's keys, profit DECIMAL(18,2), order_lines BIGINT; one row per key tuple. */
export const profitSummaryStep: Step<{ readonly lines: Table }, Record<string, never>, Table, 'lines'> = {
  name: 'profit_summary',
  summary: `Groups enriched order lines by ${(profitSummary.key ?? []).join(', ')}: exact profit sum, line count.`,
  views: ['lines'],
  arrow: summariseProfit,
  sql: (views) =>
    `SELECT ${keyList('profit_summary')}, CAST(sum(profit) AS DECIMAL(18, 2)) AS profit, ` +
    `count(*) AS order_lines FROM ${views.lines} GROUP BY ${keyList('profit_summary')}`,
};

/** A coarser aggregate's step: sums the profit summary by the aggregate's keys. */
function summedStep(
  name: Exclude<AggregateName, 'profit_summary'>,
): Step<{ readonly summary: Table }, Record<string, never>, Table, 'summary'> {
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

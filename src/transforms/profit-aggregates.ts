/**
 * enriched/orders → the five profit aggregates, each an exact groupBy whose total equals the table's total.
 * For order lines that arrive in batches: a partial summary per batch, merged, then every aggregate from it.
 */
import type { Table } from 'apache-arrow';
import { concatTables } from '../table/concat.js';
import type { AggregateTable, AggregateTableName, ProfitSummaryTable } from '../table/typed-tables.js';
import { groupBy } from './group-by.js';
import {
  aggregateKeys,
  sumSummary,
  summariseProfit,
  summedAggregations,
  type SummaryLines,
} from './steps/aggregates.js';

/** The aggregates tables by name (`profit_by_year`, `profit_by_category`, …), each of its declared type. */
export type ProfitAggregates = { readonly [N in AggregateTableName]: AggregateTable<N> };

/**
 * Computes every profit aggregate of enriched order lines.
 * @example
 * const { profit_by_year } = profitAggregates(enrichedOrders);
 * // order_year │ profit    │ order_lines
 * //       2014 │  39185.75 │        1993
 * //       2017 │ 111084.96 │        3312
 */
export function profitAggregates<T extends SummaryLines>(orders: Table<T>): ProfitAggregates {
  return aggregatesFromSummary(partialProfitSummary(orders));
}

/**
 * The profit summary (year × category × sub-category × customer) of one batch of enriched order lines.
 * @example
 * const parts = batches.map(partialProfitSummary); // then mergeProfitSummaries(parts)
 */
export function partialProfitSummary<T extends SummaryLines>(orders: Table<T>): ProfitSummaryTable {
  return summariseProfit({ lines: orders });
}

/**
 * Merges partial profit summaries into one, exactly (sums of sums), sorted by the keys.
 * @example
 * mergeProfitSummaries([partialProfitSummary(a), partialProfitSummary(b)]); // = partialProfitSummary(a ∪ b)
 */
export function mergeProfitSummaries(parts: readonly ProfitSummaryTable[]): ProfitSummaryTable {
  if (parts.length === 1) return parts[0]!;
  return groupBy(concatTables(parts), aggregateKeys('profit_summary'), summedAggregations);
}

/**
 * Every aggregate from a profit summary: the summary itself, and each coarser grouping summed from it.
 * @example
 * aggregatesFromSummary(mergeProfitSummaries(parts)).profit_by_year; // same as profitAggregates(all lines)
 */
export function aggregatesFromSummary(summary: ProfitSummaryTable): ProfitAggregates {
  // in aggregateSchemas' order, which the writers and the report follow
  return {
    profit_by_year: sumSummary({ summary }, { name: 'profit_by_year' }),
    profit_by_category: sumSummary({ summary }, { name: 'profit_by_category' }),
    profit_by_sub_category: sumSummary({ summary }, { name: 'profit_by_sub_category' }),
    profit_by_customer: sumSummary({ summary }, { name: 'profit_by_customer' }),
    profit_summary: summary,
  };
}

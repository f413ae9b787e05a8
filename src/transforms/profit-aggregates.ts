/**
 * enriched/orders → the five profit aggregates, each an exact groupBy whose total equals the table's total.
 * For order lines that arrive in batches: a partial summary per batch, merged, then every aggregate from it.
 */
import type { Table } from 'apache-arrow';
import { aggregateSchemas, profitSummary } from '../schemas/aggregates.js';
import { concatTables } from '../table/concat.js';
import { groupBy } from './group-by.js';

/** The aggregates tables by name (`profit_by_year`, `profit_by_category`, …). */
export type ProfitAggregates = Record<keyof typeof aggregateSchemas, Table>;

const summaryKeys = profitSummary.key ?? [];

/**
 * Computes every profit aggregate of enriched order lines.
 * @example
 * const { profit_by_year } = profitAggregates(enrichedOrders);
 * // order_year │ profit    │ order_lines
 * //       2014 │  39185.75 │        1993
 * //       2017 │ 111084.96 │        3312
 */
export function profitAggregates(orders: Table): ProfitAggregates {
  return aggregatesFromSummary(partialProfitSummary(orders));
}

/**
 * The profit summary (year × category × sub-category × customer) of one batch of enriched order lines.
 * @example
 * const parts = batches.map(partialProfitSummary); // then mergeProfitSummaries(parts)
 */
export function partialProfitSummary(orders: Table): Table {
  return groupBy(orders, summaryKeys, { profit: { op: 'sum', column: 'profit' }, order_lines: { op: 'count' } });
}

/**
 * Merges partial profit summaries into one, exactly (sums of sums), sorted by the keys.
 * @example
 * mergeProfitSummaries([partialProfitSummary(a), partialProfitSummary(b)]); // = partialProfitSummary(a ∪ b)
 */
export function mergeProfitSummaries(parts: readonly Table[]): Table {
  if (parts.length === 1) return parts[0]!;
  return groupBy(concatTables(parts), summaryKeys, {
    profit: { op: 'sum', column: 'profit' },
    order_lines: { op: 'sum', column: 'order_lines' },
  });
}

/**
 * Every aggregate from a profit summary: the summary itself, and each coarser grouping summed from it.
 * @example
 * aggregatesFromSummary(mergeProfitSummaries(parts)).profit_by_year; // same as profitAggregates(all lines)
 */
export function aggregatesFromSummary(summary: Table): ProfitAggregates {
  const out = {} as ProfitAggregates;
  for (const [name, schema] of Object.entries(aggregateSchemas) as [
    keyof typeof aggregateSchemas,
    (typeof aggregateSchemas)[keyof typeof aggregateSchemas],
  ][]) {
    out[name] =
      name === 'profit_summary'
        ? summary
        : groupBy(summary, schema.key ?? [], {
            profit: { op: 'sum', column: 'profit' },
            order_lines: { op: 'sum', column: 'order_lines' },
          });
  }
  return out;
}

/** enriched/orders → the five profit aggregates, each an exact groupBy whose total equals the table's total. */
import type { Table } from 'apache-arrow';
import { aggregateSchemas } from '../schemas/aggregates.js';
import { groupBy } from './group-by.js';

/** The aggregates tables by name (`profit_by_year`, `profit_by_category`, …). */
export type ProfitAggregates = Record<keyof typeof aggregateSchemas, Table>;

/**
 * Computes every profit aggregate of enriched order lines.
 * @example
 * const { profit_by_year } = profitAggregates(enrichedOrders);
 * // order_year │ profit    │ order_lines
 * //       2014 │  39185.75 │        1993
 * //       2017 │ 111084.96 │        3312
 */
export function profitAggregates(orders: Table): ProfitAggregates {
  const out = {} as ProfitAggregates;
  for (const [name, schema] of Object.entries(aggregateSchemas) as [keyof typeof aggregateSchemas, (typeof aggregateSchemas)[keyof typeof aggregateSchemas]][]) {
    out[name] = groupBy(orders, schema.key ?? [], { profit: { op: 'sum', column: 'profit' }, order_lines: { op: 'count' } });
  }
  return out;
}

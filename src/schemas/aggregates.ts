/** The aggregates layer: exact profit sums (DECIMAL, 2 places) of enriched/orders; null keys are their own group. */
import { column, decimal, dictString, int32, int64, type TableSchema } from './types.js';

const profit = column('profit', decimal(18, 2), 'Exact sum of the rounded line profits.', { nullable: false });
const orderLines = column('order_lines', int64(), 'Number of order lines in the group.', { nullable: false });
const keys = {
  order_year: column('order_year', int32(), 'Year of the order date.'),
  category: column('category', dictString(), 'Product category; null groups lines whose product is unknown.'),
  sub_category: column('sub_category', dictString(), 'Product sub-category; null when the product is unknown.'),
  customer_id: column('customer_id', dictString(), 'Customer key.'),
  // dictionary-encoded as enriched/orders' customer_name is: the aggregates keep their key columns' Arrow types
  customer_name: column('customer_name', dictString(), 'Customer name; null when the customer is unknown.'),
};

/** A group key of the aggregates. */
type KeyName = keyof typeof keys;

/** An aggregate's declaration: its key columns (literal, in order), then profit and order_lines. */
interface AggregateSchema<N extends string, K extends readonly KeyName[]> extends TableSchema {
  readonly name: N;
  readonly layer: 'aggregates';
  readonly key: K;
  readonly columns: readonly [...{ [I in keyof K]: (typeof keys)[K[I]] }, typeof profit, typeof orderLines];
}

function aggregate<const N extends string, const K extends readonly KeyName[]>(
  name: N,
  by: K,
  grain: string,
): AggregateSchema<N, K> {
  const keyColumns = by.map((k) => keys[k]) as unknown as { [I in keyof K]: (typeof keys)[K[I]] };
  return { name, layer: 'aggregates', grain, key: by, columns: [...keyColumns, profit, orderLines] };
}

/** aggregates/profit_by_year. */
export const profitByYear = aggregate('profit_by_year', ['order_year'], 'one row per order year');
/** aggregates/profit_by_category. */
export const profitByCategory = aggregate('profit_by_category', ['category'], 'one row per product category');
/** aggregates/profit_by_sub_category. */
export const profitBySubCategory = aggregate(
  'profit_by_sub_category',
  ['category', 'sub_category'],
  'one row per product category and sub-category',
);
/** aggregates/profit_by_customer. */
export const profitByCustomer = aggregate(
  'profit_by_customer',
  ['customer_id', 'customer_name'],
  'one row per customer',
);
/** aggregates/profit_summary. */
export const profitSummary = aggregate(
  'profit_summary',
  ['order_year', 'category', 'sub_category', 'customer_id', 'customer_name'],
  'one row per year × category × sub-category × customer',
);

/** Every aggregate table, by name. */
export const aggregateSchemas = {
  profit_by_year: profitByYear,
  profit_by_category: profitByCategory,
  profit_by_sub_category: profitBySubCategory,
  profit_by_customer: profitByCustomer,
  profit_summary: profitSummary,
} as const;

/** Step `lookup_product`: each order line's category and sub-category, from enriched/products. */
import type { Table } from 'apache-arrow';
import { enrichedOrders } from '../../schemas/enriched.js';
import type { ColumnSpec } from '../../schemas/types.js';
import { lookUp, lookUpSql, type LookedUp, type LookupSpec } from './lookup.js';
import type { Step } from './step.js';

const pick = (name: string): ColumnSpec => enrichedOrders.columns.find((c) => c.name === name)!;

/** Joins on product_id; adds category and sub_category. */
export const productLookup: LookupSpec = { key: 'product_id', columns: [pick('category'), pick('sub_category')] };

/** The step's inputs: the staged lines and enriched/products. */
export interface ProductLookupInput {
  readonly lines: Table;
  readonly products: Table;
}

/**
 * Adds category and sub_category to each line (null, and counted, when its product is unknown).
 * @example
 * lookupProduct({ lines, products }, {}).unknown; // lines whose product_id is not in products
 */
export function lookupProduct(input: ProductLookupInput): LookedUp {
  return lookUp({ lines: input.lines, entity: input.products }, productLookup);
}

/** `lookup_product`: every column of `lines`, then category, sub_category (LEFT JOIN products). */
export const lookupProductStep: Step<ProductLookupInput, Record<string, never>, LookedUp, 'lines' | 'products'> = {
  name: 'lookup_product',
  summary: 'Left-joins each line to enriched/products on product_id: adds category, sub_category.',
  views: ['lines', 'products'],
  arrow: lookupProduct,
  sql: (views) => lookUpSql({ lines: views.lines, entity: views.products }, productLookup),
};

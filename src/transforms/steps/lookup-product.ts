/** Step `lookup_product`: each order line's category and sub-category, from enriched/products. */
import type { Table } from 'apache-arrow';
import { enrichedOrders } from '../../schemas/enriched.js';
import { columnOf } from '../../schemas/types.js';
import type { ArrowTypeMapOfColumns, Having, TextType } from '../../table/typed-tables.js';
import { lookUp, lookUpSql, type LookedUp } from './lookup.js';
import type { Step } from './step.js';

/** Joins on product_id; adds category and sub_category. */
export const productLookup = {
  key: 'product_id',
  columns: [columnOf(enrichedOrders, 'category'), columnOf(enrichedOrders, 'sub_category')],
} as const;

/** The columns the lookup adds, as a `TypeMap`. */
export type ProductColumns = ArrowTypeMapOfColumns<(typeof productLookup.columns)[number]>;

/** The step's inputs: the staged lines and enriched/products. */
export interface ProductLookupInput<
  L extends Having<'product_id', TextType> = Having<'product_id', TextType>,
  E extends Having<'product_id' | 'category' | 'sub_category', TextType> = Having<
    'product_id' | 'category' | 'sub_category',
    TextType
  >,
> {
  /** Order lines with a text product_id (any other columns). */
  readonly lines: Table<L>;
  /** enriched/products, or any table with a text product_id, category and sub_category. */
  readonly products: Table<E>;
}

/**
 * Adds category and sub_category to each line (null, and counted, when its product is unknown).
 * @example
 * lookupProduct({ lines, products }, {}).unknown; // lines whose product_id is not in products
 */
export function lookupProduct<
  L extends Having<'product_id', TextType>,
  E extends Having<'product_id' | 'category' | 'sub_category', TextType>,
>(input: ProductLookupInput<L, E>): LookedUp<Table<L & ProductColumns>> {
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

/**
 * raw/orders + enriched customers + enriched products → enriched/orders: the composition of the order steps
 * (src/transforms/steps/): stage_orders → dedupe_lines → lookup_customer → lookup_product → order_year. Every
 * usable line is typed (dates, exact decimals), profit rounded half away from zero to 2 places, left-joined to
 * customer name/country and product category/sub-category. Lines that cannot be used become rejects with their
 * source row and the rule; fixes are counted only on lines that reach enriched.
 */
import type { Table, Vector } from 'apache-arrow';
import { enrichedOrders } from '../schemas/enriched.js';
import { vectorOf } from '../table/arrow-types.js';
import { tableFromVectors } from '../table/table.js';
import type { EnrichedOrdersTable, Having, TextType } from '../table/typed-tables.js';
import type { Cleaned } from './cleaned.js';
import type { SeenLineAdditions, SeenLines } from './seen-lines.js';
import { dedupeLines } from './steps/dedupe-lines.js';
import { lookupCustomer } from './steps/lookup-customer.js';
import { lookupProduct } from './steps/lookup-product.js';
import { addOrderYear } from './steps/order-year.js';
import { lineColumnsOf, stageOrders, type RawOrderLines } from './steps/stage-orders.js';
import type { StepOptions } from './steps/step.js';

/** Enriched order lines plus how many lines found no customer or product, and the lines to remember. */
export interface EnrichedOrders extends Cleaned<EnrichedOrdersTable> {
  readonly unknownCustomers: number;
  readonly unknownProducts: number;
  /** The lines kept here: merge them into the run's `SeenLines` before the next batch (`seen.merge(…)`). */
  readonly seen: SeenLineAdditions;
}

/** What the customers table of a lookup must have (enriched/customers has them). */
export type CustomerColumns = Having<'customer_id' | 'customer_name' | 'country', TextType>;
/** What the products table of a lookup must have (enriched/products has them). */
export type ProductColumns = Having<'product_id' | 'category' | 'sub_category', TextType>;

/** What order lines are enriched against: enriched/customers and enriched/products (or tables with their keys). */
export interface EnrichSpec<C extends CustomerColumns = CustomerColumns, P extends ProductColumns = ProductColumns> {
  readonly customers: Table<C>;
  readonly products: Table<P>;
  /** The lines kept by earlier batches of the run (read only). */
  readonly seen?: SeenLines;
  /** Orders of several files: the files in read order (see `DedupeSpec.files`). */
  readonly files?: readonly string[];
}

/**
 * Types, cleans and joins order lines; see the module comment.
 * @example
 * const { table, rejects, unknownProducts } = enrichOrders(rawOrdersTable, { customers, products });
 * // row_id 1n, order_date 2016-08-21, profit '63.69', customer_name 'Jay Kimmel', category 'Furniture',
 * // order_year 2016
 * // profit text '2.345' → 2.35, '-2.345' → -2.35; unknownProducts → 204 on the sample
 */
export function enrichOrders<T extends RawOrderLines, C extends CustomerColumns, P extends ProductColumns>(
  raw: Table<T>,
  spec: EnrichSpec<C, P>,
  options: StepOptions = {},
): EnrichedOrders {
  options.signal?.throwIfAborted();
  const staged = stageOrders(raw, { lineColumns: lineColumnsOf(raw) });
  const lines = dedupeLines(staged, {
    ...(spec.seen === undefined ? {} : { seen: spec.seen }),
    ...(spec.files === undefined ? {} : { files: spec.files }),
  });
  const withCustomer = lookupCustomer({ lines: lines.table, customers: spec.customers });
  const withProduct = lookupProduct({ lines: withCustomer.table, products: spec.products });
  // the composed steps' type is enriched/orders' (in another column order): this assignment checks it
  const table: EnrichedOrdersTable = addOrderYear({ lines: withProduct.table });
  const vectors: Vector[] = enrichedOrders.columns.map((c) => vectorOf(table, c.name));
  return {
    table: tableFromVectors(enrichedOrders.columns, vectors),
    rejects: lines.rejects,
    fixes: lines.fixes,
    unknownCustomers: withCustomer.unknown,
    unknownProducts: withProduct.unknown,
    seen: lines.seen,
  };
}

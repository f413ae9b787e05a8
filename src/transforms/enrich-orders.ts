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
import type { Cleaned } from './cleaned.js';
import type { SeenLineAdditions, SeenLines } from './seen-lines.js';
import { dedupeLines } from './steps/dedupe-lines.js';
import { lookupCustomer } from './steps/lookup-customer.js';
import { lookupProduct } from './steps/lookup-product.js';
import { addOrderYear } from './steps/order-year.js';
import { lineColumnsOf, stageOrders } from './steps/stage-orders.js';
import type { StepOptions } from './steps/step.js';

/** Enriched order lines plus how many lines found no customer or product, and the lines to remember. */
export interface EnrichedOrders extends Cleaned {
  readonly unknownCustomers: number;
  readonly unknownProducts: number;
  /** The lines kept here: merge them into the run's `SeenLines` before the next batch (`seen.merge(…)`). */
  readonly seen: SeenLineAdditions;
}

/** What order lines are enriched against. */
export interface EnrichSpec {
  readonly customers: Table;
  readonly products: Table;
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
export function enrichOrders(raw: Table, spec: EnrichSpec, options: StepOptions = {}): EnrichedOrders {
  options.signal?.throwIfAborted();
  const staged = stageOrders(raw, { lineColumns: lineColumnsOf(raw) });
  const lines = dedupeLines(staged, {
    ...(spec.seen === undefined ? {} : { seen: spec.seen }),
    ...(spec.files === undefined ? {} : { files: spec.files }),
  });
  const withCustomer = lookupCustomer({ lines: lines.table, customers: spec.customers });
  const withProduct = lookupProduct({ lines: withCustomer.table, products: spec.products });
  const table = addOrderYear({ lines: withProduct.table });
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

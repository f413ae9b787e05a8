/** Stage 2 — enriched: clean customers and products, enrich order lines, and collect every reject with its reason. */
import type { Table } from 'apache-arrow';
import { rejectSchemas } from '../schemas/rejects.js';
import { cleanCustomers } from '../transforms/clean-customers.js';
import { cleanProducts } from '../transforms/clean-products.js';
import type { Cleaned } from '../transforms/cleaned.js';
import { enrichOrders } from '../transforms/enrich-orders.js';
import { RejectsBuilder, type Reject } from '../transforms/rejects-builder.js';
import type { RawSource, RawTables } from './raw-stage.js';
import { tableQuality, type TableQuality } from './quality-report.js';

/** The enriched tables, their rejects, and the quality of each. */
export interface EnrichedTables {
  readonly customers: Table;
  readonly products: Table;
  readonly orders: Table;
  readonly rejects: { readonly customers: Table; readonly products: Table; readonly orders: Table };
  readonly quality: { readonly customers: TableQuality; readonly products: TableQuality; readonly orders: TableQuality };
}

/** Reader issues and transform rejects of one source, sorted by source row, as a rejects table. */
function rejectsTable(name: keyof typeof rejectSchemas, source: RawSource, rejects: readonly Reject[]): RejectsBuilder {
  const b = new RejectsBuilder(rejectSchemas[name], source.file);
  const all: Reject[] = [
    ...source.issues.map((i) => ({ sourceRow: i.row, key: null, column: i.column, value: i.value, rule: i.rule, message: i.message })),
    ...rejects,
  ].sort((a, z) => a.sourceRow - z.sourceRow);
  for (const r of all) b.add(r);
  return b;
}

/** Runs the enrich transforms over the raw tables. */
export function enrichTables(raw: RawTables): EnrichedTables {
  const customers = cleanCustomers(raw.customers.table);
  const products = cleanProducts(raw.products.table);
  const orders = enrichOrders(raw.orders.table, customers.table, products.table);
  const rc = rejectsTable('customers', raw.customers, customers.rejects);
  const rp = rejectsTable('products', raw.products, products.rejects);
  const ro = rejectsTable('orders', raw.orders, orders.rejects);
  const q = (source: RawSource, cleaned: Cleaned, rejects: RejectsBuilder, extra: Record<string, number> = {}): TableQuality =>
    tableQuality(source, cleaned.table.numRows, rejects.ruleNames, cleaned.fixes, extra);
  return {
    customers: customers.table,
    products: products.table,
    orders: orders.table,
    rejects: { customers: rc.finish(), products: rp.finish(), orders: ro.finish() },
    quality: {
      customers: q(raw.customers, customers, rc),
      products: q(raw.products, products, rp),
      orders: q(raw.orders, orders, ro, {
        unknown_customer_lines: orders.unknownCustomers,
        unknown_product_lines: orders.unknownProducts,
      }),
    },
  };
}

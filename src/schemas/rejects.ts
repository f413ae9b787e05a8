/** The rejects layer: every source row that could not be used, with where it was and why. */
import { column, dictString, int64, plainString, type TableSchema } from './types.js';

/** Declares rejects/<table>: one row per rejected source row (name and columns kept as literal types). */
function rejectsOf<const N extends string>(table: N, key: string) {
  return {
    name: table,
    layer: 'rejects',
    grain: `one row per rejected source row of ${table}`,
    key: ['source_row'],
    columns: [
      column('source_file', dictString(), 'The source file the row came from.', { nullable: false }),
      column('source_row', int64(), 'Row of the source file (see raw.source_row).', { nullable: false }),
      column('key', plainString(), `The row's ${key} as read, when it had one.`),
      column('column_name', dictString(), 'The column whose value broke the rule; null for whole-row rules.'),
      column('value', plainString(), 'The offending value as read.'),
      column('rule', dictString(), 'Stable name of the rule, e.g. `order.bad_order_date` (see docs/errors.md).', {
        nullable: false,
      }),
      column('message', plainString(), 'What was expected, in words.', { nullable: false }),
    ],
  } satisfies TableSchema;
}

/** rejects/customers. */
export const rejectedCustomers = rejectsOf('customers', 'customer_id');
/** rejects/products. */
export const rejectedProducts = rejectsOf('products', 'product_id');
/** rejects/orders. */
export const rejectedOrders = rejectsOf('orders', 'row_id');

/** The three rejects tables, by name. */
export const rejectSchemas = {
  customers: rejectedCustomers,
  products: rejectedProducts,
  orders: rejectedOrders,
} as const;

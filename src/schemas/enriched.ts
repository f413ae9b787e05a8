/**
 * The enriched layer: cleaned, typed, one row per key. Every rule that changes a value is named in
 * docs/cleaning.md and counted in quality.json.
 */
import { column, date, decimal, dictString, int32, int64, plainString, type TableSchema } from './types.js';

const sourceRow = column('source_row', int64(), 'Row of the source file this row came from (see raw).', {
  nullable: false,
});

/** enriched/customers: one row per customer_id, cleaned. */
export const enrichedCustomers = {
  name: 'customers',
  layer: 'enriched',
  grain: 'one row per customer_id (the first row of each id in file order; later rows are rejected as duplicates)',
  key: ['customer_id'],
  columns: [
    column('customer_id', dictString(), 'Customer key, trimmed; unique.', { nullable: false }),
    column('customer_name', plainString(), 'Name cleaned by rule `name.clean`; null when nothing is left.'),
    column('email', plainString(), 'Email trimmed; null when invalid (rule `email.validate`).'),
    column(
      'phone',
      plainString(),
      'Phone normalised to `+1-AAA-BBB-CCCC[ xEXT]`; null when unusable (rule `phone.*`).',
    ),
    column('address', plainString(), 'Postal address as read (multi-line kept).'),
    column('segment', dictString(), 'Customer segment, trimmed.'),
    column('country', dictString(), 'Country, trimmed.'),
    column('city', dictString(), 'City, trimmed.'),
    column('state', dictString(), 'State, trimmed.'),
    column(
      'postal_code',
      dictString(),
      'Postal code as text, 5 digits with leading zeros restored (rule `postal_code.*`).',
    ),
    column('region', dictString(), 'Sales region, trimmed.'),
    sourceRow,
  ],
} satisfies TableSchema;

/** enriched/products: one row per product_id. */
export const enrichedProducts = {
  name: 'products',
  layer: 'enriched',
  grain: 'one row per product_id (the first row of each id in file order; later rows are rejected as duplicates)',
  key: ['product_id'],
  columns: [
    column('product_id', dictString(), 'Product key, trimmed; unique.', { nullable: false }),
    column('category', dictString(), 'Product category, trimmed.'),
    column('sub_category', dictString(), 'Product sub-category, trimmed.'),
    column('product_name', plainString(), 'Product name, trimmed.'),
    column('state', dictString(), 'State, trimmed.'),
    column('price_per_product', decimal(18, 4), 'Unit price, exact to 4 places (rounded half away from zero).'),
    sourceRow,
  ],
} satisfies TableSchema;

/** enriched/orders: one row per usable source order line. */
export const enrichedOrders = {
  name: 'orders',
  layer: 'enriched',
  grain: 'one row per source order line (row_id); never deduplicated on order_id',
  key: ['row_id'],
  columns: [
    column('row_id', int64(), 'Source `Row ID`; unique.', { nullable: false }),
    column('order_id', dictString(), 'Source `Order ID`, trimmed (an order has several lines).'),
    column('order_date', date(), 'Order date, from `d/m/yyyy`.', { nullable: false }),
    column('ship_date', date(), 'Ship date, from `d/m/yyyy`; null when absent.'),
    column('ship_mode', dictString(), 'Ship mode, trimmed.'),
    column('customer_id', dictString(), 'Customer key, trimmed; null when the source has none (counted as unknown).'),
    column('product_id', dictString(), 'Product key, trimmed; null when the source has none (counted as unknown).'),
    column('quantity', int32(), 'Units ordered.', { nullable: false }),
    column('price', decimal(18, 2), 'Line price, cleaned of stray characters (`4797%` → 4797.00).'),
    column('discount', decimal(18, 4), 'Discount rate.'),
    column('profit', decimal(18, 2), 'Source profit rounded half away from zero to 2 places, from its decimal text.', {
      nullable: false,
    }),
    column('customer_name', dictString(), 'From enriched/customers; null when the customer is unknown.'),
    column('country', dictString(), 'From enriched/customers; null when the customer is unknown.'),
    column('category', dictString(), 'From enriched/products; null when the product is unknown.'),
    column('sub_category', dictString(), 'From enriched/products; null when the product is unknown.'),
    column('order_year', int32(), 'Year of order_date.', { nullable: false }),
    sourceRow,
  ],
} satisfies TableSchema;

/** The three enriched tables, by name. */
export const enrichedSchemas = {
  customers: enrichedCustomers,
  products: enrichedProducts,
  orders: enrichedOrders,
} as const;

/**
 * The raw layer: every source row, as read. Values are the text a person sees in the source (JSON numbers
 * keep their exact lexeme, xlsx numbers their displayed form), so nothing is lost before cleaning.
 * Each raw table also carries `source_row`, the row's position in its file, for lineage and rejects.
 */
import { column, dictString, int64, plainString, type ColumnSpec, type StringType, type TableSchema } from './types.js';

/**
 * A source column: its name (the header in snake_case, as `snakeCase(header)` gives it — written out so the
 * name is a literal type; test/schemas holds the two equal), the header, and whether it is dictionary-encoded.
 */
const src = <const N extends string, const D extends boolean>(
  name: N,
  header: string,
  dictionary: D,
  description: string,
  required = false,
): ColumnSpec<N, StringType<D>> =>
  column(name, (dictionary ? dictString() : plainString()) as StringType<D>, description, { source: header, required });

/** The column every raw table ends with: the row's 1-based position among the file's data rows. */
export const sourceRowColumn = column(
  'source_row',
  int64(),
  'Position of the row in its source file: worksheet row number for xlsx (header is row 1), ' +
    '1-based record number after the header for csv, 1-based element or line number for json/ndjson.',
  { nullable: false },
);

/**
 * The column raw/orders has, before `source_row`, when the orders are several files: the file of the row (its
 * path as found). One orders file gives no such column (its raw table is as it always was).
 */
export const sourceFileColumn: ColumnSpec = column(
  'source_file',
  dictString(),
  'The order file the row came from (only when the orders are several files; source_row counts within it).',
  { nullable: false },
);

/** raw/customers: every row of the first worksheet of Customer.xlsx. */
export const rawCustomers = {
  name: 'customers',
  layer: 'raw',
  grain: 'one row per worksheet row after the header',
  openColumns: true,
  columns: [
    src('customer_id', 'Customer ID', true, 'Customer key as written (may carry spaces or repeat).', true),
    src('customer_name', 'Customer Name', false, 'Name as written (may hold digits and symbols).', true),
    src('email', 'email', false, 'Email as written.'),
    src('phone', 'phone', false, 'Phone as shown in the sheet (numbers rendered as text).'),
    src('address', 'address', false, 'Postal address, multi-line kept.'),
    src('segment', 'Segment', true, 'Customer segment.'),
    src('country', 'Country', true, 'Country.', true),
    src('city', 'City', true, 'City.'),
    src('state', 'State', true, 'State.'),
    src('postal_code', 'Postal Code', true, 'Postal code as shown (leading zeros may be lost in the source).'),
    src('region', 'Region', true, 'Sales region.'),
    sourceRowColumn,
  ],
} satisfies TableSchema;

/** raw/products: every record of Products.csv. */
export const rawProducts = {
  name: 'products',
  layer: 'raw',
  grain: 'one row per csv record after the header',
  openColumns: true,
  columns: [
    src('product_id', 'Product ID', true, 'Product key as written (repeats in real exports).', true),
    src('category', 'Category', true, 'Product category.', true),
    src('sub_category', 'Sub-Category', true, 'Product sub-category.', true),
    src('product_name', 'Product Name', false, 'Product name.'),
    src('state', 'State', true, 'State.'),
    src('price_per_product', 'Price per product', false, 'Unit price as written.'),
    sourceRowColumn,
  ],
} satisfies TableSchema;

/** raw/orders: every order line of Orders.json (array or NDJSON). */
export const rawOrders = {
  name: 'orders',
  layer: 'raw',
  grain: 'one row per source order line',
  openColumns: true,
  columns: [
    src('row_id', 'Row ID', false, 'Order line key as written.', true),
    src('order_id', 'Order ID', true, 'Order key (an order spans several lines).', true),
    src('order_date', 'Order Date', true, 'Order date as written (d/m/yyyy).', true),
    src('ship_date', 'Ship Date', true, 'Ship date as written (d/m/yyyy).'),
    src('ship_mode', 'Ship Mode', true, 'Shipping mode.'),
    src('customer_id', 'Customer ID', true, 'Customer key as written.', true),
    src('product_id', 'Product ID', true, 'Product key as written.', true),
    src('quantity', 'Quantity', true, 'Quantity as written.', true),
    src('price', 'Price', false, 'Line price as written (may carry stray characters like `4797%`).'),
    src('discount', 'Discount', true, 'Discount as written.'),
    src('profit', 'Profit', false, 'Profit as written, its exact decimal text.', true),
    sourceRowColumn,
  ],
} satisfies TableSchema;

/** The three raw tables, by name. */
export const rawSchemas = { customers: rawCustomers, products: rawProducts, orders: rawOrders } as const;

/**
 * The raw layer: every source row, as read. Values are the text a person sees in the source (JSON numbers
 * keep their exact lexeme, xlsx numbers their displayed form), so nothing is lost before cleaning.
 * Each raw table also carries `source_row`, the row's position in its file, for lineage and rejects.
 */
import { column, dictString, int64, plainString, type ColumnSpec, type TableSchema } from './types.js';
import { snakeCase } from './names.js';

const src = (header: string, dictionary: boolean, description: string, required = false): ColumnSpec =>
  column(snakeCase(header), dictionary ? dictString() : plainString(), description, { source: header, required });

/** The column every raw table ends with: the row's 1-based position among the file's data rows. */
export const sourceRowColumn: ColumnSpec = column(
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
export const rawCustomers: TableSchema = {
  name: 'customers',
  layer: 'raw',
  grain: 'one row per worksheet row after the header',
  openColumns: true,
  columns: [
    src('Customer ID', true, 'Customer key as written (may carry spaces or repeat).', true),
    src('Customer Name', false, 'Name as written (may hold digits and symbols).', true),
    src('email', false, 'Email as written.'),
    src('phone', false, 'Phone as shown in the sheet (numbers rendered as text).'),
    src('address', false, 'Postal address, multi-line kept.'),
    src('Segment', true, 'Customer segment.'),
    src('Country', true, 'Country.', true),
    src('City', true, 'City.'),
    src('State', true, 'State.'),
    src('Postal Code', true, 'Postal code as shown (leading zeros may be lost in the source).'),
    src('Region', true, 'Sales region.'),
    sourceRowColumn,
  ],
};

/** raw/products: every record of Products.csv. */
export const rawProducts: TableSchema = {
  name: 'products',
  layer: 'raw',
  grain: 'one row per csv record after the header',
  openColumns: true,
  columns: [
    src('Product ID', true, 'Product key as written (repeats in real exports).', true),
    src('Category', true, 'Product category.', true),
    src('Sub-Category', true, 'Product sub-category.', true),
    src('Product Name', false, 'Product name.'),
    src('State', true, 'State.'),
    src('Price per product', false, 'Unit price as written.'),
    sourceRowColumn,
  ],
};

/** raw/orders: every order line of Orders.json (array or NDJSON). */
export const rawOrders: TableSchema = {
  name: 'orders',
  layer: 'raw',
  grain: 'one row per source order line',
  openColumns: true,
  columns: [
    src('Row ID', false, 'Order line key as written.', true),
    src('Order ID', true, 'Order key (an order spans several lines).', true),
    src('Order Date', true, 'Order date as written (d/m/yyyy).', true),
    src('Ship Date', true, 'Ship date as written (d/m/yyyy).'),
    src('Ship Mode', true, 'Shipping mode.'),
    src('Customer ID', true, 'Customer key as written.', true),
    src('Product ID', true, 'Product key as written.', true),
    src('Quantity', true, 'Quantity as written.', true),
    src('Price', false, 'Line price as written (may carry stray characters like `4797%`).'),
    src('Discount', true, 'Discount as written.'),
    src('Profit', false, 'Profit as written, its exact decimal text.', true),
    sourceRowColumn,
  ],
};

/** The three raw tables, by name. */
export const rawSchemas = { customers: rawCustomers, products: rawProducts, orders: rawOrders } as const;

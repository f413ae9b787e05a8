// The benchmark's third peer: the core of the job in nodejs-polars (the same work as bench/duckdb/core.sql):
// the three sources → enriched order lines → the five aggregates as Parquet. nodejs-polars is not a dependency of
// the project: bench/peers.ts installs a pinned version into a cache folder outside the clone and passes it here.
//
//   node bench/polars-core.mjs --modules <folder holding node_modules/nodejs-polars> --customers <customers.csv>
//     --products <Products.csv> --orders <Orders.json> --out <dir> [--orders-format array|newline_delimited]
//
// Profit is exact: its text is read digit by digit into cents (half away from zero at the first dropped digit), as
// polars' JSON reader would otherwise make it a float. Written Parquet profit is cents / 100 as DOUBLE (nodejs-polars
// writes no DECIMAL from integers); the benchmark compares totals after rounding each value to the cent.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: a } = parseArgs({
  options: {
    modules: { type: 'string' },
    customers: { type: 'string' },
    products: { type: 'string' },
    orders: { type: 'string' },
    out: { type: 'string' },
    'orders-format': { type: 'string', default: 'array' },
  },
});
for (const k of ['modules', 'customers', 'products', 'orders', 'out']) {
  if (a[k] === undefined) throw new Error(`--${k} is required`);
}
const pl = createRequire(join(a.modules, 'index.js'))('nodejs-polars');
const col = (name) => pl.col(name);

// Customers: first row per trimmed id (the row order of core.sql); names cleaned to letters, marks, spaces,
// hyphens and apostrophes.
const customers = pl
  .readCSV(a.customers, { inferSchemaLength: 0, columns: ['customer_id', 'customer_name', 'country'] })
  .select(
    col('customer_id').str.stripChars().alias('customer_id'),
    col('customer_name')
      .str.replaceAll(/[^\p{L}\p{M}\s'-]/, '')
      .str.replaceAll(/\s+/, ' ')
      .str.stripChars()
      .alias('customer_name'),
    col('country'),
  )
  .filter(col('customer_id').neq(pl.lit('')))
  .unique({ subset: ['customer_id'], keep: 'first', maintainOrder: true })
  // a name with nothing left is null, as core.sql's nullif(…, '')
  .withColumns(
    pl
      .when(col('customer_name').eq(pl.lit('')))
      .then(pl.lit(null))
      .otherwise(col('customer_name'))
      .alias('customer_name'),
  );

const products = pl
  .readCSV(a.products, { inferSchemaLength: 0, columns: ['Product ID', 'Category', 'Sub-Category'] })
  .select(
    col('Product ID').str.stripChars().alias('product_id'),
    col('Category').alias('category'),
    col('Sub-Category').alias('sub_category'),
  )
  .unique({ subset: ['product_id'], keep: 'first', maintainOrder: true });

// a JSON array through readJSON; NDJSON through scanJson (readJSON's `lines` format is broken in this version)
const orders =
  a['orders-format'] === 'array'
    ? pl.readJSON(a.orders, { format: 'json', inferSchemaLength: null })
    : pl.scanJson(a.orders, { inferSchemaLength: null }).collectSync();

/** A d/m/yyyy text as a date, null unless the text is exactly that date (polars' strptime also matches inside). */
const date = (name) => {
  const d = col(name).cast(pl.Utf8).str.strptime(pl.Date, '%d/%m/%Y');
  return pl
    .when(d.dt.strftime('%-d/%-m/%Y').eq(col(name).cast(pl.Utf8)))
    .then(d)
    .otherwise(pl.lit(null));
};
/** Decimal text → integer hundredths, half away from zero at the first dropped digit; null unless -?d+(.d*)?. */
const cents = (name) => {
  const text = col(name).cast(pl.Utf8);
  const whole = text.str.extract(/^-?([0-9]+)(?:\.[0-9]*)?$/, 1);
  const frac = text.str.extract(/^-?[0-9]+\.([0-9]*)$/, 1).fillNull(pl.lit(''));
  const mills = whole
    .cast(pl.Int64)
    .mul(1000)
    .add(
      pl
        .concatString([frac, pl.lit('000')], '')
        .str.slice(0, 3)
        .cast(pl.Int64),
    );
  const magnitude = mills.add(5).div(10).floor().cast(pl.Int64);
  return pl.when(text.str.startsWith('-')).then(magnitude.mul(-1)).otherwise(magnitude).cast(pl.Int64);
};

const lines = orders
  .select(
    col('Row ID').cast(pl.Int64, false).alias('row_id'),
    col('Order ID').alias('order_id'),
    date('Order Date').alias('order_date'),
    date('Ship Date').alias('ship_date'),
    col('Ship Mode').alias('ship_mode'),
    col('Customer ID').str.stripChars().alias('customer_id'),
    col('Product ID').str.stripChars().alias('product_id'),
    col('Quantity').cast(pl.Int32, false).alias('quantity'),
    col('Price').cast(pl.Utf8).str.replaceAll(/[%$]/, '').cast(pl.Float64, false).alias('price'),
    col('Discount').cast(pl.Float64, false).alias('discount'),
    cents('Profit').alias('profit_cents'),
  )
  .filter(
    col('row_id')
      .isNotNull()
      .and(col('order_date').isNotNull())
      .and(col('quantity').gt(pl.lit(0)))
      .and(col('profit_cents').isNotNull())
      // as DuckDB's DECIMAL(18, 4): the discount rounded to 4 places must lie in [0, 1]
      .and(
        col('discount')
          .isNull()
          .or(
            col('discount')
              .round(4)
              .gtEq(pl.lit(0))
              .and(col('discount').round(4).ltEq(pl.lit(1))),
          ),
      ),
  )
  .join(customers, { on: 'customer_id', how: 'left' })
  .join(products, { on: 'product_id', how: 'left' })
  .withColumns(col('order_date').dt.year().cast(pl.Int32).alias('order_year'));

const write = (df, file) => {
  mkdirSync(join(a.out, file, '..'), { recursive: true });
  df.writeParquet(join(a.out, file), { compression: 'snappy' });
};
const asProfit = (df) => df.withColumns(col('profit_cents').div(100).alias('profit')).drop('profit_cents');
write(asProfit(lines), 'enriched/orders.parquet');
const aggregates = {
  profit_by_year: ['order_year'],
  profit_by_category: ['category'],
  profit_by_sub_category: ['category', 'sub_category'],
  profit_by_customer: ['customer_id', 'customer_name'],
  profit_summary: ['order_year', 'category', 'sub_category', 'customer_id', 'customer_name'],
};
for (const [name, keys] of Object.entries(aggregates)) {
  const g = lines.groupBy(keys).agg(col('profit_cents').sum().alias('profit_cents'), pl.len().alias('order_lines'));
  write(asProfit(g), `aggregates/${name}.parquet`);
}

-- The same work as `ecomflow run`, in DuckDB SQL written for speed (run by bench/duckdb-pipeline.mjs after
-- bench/duckdb/rules.sql and, for the customer value rules, test/reference/rules.sql).
-- Each source is read once into memory (orders: one table of raw text, typed values, rules and joined names);
-- every output is a view over those tables, written by COPY:
--   raw/*, enriched/*, rejects/*, aggregates/* as Parquet, sql/*.csv (the four answers), quality.json.
-- The runner fills each placeholder (dollar, braces, name) with a quoted SQL literal: paths, JSON format, labels.

-- ── Sources ─────────────────────────────────────────────────────────────────────────────────────────────────
-- Declared columns: no sampling, no type detection; every value as text, as raw/ keeps it.
CREATE TEMP TABLE raw_products AS
SELECT "Product ID" AS product_id, "Category" AS category, "Sub-Category" AS sub_category,
  "Product Name" AS product_name, "State" AS state, "Price per product" AS price_per_product,
  ordinality AS source_row
FROM read_csv(${products}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {
  'Product ID': 'VARCHAR', 'Category': 'VARCHAR', 'Sub-Category': 'VARCHAR', 'Product Name': 'VARCHAR',
  'State': 'VARCHAR', 'Price per product': 'VARCHAR'}) WITH ORDINALITY;

-- The customers workbook as a CSV made before timing (DuckDB's excel extension is not installable here).
CREATE TEMP TABLE raw_customers AS
SELECT * FROM read_csv(${customers}, header = true, auto_detect = false, allow_quoted_nulls = false, columns = {
  'customer_id': 'VARCHAR', 'customer_name': 'VARCHAR', 'email': 'VARCHAR', 'phone': 'VARCHAR',
  'address': 'VARCHAR', 'segment': 'VARCHAR', 'country': 'VARCHAR', 'city': 'VARCHAR', 'state': 'VARCHAR',
  'postal_code': 'VARCHAR', 'region': 'VARCHAR', 'source_row': 'BIGINT'});

-- ── Customers: the first row of each trimmed id; names, emails, phones, postal codes by their rules ─────────
CREATE TEMP TABLE customers_keyed AS
SELECT *, tidy(customer_id) AS key,
  min(source_row) OVER (PARTITION BY tidy(customer_id)) AS first_row
FROM raw_customers;

CREATE TEMP TABLE enriched_customers AS
SELECT key AS customer_id, name_fast(customer_name) AS customer_name, email_fast(email) AS email,
  phone_fast(phone) AS phone, address, tidy(segment) AS segment, tidy(country) AS country, tidy(city) AS city,
  tidy(state) AS state, postal_fast(postal_code) AS postal_code, tidy(region) AS region, source_row
FROM customers_keyed WHERE key IS NOT NULL AND source_row = first_row ORDER BY source_row;

CREATE TEMP TABLE rejects_customers AS
SELECT ${customers_label} AS source_file, source_row,
  key, 'customer_id' AS column_name, customer_id AS value,
  CASE WHEN key IS NULL THEN 'customer.missing_id' ELSE 'customer.duplicate_id' END AS rule,
  CASE WHEN key IS NULL THEN 'customer_id is empty'
       ELSE 'customer_id "' || key || '" already seen at source row ' || first_row || '; the first row is kept' END
    AS message
FROM customers_keyed WHERE key IS NULL OR source_row > first_row ORDER BY source_row;

-- ── Products: the first row of each trimmed id; labels trimmed; unit price DECIMAL(18,4), stray characters off ─
CREATE TEMP TABLE products_keyed AS
SELECT *, tidy(product_id) AS key,
  min(source_row) OVER (PARTITION BY tidy(product_id)) AS first_row,
  dec4(price_per_product) AS price_plain,
  coalesce(dec4(price_per_product), dec4(price_stripped(price_per_product))) AS price
FROM raw_products;

CREATE TEMP TABLE enriched_products AS
SELECT key AS product_id, tidy(category) AS category, tidy(sub_category) AS sub_category,
  tidy(product_name) AS product_name, tidy(state) AS state, price AS price_per_product, source_row
FROM products_keyed WHERE key IS NOT NULL AND source_row = first_row ORDER BY source_row;

CREATE TEMP TABLE rejects_products AS
SELECT ${products_label} AS source_file, source_row,
  key, 'product_id' AS column_name, product_id AS value,
  CASE WHEN key IS NULL THEN 'product.missing_id' ELSE 'product.duplicate_id' END AS rule,
  CASE WHEN key IS NULL THEN 'product_id is empty'
       ELSE 'product_id "' || key || '" already seen at source row ' || first_row || '; the first row is kept' END
    AS message
FROM products_keyed WHERE key IS NULL OR source_row > first_row ORDER BY source_row;

-- ── Order lines: one pass reads the file, types every value, finds the first rule each line breaks and joins ──
-- customers and products. Declared columns: no sampling, no type detection; the raw values stay as text.
-- read_json's row estimate is tiny, so the optimizer would build the join's hash table on the million order lines
-- and probe it with the customers; keeping the written join sides builds it on the customers (4 s → 0.3 s here).
SET disabled_optimizers = 'build_side_probe_side';
CREATE TEMP TABLE orders AS
WITH
  source AS (
    SELECT "Row ID" AS row_id, "Order ID" AS order_id, "Order Date" AS order_date, "Ship Date" AS ship_date,
      "Ship Mode" AS ship_mode, "Customer ID" AS customer_id, "Product ID" AS product_id, "Quantity" AS quantity,
      "Price" AS price, "Discount" AS discount, "Profit" AS profit, "Coupon" AS coupon, ordinality AS source_row
    FROM read_json(${orders}, format = ${orders_format}, records = true, columns = {
      'Row ID': 'VARCHAR', 'Order ID': 'VARCHAR', 'Order Date': 'VARCHAR', 'Ship Date': 'VARCHAR',
      'Ship Mode': 'VARCHAR', 'Customer ID': 'VARCHAR', 'Product ID': 'VARCHAR', 'Quantity': 'VARCHAR',
      'Price': 'VARCHAR', 'Discount': 'VARCHAR', 'Profit': 'VARCHAR', 'Coupon': 'VARCHAR'}) WITH ORDINALITY),
  parsed AS (
    SELECT *,
      int_text(row_id) AS rid,
      date_text(order_date) AS od,
      date_text(ship_date) AS sd,
      int_text(quantity) AS qty64,
      dec4(discount) AS disc,
      dec2(price) AS price_plain,
      plain_decimal(profit) AS profit_plain
    FROM source),
  typed AS (
    SELECT *,
      CASE WHEN price_plain IS NULL AND price IS NOT NULL THEN dec2(price_stripped(price)) END AS price_fixed,
      dec2_of(profit, profit_plain) AS prof
    FROM parsed),
  ruled AS (
    SELECT *,
      CASE WHEN rid IS NOT NULL THEN NULL
           WHEN row_id IS NULL OR blank(row_id) THEN 'order.missing_row_id'
           ELSE 'order.bad_row_id' END AS id_rule,
      CASE WHEN order_date IS NULL THEN 'order.missing_order_date'
           WHEN od IS NULL THEN 'order.bad_order_date'
           WHEN ship_date IS NOT NULL AND sd IS NULL THEN 'order.bad_ship_date'
           WHEN qty64 IS NULL OR abs(qty64) > 2147483647 THEN 'order.bad_quantity'
           WHEN qty64 <= 0 THEN 'order.nonpositive_quantity'
           WHEN discount IS NOT NULL AND disc IS NULL THEN 'order.bad_discount'
           WHEN disc < 0 OR disc > 1 THEN 'order.discount_out_of_range'
           WHEN price IS NOT NULL AND price_plain IS NULL AND price_fixed IS NULL THEN 'order.bad_price'
           WHEN profit IS NULL THEN 'order.missing_profit'
           WHEN prof IS NULL THEN 'order.bad_profit' END AS value_rule,
      tidy(customer_id) AS cid, tidy(product_id) AS pid
    FROM typed)
SELECT o.row_id, o.order_id, o.order_date, o.ship_date, o.ship_mode, o.customer_id, o.product_id, o.quantity,
  o.price, o.discount, o.profit, o.coupon, o.source_row,
  o.rid, tidy(o.order_id) AS oid, o.od, o.sd, tidy(o.ship_mode) AS smode, o.cid, o.pid,
  CASE WHEN abs(o.qty64) <= 2147483647 THEN CAST(o.qty64 AS INTEGER) END AS qty, coalesce(o.price_plain, o.price_fixed) AS price2, o.disc, o.prof,
  o.price_fixed IS NOT NULL AS price_cleaned, beyond_2dp(o.profit, o.profit_plain) AS profit_rounded,
  o.id_rule, o.value_rule, coalesce(o.id_rule, o.value_rule) AS rule, CAST(NULL AS BIGINT) AS first_row,
  c.customer_name, c.country, p.category, p.sub_category,
  c.customer_id IS NOT NULL AS known_customer, p.product_id IS NOT NULL AS known_product
FROM ruled o
LEFT JOIN enriched_customers c ON c.customer_id = o.cid
LEFT JOIN enriched_products p ON p.product_id = o.pid;
RESET disabled_optimizers;

-- A Row ID already used by an earlier usable line: only ids that occur twice can break that rule, so whole lines
-- are compared for those few (exact duplicate: every raw column equal, extra columns included, null = null), and
-- the rule is written into their rows.
UPDATE orders SET rule = d.rule, first_row = d.first_row
FROM (
  WITH
    repeated AS (SELECT rid FROM orders WHERE id_rule IS NULL GROUP BY rid HAVING count(*) > 1),
    lines AS (SELECT o.* FROM orders o SEMI JOIN repeated r ON r.rid = o.rid WHERE o.id_rule IS NULL),
    firsts AS (SELECT rid, min(source_row) AS first_row FROM lines WHERE value_rule IS NULL GROUP BY rid)
  SELECT l.source_row, f.first_row,
    CASE WHEN (l.row_id, l.order_id, l.order_date, l.ship_date, l.ship_mode, l.customer_id, l.product_id,
               l.quantity, l.price, l.discount, l.profit, l.coupon)
          IS NOT DISTINCT FROM (fl.row_id, fl.order_id, fl.order_date, fl.ship_date, fl.ship_mode, fl.customer_id,
               fl.product_id, fl.quantity, fl.price, fl.discount, fl.profit, fl.coupon)
         THEN 'order.duplicate_line' ELSE 'order.conflicting_row_id' END AS rule
  FROM lines l
  JOIN firsts f ON f.rid = l.rid AND l.source_row > f.first_row
  JOIN lines fl ON fl.source_row = f.first_row) d
WHERE orders.source_row = d.source_row;

CREATE VIEW raw_orders AS
SELECT row_id, order_id, order_date, ship_date, ship_mode, customer_id, product_id, quantity, price, discount,
  profit, coupon, source_row
FROM orders;

CREATE VIEW enriched_orders AS
SELECT rid AS row_id, oid AS order_id, od AS order_date, sd AS ship_date, smode AS ship_mode, cid AS customer_id,
  pid AS product_id, qty AS quantity, price2 AS price, disc AS discount, prof AS profit, customer_name, country,
  category, sub_category, CAST(year(od) AS INTEGER) AS order_year, source_row
FROM orders WHERE rule IS NULL;

CREATE VIEW rejects_orders AS
SELECT ${orders_label} AS source_file, source_row, row_id AS key,
  CASE rule
    WHEN 'order.missing_row_id' THEN 'row_id' WHEN 'order.bad_row_id' THEN 'row_id'
    WHEN 'order.duplicate_line' THEN NULL WHEN 'order.conflicting_row_id' THEN 'row_id'
    WHEN 'order.missing_order_date' THEN 'order_date' WHEN 'order.bad_order_date' THEN 'order_date'
    WHEN 'order.bad_ship_date' THEN 'ship_date' WHEN 'order.bad_quantity' THEN 'quantity'
    WHEN 'order.nonpositive_quantity' THEN 'quantity'
    WHEN 'order.bad_discount' THEN 'discount' WHEN 'order.discount_out_of_range' THEN 'discount'
    WHEN 'order.bad_price' THEN 'price'
    ELSE 'profit' END AS column_name,
  left(CASE rule
    WHEN 'order.missing_row_id' THEN row_id WHEN 'order.bad_row_id' THEN row_id
    WHEN 'order.conflicting_row_id' THEN row_id WHEN 'order.bad_order_date' THEN order_date
    WHEN 'order.bad_ship_date' THEN ship_date WHEN 'order.bad_quantity' THEN quantity
    WHEN 'order.nonpositive_quantity' THEN quantity
    WHEN 'order.bad_discount' THEN discount WHEN 'order.discount_out_of_range' THEN discount
    WHEN 'order.bad_price' THEN price
    WHEN 'order.bad_profit' THEN profit END, 1000) AS value,
  rule,
  CASE rule
    WHEN 'order.missing_row_id' THEN 'Row ID is missing'
    WHEN 'order.bad_row_id' THEN 'Row ID "' || row_id || '" is not an integer'
    WHEN 'order.duplicate_line' THEN 'exact duplicate of source row ' || first_row || ' (counted once)'
    WHEN 'order.conflicting_row_id'
      THEN 'Row ID ' || rid || ' already used by source row ' || first_row || ' with different values; the first is kept'
    WHEN 'order.missing_order_date' THEN 'Order Date is missing'
    WHEN 'order.bad_order_date' THEN 'Order Date "' || order_date || '" is not a possible d/m/yyyy date'
    WHEN 'order.bad_ship_date' THEN 'Ship Date "' || ship_date || '" is not a possible d/m/yyyy date'
    WHEN 'order.bad_quantity'
      THEN CASE WHEN quantity IS NULL THEN 'Quantity is missing' ELSE 'Quantity "' || quantity || '" is not an integer' END
    WHEN 'order.nonpositive_quantity' THEN 'Quantity "' || quantity || '" is not a positive number of items'
    WHEN 'order.bad_discount' THEN 'Discount "' || discount || '" is not a number'
    WHEN 'order.discount_out_of_range' THEN 'Discount "' || discount || '" is not a fraction between 0 and 1'
    WHEN 'order.bad_price' THEN 'Price "' || price || '" is not a number'
    WHEN 'order.missing_profit' THEN 'Profit is missing'
    ELSE 'Profit "' || profit || '" is not a number' END AS message
FROM orders WHERE rule IS NOT NULL;

-- ── Aggregates: exact DECIMAL sums of the rounded line profits; NULL keys are their own group ──────────────────
CREATE VIEW profit_by_year AS
SELECT order_year, CAST(sum(profit) AS DECIMAL(18, 2)) AS profit, count(*) AS order_lines
FROM enriched_orders GROUP BY ALL;
CREATE VIEW profit_by_category AS
SELECT category, CAST(sum(profit) AS DECIMAL(18, 2)) AS profit, count(*) AS order_lines
FROM enriched_orders GROUP BY ALL;
CREATE VIEW profit_by_sub_category AS
SELECT category, sub_category, CAST(sum(profit) AS DECIMAL(18, 2)) AS profit, count(*) AS order_lines
FROM enriched_orders GROUP BY ALL;
CREATE VIEW profit_by_customer AS
SELECT customer_id, customer_name, CAST(sum(profit) AS DECIMAL(18, 2)) AS profit, count(*) AS order_lines
FROM enriched_orders GROUP BY ALL;
CREATE VIEW profit_summary AS
SELECT order_year, category, sub_category, customer_id, customer_name,
  CAST(sum(profit) AS DECIMAL(18, 2)) AS profit, count(*) AS order_lines
FROM enriched_orders GROUP BY ALL;

-- ── quality.json: rows read / written / rejected by reason, fixes and counts, as ecomflow reports them ──────────
CREATE TEMP TABLE fix_counts AS
WITH
  customer_cells AS (
    SELECT k.customer_id AS raw_value, c.customer_id AS clean_value, 'customer_id.trim' AS rule
      FROM customers_keyed k JOIN enriched_customers c USING (source_row)
    UNION ALL SELECT k.customer_name, c.customer_name, 'name.clean'
      FROM customers_keyed k JOIN enriched_customers c USING (source_row)
    UNION ALL SELECT k.email, c.email, 'email.validate' FROM customers_keyed k JOIN enriched_customers c USING (source_row)
    UNION ALL SELECT k.phone, c.phone, 'phone.normalise' FROM customers_keyed k JOIN enriched_customers c USING (source_row)
    UNION ALL SELECT k.segment, c.segment, 'segment.trim' FROM customers_keyed k JOIN enriched_customers c USING (source_row)
    UNION ALL SELECT k.country, c.country, 'country.trim' FROM customers_keyed k JOIN enriched_customers c USING (source_row)
    UNION ALL SELECT k.city, c.city, 'city.trim' FROM customers_keyed k JOIN enriched_customers c USING (source_row)
    UNION ALL SELECT k.state, c.state, 'state.trim' FROM customers_keyed k JOIN enriched_customers c USING (source_row)
    UNION ALL SELECT k.postal_code, c.postal_code, 'postal_code.normalise'
      FROM customers_keyed k JOIN enriched_customers c USING (source_row)
    UNION ALL SELECT k.region, c.region, 'region.trim' FROM customers_keyed k JOIN enriched_customers c USING (source_row)),
  product_cells AS (
    SELECT k.product_id AS raw_value, p.product_id AS clean_value, 'product_id.trim' AS rule
      FROM products_keyed k JOIN enriched_products p USING (source_row)
    UNION ALL SELECT k.category, p.category, 'category.trim' FROM products_keyed k JOIN enriched_products p USING (source_row)
    UNION ALL SELECT k.sub_category, p.sub_category, 'sub_category.trim'
      FROM products_keyed k JOIN enriched_products p USING (source_row)
    UNION ALL SELECT k.product_name, p.product_name, 'product_name.trim'
      FROM products_keyed k JOIN enriched_products p USING (source_row)
    UNION ALL SELECT k.state, p.state, 'state.trim' FROM products_keyed k JOIN enriched_products p USING (source_row)),
  -- as ecomflow counts them: a cleaned price and a rounded profit count only on kept lines
  order_counts AS (
    SELECT
      count(*) FILTER (WHERE price_cleaned AND rule IS NULL) AS cleaned,
      count(*) FILTER (WHERE profit_rounded AND rule IS NULL) AS rounded
    FROM orders)
SELECT 'customers' AS table_name, rule,
  count(*) FILTER (WHERE raw_value IS NOT NULL AND clean_value IS NOT NULL AND clean_value <> raw_value) AS changed,
  count(*) FILTER (WHERE raw_value IS NOT NULL AND clean_value IS NULL) AS nulled
FROM customer_cells GROUP BY rule
UNION ALL
SELECT 'products', rule,
  count(*) FILTER (WHERE raw_value IS NOT NULL AND clean_value IS NOT NULL AND clean_value <> raw_value),
  count(*) FILTER (WHERE raw_value IS NOT NULL AND clean_value IS NULL)
FROM product_cells GROUP BY rule
UNION ALL
SELECT 'products', 'price.clean',
  count(*) FILTER (WHERE price_plain IS NULL AND price IS NOT NULL),
  count(*) FILTER (WHERE price_per_product IS NOT NULL AND price IS NULL)
FROM products_keyed WHERE key IS NOT NULL AND source_row = first_row
UNION ALL
SELECT 'orders', 'price.stray_characters', cleaned, 0 FROM order_counts
UNION ALL
SELECT 'orders', 'profit.round_2dp', rounded, 0 FROM order_counts;

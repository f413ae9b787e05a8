-- Reference implementation, part 2: raw tables → enriched tables, rejects, aggregates and fix counts, in DuckDB
-- SQL only, from the documented rules (CONTRACT.md, src/schemas/*.ts descriptions, the rules' doc comments).
-- Needs the macros of rules.sql and three views over a warehouse's raw Parquet: raw_customers, raw_products,
-- raw_orders (all columns VARCHAR plus source_row BIGINT). "File order" is source_row order.
-- Produces: ref_customers, ref_products, ref_orders; ref_rejects_customers / _products / _orders (source_row, rule);
-- ref_profit_by_year, ref_profit_by_category, ref_profit_by_sub_category, ref_profit_by_customer,
-- ref_profit_summary; ref_fixes (table_name, rule, changed, nulled).

-- ── Decimal text, once per distinct value ────────────────────────────────────────────────────────────────────
CREATE OR REPLACE TEMP TABLE decimal_source AS
SELECT DISTINCT t FROM (
  SELECT price AS t FROM raw_orders UNION ALL SELECT discount FROM raw_orders UNION ALL SELECT profit FROM raw_orders
  UNION ALL SELECT price_per_product FROM raw_products
) WHERE t IS NOT NULL;

-- Stray characters off a price, one step per layer: edges (quotes, % $ € £, whitespace), then a sign standing
-- before a stray symbol, then well-formed thousands commas. `stripped` is NULL when nothing was removed or the
-- commas are malformed (then the text is not a price).
CREATE OR REPLACE TEMP TABLE decimal_stripped AS
WITH
  s1 AS (SELECT t, stray_prefix(t) AS pre FROM decimal_source),
  s2 AS (SELECT t, pre, substr(t, length(pre) + 1) AS rest FROM s1),
  s3 AS (SELECT t, pre, rest, stray_suffix(rest) AS suf FROM s2),
  s4 AS (SELECT t, left(rest, length(rest) - length(suf)) AS core, has_stray(pre) OR has_stray(suf) AS removed FROM s3),
  s5 AS (
    SELECT t, core, removed,
      regexp_matches(core, '^[+-][%$€£"''\x{2018}\x{2019}\x{201C}\x{201D}]') AS signed
    FROM s4),
  s6 AS (
    SELECT t, removed OR signed AS removed,
      CASE WHEN signed THEN left(core, 1) ELSE '' END AS sgn,
      CASE WHEN signed THEN substr(substr(core, 2), length(stray_prefix(substr(core, 2))) + 1) ELSE core END AS core
    FROM s5),
  s7 AS (
    SELECT t, removed, sgn, core,
      CASE WHEN regexp_matches(core, '^[+-]') THEN left(core, 1) ELSE '' END AS csign
    FROM s6),
  s8 AS (SELECT t, removed, sgn, core, csign, substr(core, length(csign) + 1) AS unsigned FROM s7),
  s9 AS (SELECT t, removed, sgn, core, csign, unsigned, regexp_extract(unsigned, '^[^.eE]*') AS ipart FROM s8)
SELECT t,
  CASE
    WHEN contains(core, ',') THEN
      CASE WHEN regexp_matches(ipart, '^[0-9]{1,3}(?:,[0-9]{3})+$')
           THEN sgn || csign || replace(ipart, ',', '') || substr(unsigned, length(ipart) + 1) END
    WHEN removed THEN sgn || core
  END AS stripped
FROM s9;

-- Every text to parse: the values themselves and their stripped forms.
-- Parsing: validate the syntax, move the decimal point by the exponent (as text), TRUNCATE to one digit past the
-- target scale (so DuckDB's decimal cast cannot round first), then round once with DuckDB's DECIMAL round, which
-- rounds half away from zero; NULL beyond DECIMAL(18, scale).
CREATE OR REPLACE TEMP TABLE decimal_values AS
WITH
  texts AS (SELECT t FROM decimal_source UNION SELECT stripped FROM decimal_stripped WHERE stripped IS NOT NULL),
  p1 AS (SELECT t, decimal_parts(t) AS p FROM texts WHERE is_decimal_text(t)),
  p2 AS (SELECT t, p.sgn AS sgn, p.int AS int, p.frac AS frac, exponent_value(p.exp) AS e FROM p1),
  p3 AS (SELECT t, sgn, ltrim(int || frac, '0') AS sig,
                length(int) + e - (length(int || frac) - length(ltrim(int || frac, '0'))) AS point FROM p2),
  p4 AS (SELECT t, plain_truncated(sgn, sig, point, 3) AS t3, plain_truncated(sgn, sig, point, 5) AS t5 FROM p3),
  p5 AS (SELECT t, round(TRY_CAST(t3 AS DECIMAL(38, 3)), 2) AS r2, round(TRY_CAST(t5 AS DECIMAL(38, 5)), 4) AS r4 FROM p4)
SELECT t,
  CASE WHEN abs(r2) < 10000000000000000 THEN CAST(r2 AS DECIMAL(18, 2)) END AS d2,
  CASE WHEN abs(r4) < 100000000000000 THEN CAST(r4 AS DECIMAL(18, 4)) END AS d4
FROM p5;

-- Direct and lenient (stray characters removed) values of every source text.
CREATE OR REPLACE TEMP TABLE decimals AS
SELECT s.t,
  v.d2, v.d4,
  coalesce(v.d2, w.d2) AS lenient2, v.d2 IS NULL AND w.d2 IS NOT NULL AS cleaned2,
  coalesce(v.d4, w.d4) AS lenient4, v.d4 IS NULL AND w.d4 IS NOT NULL AS cleaned4,
  -- profit.round_2dp counts texts with a non-zero digit past 2 places of a point (not in exponent form)
  strpos(s.t, '.') > 0 AND NOT regexp_matches(s.t, '[eE]') AND regexp_matches(substr(s.t, strpos(s.t, '.') + 3), '[1-9]')
    AS beyond_2dp
FROM decimal_stripped s
LEFT JOIN decimal_values v ON v.t = s.t
LEFT JOIN decimal_values w ON w.t = s.stripped;

-- ── Customers ────────────────────────────────────────────────────────────────────────────────────────────────
CREATE OR REPLACE TEMP TABLE customers_keyed AS
SELECT *, trim_rule(customer_id) AS key,
  row_number() OVER (PARTITION BY trim_rule(customer_id) ORDER BY source_row) AS nth
FROM raw_customers;

CREATE OR REPLACE TABLE ref_rejects_customers AS
SELECT source_row, CASE WHEN key IS NULL THEN 'customer.missing_id' ELSE 'customer.duplicate_id' END AS rule
FROM customers_keyed WHERE key IS NULL OR nth > 1;

CREATE OR REPLACE TABLE ref_customers AS
SELECT
  key AS customer_id,
  clean_name(customer_name) AS customer_name,
  validate_email(email) AS email,
  normalise_phone(phone) AS phone,
  address,
  trim_rule(segment) AS segment,
  trim_rule(country) AS country,
  trim_rule(city) AS city,
  trim_rule(state) AS state,
  normalise_postal(postal_code) AS postal_code,
  trim_rule(region) AS region,
  source_row
FROM customers_keyed WHERE key IS NOT NULL AND nth = 1;

-- ── Products ─────────────────────────────────────────────────────────────────────────────────────────────────
CREATE OR REPLACE TEMP TABLE products_keyed AS
SELECT *, trim_rule(product_id) AS key,
  row_number() OVER (PARTITION BY trim_rule(product_id) ORDER BY source_row) AS nth
FROM raw_products;

CREATE OR REPLACE TABLE ref_rejects_products AS
SELECT source_row, CASE WHEN key IS NULL THEN 'product.missing_id' ELSE 'product.duplicate_id' END AS rule
FROM products_keyed WHERE key IS NULL OR nth > 1;

CREATE OR REPLACE TEMP TABLE products_kept AS
SELECT p.*, d.lenient4 AS price, d.cleaned4 AS price_cleaned
FROM products_keyed p LEFT JOIN decimals d ON d.t = p.price_per_product
WHERE p.key IS NOT NULL AND p.nth = 1;

CREATE OR REPLACE TABLE ref_products AS
SELECT
  key AS product_id,
  trim_rule(category) AS category,
  trim_rule(sub_category) AS sub_category,
  trim_rule(product_name) AS product_name,
  trim_rule(state) AS state,
  price AS price_per_product,
  source_row
FROM products_kept;

-- ── Orders ───────────────────────────────────────────────────────────────────────────────────────────────────
CREATE OR REPLACE TEMP TABLE order_values AS
SELECT o.source_row,
  o.row_id, parse_integer(o.row_id) AS rid,
  o.order_id, o.ship_mode, o.customer_id, o.product_id,
  o.order_date, parse_date(o.order_date) AS od,
  o.ship_date, parse_date(o.ship_date) AS sd,
  CASE WHEN abs(parse_integer(o.quantity)) <= 2147483647 THEN CAST(parse_integer(o.quantity) AS INTEGER) END AS qty,
  o.discount, dd.d4 AS disc,
  o.price, dp.lenient2 AS price2, coalesce(dp.cleaned2, false) AS price_cleaned,
  o.profit, df.d2 AS prof, coalesce(df.beyond_2dp, false) AS profit_rounded
FROM raw_orders o
LEFT JOIN decimals dd ON dd.t = o.discount
LEFT JOIN decimals dp ON dp.t = o.price
LEFT JOIN decimals df ON df.t = o.profit;

-- Every rule but the duplicate check, in the order the rules are applied; NULL = the line is usable.
CREATE OR REPLACE TEMP TABLE order_checked AS
SELECT *,
  CASE
    WHEN row_id IS NULL OR js_trim(row_id) = '' THEN 'order.missing_row_id'
    WHEN rid IS NULL THEN 'order.bad_row_id'
  END AS id_rule,
  CASE
    WHEN order_date IS NULL THEN 'order.missing_order_date'
    WHEN od IS NULL THEN 'order.bad_order_date'
    WHEN ship_date IS NOT NULL AND sd IS NULL THEN 'order.bad_ship_date'
    WHEN qty IS NULL THEN 'order.bad_quantity'
    WHEN qty <= 0 THEN 'order.nonpositive_quantity'
    WHEN discount IS NOT NULL AND disc IS NULL THEN 'order.bad_discount'
    WHEN disc < 0 OR disc > 1 THEN 'order.discount_out_of_range'
    WHEN price IS NOT NULL AND price2 IS NULL THEN 'order.bad_price'
    WHEN profit IS NULL THEN 'order.missing_profit'
    WHEN prof IS NULL THEN 'order.bad_profit'
  END AS value_rule
FROM order_values;

-- A Row ID already used by an earlier usable line (in file order) rejects the line, right after the Row ID checks
-- (so it wins over any later rule): `order.duplicate_line` when every raw column (all but source_row, extra
-- columns included, null = null) equals that first line's, else `order.conflicting_row_id`.
CREATE OR REPLACE TEMP TABLE order_lines AS
SELECT source_row, to_json(struct_pack(*COLUMNS(* EXCLUDE (source_row)))) AS line FROM raw_orders;

CREATE OR REPLACE TEMP TABLE order_first_usable AS
SELECT rid, min(source_row) AS first_row
FROM order_checked WHERE id_rule IS NULL AND value_rule IS NULL GROUP BY rid;

CREATE OR REPLACE TEMP TABLE order_ruled AS
SELECT c.*,
  coalesce(c.id_rule,
    CASE
      WHEN f.first_row < c.source_row AND l.line = fl.line THEN 'order.duplicate_line'
      WHEN f.first_row < c.source_row THEN 'order.conflicting_row_id'
    END,
    c.value_rule) AS rule
FROM order_checked c
LEFT JOIN order_first_usable f ON f.rid = c.rid
LEFT JOIN order_lines l ON l.source_row = c.source_row
LEFT JOIN order_lines fl ON fl.source_row = f.first_row;

CREATE OR REPLACE TABLE ref_rejects_orders AS
SELECT source_row, rule FROM order_ruled WHERE rule IS NOT NULL;

CREATE OR REPLACE TABLE ref_orders AS
SELECT
  CAST(o.rid AS BIGINT) AS row_id,
  trim_rule(o.order_id) AS order_id,
  o.od AS order_date,
  o.sd AS ship_date,
  trim_rule(o.ship_mode) AS ship_mode,
  trim_rule(o.customer_id) AS customer_id,
  trim_rule(o.product_id) AS product_id,
  o.qty AS quantity,
  o.price2 AS price,
  o.disc AS discount,
  o.prof AS profit,
  c.customer_name,
  c.country,
  p.category,
  p.sub_category,
  CAST(year(o.od) AS INTEGER) AS order_year,
  o.source_row
FROM order_ruled o
LEFT JOIN ref_customers c ON c.customer_id = trim_rule(o.customer_id)
LEFT JOIN ref_products p ON p.product_id = trim_rule(o.product_id)
WHERE o.rule IS NULL;

-- ── Aggregates: exact sums of the rounded line profits; NULL keys are their own group ───────────────────────
CREATE OR REPLACE TABLE ref_profit_by_year AS
SELECT order_year, CAST(sum(profit) AS DECIMAL(18, 2)) AS profit, count(*) AS order_lines
FROM ref_orders GROUP BY ALL;
CREATE OR REPLACE TABLE ref_profit_by_category AS
SELECT category, CAST(sum(profit) AS DECIMAL(18, 2)) AS profit, count(*) AS order_lines
FROM ref_orders GROUP BY ALL;
CREATE OR REPLACE TABLE ref_profit_by_sub_category AS
SELECT category, sub_category, CAST(sum(profit) AS DECIMAL(18, 2)) AS profit, count(*) AS order_lines
FROM ref_orders GROUP BY ALL;
CREATE OR REPLACE TABLE ref_profit_by_customer AS
SELECT customer_id, customer_name, CAST(sum(profit) AS DECIMAL(18, 2)) AS profit, count(*) AS order_lines
FROM ref_orders GROUP BY ALL;
CREATE OR REPLACE TABLE ref_profit_summary AS
SELECT order_year, category, sub_category, customer_id, customer_name,
  CAST(sum(profit) AS DECIMAL(18, 2)) AS profit, count(*) AS order_lines
FROM ref_orders GROUP BY ALL;

-- ── Fix counts (quality.json → <table>.fixes): per rule, kept rows whose value it changed or nulled ──────────
CREATE OR REPLACE TABLE ref_fixes AS
WITH
  customer_cells AS (
    SELECT k.customer_id AS raw_value, c.customer_id AS clean_value, 'customer_id.trim' AS rule
      FROM customers_keyed k JOIN ref_customers c USING (source_row)
    UNION ALL SELECT k.customer_name, c.customer_name, 'name.clean' FROM customers_keyed k JOIN ref_customers c USING (source_row)
    UNION ALL SELECT k.email, c.email, 'email.validate' FROM customers_keyed k JOIN ref_customers c USING (source_row)
    UNION ALL SELECT k.phone, c.phone, 'phone.normalise' FROM customers_keyed k JOIN ref_customers c USING (source_row)
    UNION ALL SELECT k.segment, c.segment, 'segment.trim' FROM customers_keyed k JOIN ref_customers c USING (source_row)
    UNION ALL SELECT k.country, c.country, 'country.trim' FROM customers_keyed k JOIN ref_customers c USING (source_row)
    UNION ALL SELECT k.city, c.city, 'city.trim' FROM customers_keyed k JOIN ref_customers c USING (source_row)
    UNION ALL SELECT k.state, c.state, 'state.trim' FROM customers_keyed k JOIN ref_customers c USING (source_row)
    UNION ALL SELECT k.postal_code, c.postal_code, 'postal_code.normalise' FROM customers_keyed k JOIN ref_customers c USING (source_row)
    UNION ALL SELECT k.region, c.region, 'region.trim' FROM customers_keyed k JOIN ref_customers c USING (source_row)
  ),
  product_cells AS (
    SELECT k.product_id AS raw_value, p.product_id AS clean_value, 'product_id.trim' AS rule
      FROM products_keyed k JOIN ref_products p USING (source_row)
    UNION ALL SELECT k.category, p.category, 'category.trim' FROM products_keyed k JOIN ref_products p USING (source_row)
    UNION ALL SELECT k.sub_category, p.sub_category, 'sub_category.trim' FROM products_keyed k JOIN ref_products p USING (source_row)
    UNION ALL SELECT k.product_name, p.product_name, 'product_name.trim' FROM products_keyed k JOIN ref_products p USING (source_row)
    UNION ALL SELECT k.state, p.state, 'state.trim' FROM products_keyed k JOIN ref_products p USING (source_row)
  ),
  counted AS (
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
      count(*) FILTER (WHERE price_cleaned),
      count(*) FILTER (WHERE price_per_product IS NOT NULL AND price IS NULL)
    FROM products_kept
    UNION ALL
    SELECT 'orders', 'price.stray_characters', count(*) FILTER (WHERE price_cleaned), 0 FROM order_ruled WHERE rule IS NULL
    UNION ALL
    SELECT 'orders', 'profit.round_2dp', count(*) FILTER (WHERE profit_rounded), 0 FROM order_ruled WHERE rule IS NULL
  )
SELECT table_name, rule, changed, nulled FROM counted WHERE changed + nulled > 0;

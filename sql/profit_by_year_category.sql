-- Profit by year and product category. Lines whose product is unknown form their own group
-- (category null), listed last in each year.
-- Columns: order_year, category, profit (DECIMAL, 2 places).
select
    order_year,
    category,
    cast(sum(profit) as decimal(18, 2)) as profit
from enriched.orders
group by order_year, category
order by order_year nulls last, category nulls last

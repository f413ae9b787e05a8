-- Profit by year: the exact sum of the rounded line profits of each order year.
-- Columns: order_year, profit (DECIMAL, 2 places). One row per order year, oldest first.
select
    order_year,
    cast(sum(profit) as decimal(18, 2)) as profit
from enriched.orders
group by order_year
order by order_year nulls last

-- Profit by customer and order year, by customer_id then year.
-- Columns: customer_id, customer_name, order_year, profit (DECIMAL, 2 places).
select
    customer_id,
    customer_name,
    order_year,
    cast(sum(profit) as decimal(18, 2)) as profit
from enriched.orders
group by customer_id, customer_name, order_year
order by customer_id nulls last, customer_name nulls last, order_year nulls last

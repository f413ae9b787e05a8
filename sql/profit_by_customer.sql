-- Profit by customer, most profitable first (ties by customer_id). An order line whose customer is
-- unknown keeps its customer_id, with customer_name null.
-- Columns: customer_id, customer_name, profit (DECIMAL, 2 places).
select
    customer_id,
    customer_name,
    cast(sum(profit) as decimal(18, 2)) as profit
from enriched.orders
group by customer_id, customer_name
order by profit desc, customer_id nulls last, customer_name nulls last

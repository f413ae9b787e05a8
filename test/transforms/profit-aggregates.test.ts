import { describe, expect, it } from 'vitest';
import {
  cleanCustomers,
  cleanProducts,
  enrichOrders,
  profitAggregates,
  rawCustomers,
  rawOrders,
  rawProducts,
  tableRows,
} from '../../src/index.js';
import { bigintColumn } from '../../src/table/columns.js';
import type { Table } from '../../src/table/table.js';
import { rawTable } from '../helpers/raw-table.js';

const customers = cleanCustomers(
  rawTable(rawCustomers, [{ 'Customer ID': 'C1', 'Customer Name': 'Ann', Country: 'US' }]),
).table;
const products = cleanProducts(
  rawTable(rawProducts, [{ 'Product ID': 'P1', Category: 'Furniture', 'Sub-Category': 'Chairs' }]),
).table;
const line = (id: number, date: string, customer: string, product: string, profit: string) => ({
  'Row ID': String(id),
  'Order ID': 'O1',
  'Order Date': date,
  'Customer ID': customer,
  'Product ID': product,
  Quantity: '1',
  Profit: profit,
});
const orders = enrichOrders(
  rawTable(rawOrders, [
    line(1, '1/1/2016', 'C1', 'P1', '0.10'),
    line(2, '2/1/2016', 'C1', 'P1', '0.20'),
    line(3, '1/1/2017', 'C1', 'NOPE', '-5.005'),
    line(4, '1/1/2017', 'NOPE', 'P1', '100'),
  ]),
  { customers, products },
).table;

describe('profitAggregates', () => {
  const a = profitAggregates(orders);

  it('sums exact profit by year, category, sub-category and customer, with null groups kept', () => {
    expect(tableRows(a.profit_by_year)).toEqual([
      { order_year: 2016, profit: '0.30', order_lines: 2n },
      { order_year: 2017, profit: '94.99', order_lines: 2n },
    ]);
    expect(tableRows(a.profit_by_category)).toEqual([
      { category: 'Furniture', profit: '100.30', order_lines: 3n },
      { category: null, profit: '-5.01', order_lines: 1n },
    ]);
    expect(tableRows(a.profit_by_customer)).toEqual([
      { customer_id: 'C1', customer_name: 'Ann', profit: '-4.71', order_lines: 3n },
      { customer_id: 'NOPE', customer_name: null, profit: '100.00', order_lines: 1n },
    ]);
    expect(a.profit_summary.numRows).toBe(3); // the two 2016 lines share every key
  });

  it('reconciles: every aggregate totals the profit of the order lines', () => {
    const total = bigintColumn(orders, 'profit').values.reduce((s, v) => s + v, 0n);
    for (const t of Object.values<Table>(a)) {
      expect(bigintColumn(t, 'profit').values.reduce((s, v) => s + v, 0n)).toBe(total);
    }
  });
});

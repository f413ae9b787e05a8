import { describe, expect, it } from 'vitest';
import {
  cleanCustomers,
  cleanProducts,
  enrichOrders,
  rawCustomers,
  rawOrders,
  rawProducts,
  tableRows,
} from '../../src/index.js';
import { formatDay } from '../../src/transforms/values/day-month-year.js';
import { rawTable } from '../helpers/raw-table.js';

const customers = cleanCustomers(
  rawTable(rawCustomers, [
    { 'Customer ID': 'C1', 'Customer Name': 'Gary567 Hansen', Country: 'United States' },
    { 'Customer ID': 'C2', 'Customer Name': 'Peter Bühler', Country: 'Germany' },
  ]),
).table;
const products = cleanProducts(
  rawTable(rawProducts, [
    { 'Product ID': 'P1', Category: 'Furniture', 'Sub-Category': 'Chairs' },
    { 'Product ID': 'P1', Category: 'Furniture', 'Sub-Category': 'Chairs', 'Product Name': 'dup' },
    { 'Product ID': 'P2', Category: 'Technology', 'Sub-Category': 'Phones' },
  ]),
).table;

const line = (rowId: string | null, more: Record<string, string | null> = {}): Record<string, string | null> => ({
  'Row ID': rowId,
  'Order ID': 'CA-2016-1',
  'Order Date': '21/8/2016',
  'Ship Date': '25/8/2016',
  'Ship Mode': 'Standard Class',
  'Customer ID': 'C1',
  'Product ID': 'P1',
  Quantity: '7',
  Price: '573.17',
  Discount: '0.3',
  Profit: '63.69',
  ...more,
});

describe('enrichOrders', () => {
  it('types a line, rounds profit half away from zero and joins customer and product', () => {
    const raw = rawTable(rawOrders, [
      line('1'),
      line('2', { Profit: '2.345', 'Customer ID': ' C2 ', 'Product ID': 'P2', Price: '4797%' }),
    ]);
    const { table, rejects, fixes, unknownCustomers, unknownProducts } = enrichOrders(raw, { customers, products });
    expect(rejects).toEqual([]);
    const rows = tableRows(table);
    expect(rows[0]).toEqual({
      row_id: 1n,
      order_id: 'CA-2016-1',
      order_date: Date.UTC(2016, 7, 21),
      ship_date: Date.UTC(2016, 7, 25),
      ship_mode: 'Standard Class',
      customer_id: 'C1',
      product_id: 'P1',
      quantity: 7,
      price: '573.17',
      discount: '0.3000',
      profit: '63.69',
      customer_name: 'Gary Hansen',
      country: 'United States',
      category: 'Furniture',
      sub_category: 'Chairs',
      order_year: 2016,
      source_row: 1n,
    });
    expect(rows[1]).toMatchObject({
      profit: '2.35',
      price: '4797.00',
      customer_id: 'C2',
      customer_name: 'Peter Bühler',
      country: 'Germany',
      category: 'Technology',
    });
    expect(fixes).toEqual({
      'price.stray_characters': { changed: 1, nulled: 0 },
      'profit.round_2dp': { changed: 1, nulled: 0 },
    });
    expect([unknownCustomers, unknownProducts]).toEqual([0, 0]);
  });

  it('counts a fix only on lines that reach enriched: a cleaned price on a line rejected later is not a fix', () => {
    const raw = rawTable(rawOrders, [
      line('1', { Price: '4797%', Profit: 'oops' }),
      line('2', { Price: '$12.50', Profit: '1.005' }),
      line('3', { Price: '$9', 'Order Date': '31/2/2016' }),
    ]);
    const { table, rejects, fixes } = enrichOrders(raw, { customers, products });
    expect(rejects.map((r) => r.rule)).toEqual(['order.bad_profit', 'order.bad_order_date']);
    expect(table.numRows).toBe(1);
    expect(fixes).toEqual({
      'price.stray_characters': { changed: 1, nulled: 0 },
      'profit.round_2dp': { changed: 1, nulled: 0 },
    });
  });

  it('rounds ties away from zero in both directions', () => {
    const profits = ['2.345', '-2.345', '1.005', '0.125', '-0.005', '-0.004', '12.5'];
    const raw = rawTable(
      rawOrders,
      profits.map((p, i) => line(String(i + 1), { Profit: p })),
    );
    const got = tableRows(enrichOrders(raw, { customers, products }).table).map((r) => r['profit']);
    expect(got).toEqual(['2.35', '-2.35', '1.01', '0.13', '-0.01', '0.00', '12.50']);
  });

  it('keeps lines whose customer or product is unknown, with null names, and counts them', () => {
    const raw = rawTable(rawOrders, [
      line('1', { 'Customer ID': 'NOPE' }),
      line('2', { 'Product ID': 'NOPE' }),
      line('3', { 'Product ID': null }),
    ]);
    const r = enrichOrders(raw, { customers, products });
    expect(tableRows(r.table).map((x) => [x['customer_name'], x['category']])).toEqual([
      [null, 'Furniture'],
      ['Gary Hansen', null],
      ['Gary Hansen', null],
    ]);
    expect([r.unknownCustomers, r.unknownProducts]).toEqual([1, 2]);
  });

  it('never deduplicates on order_id: every line of an order is kept', () => {
    const raw = rawTable(rawOrders, [line('1'), line('2'), line('3')]);
    expect(enrichOrders(raw, { customers, products }).table.numRows).toBe(3);
  });

  it('rejects unusable lines with their source row, column, value and rule', () => {
    const raw = rawTable(rawOrders, [
      line(null),
      line('x1'),
      line('3', { 'Order Date': '31/2/2016' }),
      line('4', { 'Ship Date': '2016-13-45' }),
      line('5', { Quantity: 'three' }),
      line('6', { Profit: 'n/a' }),
      line('7', { Profit: null }),
      line('8', { Price: 'abc' }),
      line('9', { Discount: 'lots' }),
      line('10', { 'Order Date': null }),
      line('11'),
      line('11', { Profit: '1' }),
      line('11'),
    ]);
    const r = enrichOrders(raw, { customers, products });
    expect(r.rejects.map((x) => [x.sourceRow, x.column, x.value, x.rule])).toEqual([
      [1, 'row_id', null, 'order.missing_row_id'],
      [2, 'row_id', 'x1', 'order.bad_row_id'],
      [3, 'order_date', '31/2/2016', 'order.bad_order_date'],
      [4, 'ship_date', '2016-13-45', 'order.bad_ship_date'],
      [5, 'quantity', 'three', 'order.bad_quantity'],
      [6, 'profit', 'n/a', 'order.bad_profit'],
      [7, 'profit', null, 'order.missing_profit'],
      [8, 'price', 'abc', 'order.bad_price'],
      [9, 'discount', 'lots', 'order.bad_discount'],
      [10, 'order_date', null, 'order.missing_order_date'],
      [12, 'row_id', '11', 'order.conflicting_row_id'],
      [13, null, null, 'order.duplicate_line'],
    ]);
    expect(tableRows(r.table).map((x) => x['row_id'])).toEqual([11n]);
    expect(r.table.numRows + r.rejects.length).toBe(raw.numRows);
  });

  it('rejects a quantity that is not positive and a discount outside [0, 1], naming column and value', () => {
    const quantities = ['1', '14', '+3', '3.0', '0', '-2', '-0'];
    const discounts = ['0', '0.8', '1', '1.00004', '-0.00004', '1.5', '-0.2', '1.00005', '100', '2e0'];
    const raw = rawTable(rawOrders, [
      ...quantities.map((q, i) => line(String(i + 1), { Quantity: q })),
      ...discounts.map((d, i) => line(String(100 + i), { Discount: d })),
      line('200', { Discount: null }),
      // the first rule broken is the reason: a bad quantity is reported before a bad discount
      line('201', { Quantity: '-1', Discount: '7' }),
    ]);
    const r = enrichOrders(raw, { customers, products });
    expect(r.rejects.map((x) => [x.sourceRow, x.column, x.value, x.rule, x.message])).toEqual([
      [5, 'quantity', '0', 'order.nonpositive_quantity', 'Quantity "0" is not a positive number of items'],
      [6, 'quantity', '-2', 'order.nonpositive_quantity', 'Quantity "-2" is not a positive number of items'],
      [7, 'quantity', '-0', 'order.nonpositive_quantity', 'Quantity "-0" is not a positive number of items'],
      [13, 'discount', '1.5', 'order.discount_out_of_range', 'Discount "1.5" is not a fraction between 0 and 1'],
      [14, 'discount', '-0.2', 'order.discount_out_of_range', 'Discount "-0.2" is not a fraction between 0 and 1'],
      [
        15,
        'discount',
        '1.00005',
        'order.discount_out_of_range',
        'Discount "1.00005" is not a fraction between 0 and 1',
      ],
      [16, 'discount', '100', 'order.discount_out_of_range', 'Discount "100" is not a fraction between 0 and 1'],
      [17, 'discount', '2e0', 'order.discount_out_of_range', 'Discount "2e0" is not a fraction between 0 and 1'],
      [19, 'quantity', '-1', 'order.nonpositive_quantity', 'Quantity "-1" is not a positive number of items'],
    ]);
    const kept = tableRows(r.table);
    expect(kept.slice(0, 4).map((x) => x['quantity'])).toEqual([1, 14, 3, 3]);
    // stored at 4 places: 1.00004 is 1.0000 and -0.00004 is 0.0000, both in range
    expect(kept.slice(4).map((x) => x['discount'])).toEqual(['0.0000', '0.8000', '1.0000', '1.0000', '0.0000', null]);
    expect(kept.length + r.rejects.length).toBe(raw.numRows);
  });

  it('parses d/m/yyyy dates with one- and two-digit parts, and the order year', () => {
    const raw = rawTable(rawOrders, [
      line('1', { 'Order Date': '1/1/2014', 'Ship Date': null }),
      line('2', { 'Order Date': '31/12/2017' }),
    ]);
    const rows = tableRows(enrichOrders(raw, { customers, products }).table);
    expect(
      rows.map((r) => [formatDay((r['order_date'] as number) / 86400000), r['ship_date'], r['order_year']]),
    ).toEqual([
      ['2014-01-01', null, 2014],
      ['2017-12-31', Date.UTC(2016, 7, 25), 2017],
    ]);
  });
});

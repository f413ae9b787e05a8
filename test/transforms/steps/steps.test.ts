import { describe, expect, it } from 'vitest';
import { cleanCustomers, cleanProducts, rawCustomers, rawOrders, rawProducts, tableRows } from '../../../src/index.js';
import { SeenLines } from '../../../src/transforms/seen-lines.js';
import {
  addOrderYear,
  dedupeLines,
  lineColumnsOf,
  lookupCustomer,
  lookupProduct,
  stageOrders,
} from '../../../src/transforms/steps/index.js';
import { rawTable } from '../../helpers/raw-table.js';

const line = (rowId: string, more: Record<string, string | null> = {}): Record<string, string | null> => ({
  'Row ID': rowId,
  'Order ID': 'O-1',
  'Order Date': '21/8/2016',
  'Customer ID': 'C1',
  'Product ID': 'P1',
  Quantity: '1',
  Profit: '1.005',
  ...more,
});
const stage = (rows: Record<string, string | null>[]) => {
  const raw = rawTable(rawOrders, rows);
  return stageOrders(raw, { lineColumns: lineColumnsOf(raw) });
};

describe('stage_orders + dedupe_lines', () => {
  it('rejects a later line of a kept row id as a duplicate or conflict, even when its own values are bad', () => {
    const { rejects, table } = dedupeLines(
      stage([line('1'), line('1'), line('1', { 'Order Date': 'x' }), line('2', { Quantity: '0' }), line('2')]),
    );
    expect(rejects.map((r) => [r.sourceRow, r.rule])).toEqual([
      [2, 'order.duplicate_line'],
      [3, 'order.conflicting_row_id'],
      [4, 'order.nonpositive_quantity'],
    ]);
    expect(tableRows(table).map((r) => r['source_row'])).toEqual([1n, 5n]);
  });

  it('never mutates the SeenLines it reads; the lines it kept come back to be merged', () => {
    const seen = new SeenLines();
    const first = dedupeLines(stage([line('7')]), { seen });
    expect(seen.sourceRow(7)).toBe(-1);
    expect(Array.from(first.seen.ids)).toEqual([7]);
    seen.merge(first.seen);
    const second = dedupeLines(stage([line('7'), line('8')]), { seen });
    expect(second.rejects.map((r) => r.rule)).toEqual(['order.duplicate_line']);
    expect(Array.from(second.seen.ids)).toEqual([8]);
  });
});

describe('lookups and order_year', () => {
  const customers = cleanCustomers(
    rawTable(rawCustomers, [{ 'Customer ID': 'C1', 'Customer Name': 'Ann Lee', Country: 'France' }]),
  ).table;
  const products = cleanProducts(
    rawTable(rawProducts, [{ 'Product ID': 'P1', Category: 'Furniture', 'Sub-Category': 'Chairs' }]),
  ).table;

  it('each adds its columns to the lines (changing the table) and counts unknown keys', () => {
    const lines = dedupeLines(stage([line('1'), line('2', { 'Customer ID': 'C9', 'Product ID': null })])).table;
    const c = lookupCustomer({ lines, customers });
    const p = lookupProduct({ lines: c.table, products });
    const y = addOrderYear({ lines: p.table });
    expect([c.unknown, p.unknown]).toEqual([1, 1]);
    expect(y.schema.names.slice(lines.numCols)).toEqual([
      'customer_name',
      'country',
      'category',
      'sub_category',
      'order_year',
    ]);
    expect(lines.numCols).toBe(12);
    expect(tableRows(y).map((r) => [r['customer_name'], r['category'], r['order_year']])).toEqual([
      ['Ann Lee', 'Furniture', 2016],
      [null, null, 2016],
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { expectAccounted, fixtures, freshOut, makeInput, orderLine, quality, rowsOf, run } from './harness.js';

/** A source order line (or raw JSON text for an element) and the reject it must become (null: kept). */
interface Line {
  readonly json: string;
  /** [column_name, value, rule] of the reject, or null when the line is kept. */
  readonly reject: readonly [string | null, string | null, string] | null;
}

const line = (id: number, overrides: Record<string, unknown> = {}, reject: Line['reject'] = null): Line => ({
  json: JSON.stringify(orderLine(id, overrides)),
  reject,
});

const lines: Line[] = [
  line(1),
  line(2, { 'Order Date': '31/2/2016' }, ['order_date', '31/2/2016', 'order.bad_order_date']),
  line(3, { 'Order Date': '2016-13-45' }, ['order_date', '2016-13-45', 'order.bad_order_date']),
  line(4, { 'Ship Date': '29/2/2015' }, ['ship_date', '29/2/2015', 'order.bad_ship_date']),
  line(5, { 'Order Date': undefined }, ['order_date', null, 'order.missing_order_date']),
  line(6, { Quantity: 'three' }, ['quantity', 'three', 'order.bad_quantity']),
  line(7, { Quantity: 2.5 }, ['quantity', '2.5', 'order.bad_quantity']),
  line(8, { Price: 'abc' }, ['price', 'abc', 'order.bad_price']),
  line(9, { Profit: 'n/a' }, ['profit', 'n/a', 'order.bad_profit']),
  line(10, { Profit: '12%' }, ['profit', '12%', 'order.bad_profit']),
  line(11, { Profit: null }, ['profit', null, 'order.missing_profit']),
  line(12, { Discount: 'lots' }, ['discount', 'lots', 'order.bad_discount']),
  { json: JSON.stringify(orderLine(0, { 'Row ID': undefined })), reject: ['row_id', null, 'order.missing_row_id'] },
  { json: JSON.stringify(orderLine(0, { 'Row ID': '' })), reject: ['row_id', '', 'order.missing_row_id'] },
  { json: JSON.stringify(orderLine(0, { 'Row ID': 'x1' })), reject: ['row_id', 'x1', 'order.bad_row_id'] },
  line(16),
  // the same line exported twice: counted once, the copy reported
  line(16, {}, [null, null, 'order.duplicate_line']),
  // the same Row ID with other content: the first line wins
  line(16, { Profit: 99 }, ['row_id', '16', 'order.conflicting_row_id']),
  { json: '"not an order"', reject: [null, '"not an order"', 'json.not_an_object'] },
  { json: '[1, 2]', reject: [null, '[1, 2]', 'json.not_an_object'] },
  { json: '{"Row ID": 21, "Row ID": 22}', reject: ['Row ID', null, 'json.duplicate_key'] },
  line(22, { Price: '4797%' }),
  line(23, { 'Order Date': '2016-08-21' }),
];

describe('row problems are counted rejects, never crashes', () => {
  it('rejects each bad order line with its row, column, raw value and rule, and keeps the rest', async () => {
    const input = makeInput({ 'Orders.json': `[\n${lines.map((l) => `  ${l.json}`).join(',\n')}\n]` });
    const out = freshOut();
    const r = await run(input, out);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const file = join(input, 'Orders.json');

    const rejects = await rowsOf(out, 'rejects', 'orders');
    const expected = lines.flatMap((l, i) => (l.reject === null ? [] : [[file, String(i + 1), ...l.reject]]));
    expect(rejects.map((x) => [x['source_file'], x['source_row'], x['column_name'], x['value'], x['rule']])).toEqual(
      expected,
    );
    for (const x of rejects) expect(typeof x['message'] === 'string' && x['message'].length > 0).toBe(true);

    const enriched = await rowsOf(out, 'enriched', 'orders');
    const kept = lines.flatMap((l, i) => (l.reject === null ? [String(i + 1)] : []));
    expect(enriched.map((x) => x['source_row'])).toEqual(kept);
    expect(enriched.map((x) => [x['row_id'], x['order_date'], x['price'], x['profit']])).toEqual([
      ['1', '2016-08-21', '81.88', '12.50'],
      ['16', '2016-08-21', '81.88', '12.50'],
      ['22', '2016-08-21', '4797.00', '12.50'],
      ['23', '2016-08-21', '81.88', '12.50'],
    ]);

    // every source line is in exactly one of enriched and rejects
    const all = [...kept, ...rejects.map((x) => String(x['source_row']))].map(Number).sort((a, z) => a - z);
    expect(all).toEqual(lines.map((_, i) => i + 1));
    await expectAccounted(out, { orders: lines.length });

    const q = quality(out).tables.orders;
    expect(q.rejected_by_reason).toEqual({
      'json.duplicate_key': 1,
      'json.not_an_object': 2,
      'order.bad_discount': 1,
      'order.bad_order_date': 2,
      'order.bad_price': 1,
      'order.bad_profit': 2,
      'order.bad_quantity': 2,
      'order.bad_row_id': 1,
      'order.bad_ship_date': 1,
      'order.conflicting_row_id': 1,
      'order.duplicate_line': 1,
      'order.missing_order_date': 1,
      'order.missing_profit': 1,
      'order.missing_row_id': 2,
    });
    expect(r.out).toContain(`  orders     Orders.json      ${lines.length}     4        ${lines.length - 4}\n`);
  });

  it('reports the duplicate with the row it duplicates', async () => {
    const input = makeInput({ 'Orders.json': `[${lines[15]!.json},${lines[16]!.json},${lines[17]!.json}]` });
    const out = freshOut();
    expect((await run(input, out)).code).toBe(0);
    const rejects = await rowsOf(out, 'rejects', 'orders');
    expect(rejects.map((x) => [x['source_row'], x['rule'], x['message']])).toEqual([
      ['2', 'order.duplicate_line', 'exact duplicate of source row 1 (counted once)'],
      [
        '3',
        'order.conflicting_row_id',
        'Row ID 16 already used by source row 1 with different values; the first is kept',
      ],
    ]);
    await expectAccounted(out, { orders: 3 });
    expect((await rowsOf(out, 'enriched', 'orders')).map((x) => x['row_id'])).toEqual(['16']);
  });

  it('rejects CSV records with the wrong number of fields and repeated product ids', async () => {
    const csv = readFileSync(join(fixtures, 'Products.csv'), 'utf8').replace(/\n$/, '');
    const input = makeInput({
      'Products.csv': `${csv}\nOFF-XX-1,Office Supplies\nOFF-XX-2,Office Supplies,Paper,Pad,Texas,1.00,extra\n`,
    });
    const out = freshOut();
    expect((await run(input, out)).code).toBe(0);
    const rejects = await rowsOf(out, 'rejects', 'products');
    const bad = rejects.filter((x) => x['rule'] === 'csv.field_count');
    expect(bad.map((x) => [x['source_file'], x['source_row'], x['value'], x['message']])).toEqual([
      [
        join(input, 'Products.csv'),
        '15',
        'OFF-XX-1,Office Supplies',
        'record 15 (line 16) has 2 fields, the header has 6',
      ],
      [
        join(input, 'Products.csv'),
        '16',
        'OFF-XX-2,Office Supplies,Paper,Pad,Texas,1.00,extra',
        'record 16 (line 17) has 7 fields, the header has 6',
      ],
    ]);
    expect(quality(out).tables.products.rejected_by_reason).toEqual({
      'csv.field_count': 2,
      'product.duplicate_id': 3,
    });
    await expectAccounted(out, { products: 16 });
  });

  it('rejects customers without an id and repeated customer ids', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Customers');
    ws.addRow(['Customer ID', 'Customer Name', 'Country']);
    ws.addRow(['GH-14410', 'Gary Hansen', 'United States']);
    ws.addRow([null, 'No Id', 'United States']);
    ws.addRow(['GH-14410', 'Gary Again', 'United States']);
    ws.addRow(['   ', 'Blank Id', 'United States']);
    const input = makeInput({ 'Customer.xlsx': new Uint8Array(await wb.xlsx.writeBuffer()) });
    const out = freshOut();
    expect((await run(input, out)).code).toBe(0);
    const rejects = await rowsOf(out, 'rejects', 'customers');
    expect(rejects.map((x) => [x['source_row'], x['column_name'], x['rule']])).toEqual([
      ['3', 'customer_id', 'customer.missing_id'],
      ['4', 'customer_id', 'customer.duplicate_id'],
      ['5', 'customer_id', 'customer.missing_id'],
    ]);
    await expectAccounted(out, { customers: 4 });
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cli,
  expectAccounted,
  fixtures,
  expectOneLine,
  freshOut,
  makeInput,
  orderLine,
  ordersJson,
  quality,
  rowsOf,
  run,
} from './harness.js';

/** Five lines: 1 clean, 2 impossible date, 3 clean, 4 non-numeric quantity, 5 non-numeric profit. */
const dirtyOrders = ordersJson([
  orderLine(1),
  orderLine(2, { 'Order Date': '31/2/2016' }),
  orderLine(3),
  orderLine(4, { Quantity: 'three' }),
  orderLine(5, { Profit: 'n/a' }),
]);

describe('--on-bad-rows reject (the default)', () => {
  it('puts each bad line in rejects/orders with file, row, column, raw value, rule; counts it by reason', async () => {
    const input = makeInput({ 'Orders.json': dirtyOrders });
    const out = freshOut();
    const r = await run(input, out);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const file = join(input, 'Orders.json');
    const rejects = await rowsOf(out, 'rejects', 'orders');
    expect(
      rejects.map((x) => [x['source_file'], x['source_row'], x['key'], x['column_name'], x['value'], x['rule']]),
    ).toEqual([
      [file, '2', '2', 'order_date', '31/2/2016', 'order.bad_order_date'],
      [file, '4', '4', 'quantity', 'three', 'order.bad_quantity'],
      [file, '5', '5', 'profit', 'n/a', 'order.bad_profit'],
    ]);
    expect(rejects[0]!['message']).toBe('Order Date "31/2/2016" is not a possible d/m/yyyy date');
    expect(quality(out).tables.orders).toMatchObject({
      rows_read: 5,
      rows_written: 2,
      rows_rejected: 3,
      rejected_by_reason: { 'order.bad_order_date': 1, 'order.bad_quantity': 1, 'order.bad_profit': 1 },
    });
    expect(r.out).toContain('  orders     Orders.json       5     2         3\n');
    expect(r.out).toContain(
      '  rejected  customers duplicate_id 1 · products duplicate_id 3 · ' +
        'orders bad_order_date 1, bad_profit 1, bad_quantity 1\n',
    );
    await expectAccounted(out, { customers: 15, products: 14, orders: 5 });
  });

  it('is what --on-bad-rows reject does: the same warehouse, byte for byte', async () => {
    const input = makeInput({ 'Orders.json': dirtyOrders });
    const a = freshOut();
    const b = freshOut();
    expect((await run(input, a)).code).toBe(0);
    expect((await run(input, b, '--on-bad-rows', 'reject')).code).toBe(0);
    for (const f of ['rejects/orders.parquet', 'enriched/orders.parquet', 'quality.json']) {
      expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    }
  });

  it('counts the rejects of every table in quality.json (fixtures: 1 customer, 3 products, 6 lines)', async () => {
    const out = freshOut();
    expect((await run(makeInput(), out)).code).toBe(0);
    const q = quality(out);
    expect(q.tables.customers.rejected_by_reason).toEqual({ 'customer.duplicate_id': 1 });
    expect(q.tables.products.rejected_by_reason).toEqual({ 'product.duplicate_id': 3 });
    expect(q.tables.orders.rejected_by_reason).toEqual({
      'order.bad_quantity': 1,
      'order.bad_profit': 1,
      'order.missing_row_id': 1,
      'order.bad_order_date': 1,
      'order.nonpositive_quantity': 1,
      'order.discount_out_of_range': 1,
    });
    await expectAccounted(out, { customers: 15, products: 14, orders: 27 });
  });
});

describe('--on-bad-rows fail', () => {
  it('stops at the first bad line with exit 1, naming file, row, column, value and rule; writes nothing', async () => {
    const input = makeInput({ 'Orders.json': dirtyOrders });
    const out = freshOut();
    const r = await run(input, out, '--on-bad-rows', 'fail');
    expect(r.code).toBe(1);
    expectOneLine(r.err, join(input, 'Customer.xlsx'));
    // customers are checked before orders: the fixtures' duplicate customer id comes first
    expect(r.err).toContain(', row 12, column "customer_id": ');
    expect(r.err).toContain(
      '(rule customer.duplicate_id); the run stopped at this first bad row (--on-bad-rows fail) and wrote nothing',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('names the first bad order line when customers and products are clean', async () => {
    const customersOnly = await cleanSources();
    const input = makeInput({
      'Orders.json': dirtyOrders,
      'Products.csv': customersOnly.products,
      'Customer.xlsx': customersOnly.customers,
    });
    const out = freshOut();
    const r = await run(input, out, '--on-bad-rows', 'fail');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `ecomflow: ${join(input, 'Orders.json')}, row 2, column "order_date": Order Date "31/2/2016" is not a ` +
        'possible d/m/yyyy date (rule order.bad_order_date); the run stopped at this first bad row ' +
        '(--on-bad-rows fail) and wrote nothing\n',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('runs to the end with exit 0 when no row is bad', async () => {
    const clean = await cleanSources();
    const input = makeInput({
      'Orders.json': ordersJson([orderLine(1), orderLine(2)]),
      'Products.csv': clean.products,
      'Customer.xlsx': clean.customers,
    });
    const out = freshOut();
    const r = await run(input, out, '--on-bad-rows', 'fail');
    expect(r.code).toBe(0);
    await expectAccounted(out, { orders: 2 });
    expect(quality(out).tables.orders.rows_rejected).toBe(0);
  });

  it('is a usage error (exit 2) for any other mode', async () => {
    const r = await cli('run', '--input', makeInput(), '--out', freshOut(), '--on-bad-rows', 'skip');
    expect(r).toMatchObject({ code: 2, err: 'ecomflow: --on-bad-rows must be reject or fail, not "skip"\n' });
  });
});

/** Customers and products without duplicates: the fixtures with the repeated ids left out. */
async function cleanSources(): Promise<{ customers: Uint8Array; products: string }> {
  const { customerRows } = await import('../../fixtures/customers.rows.js');
  const { writeCustomerXlsx } = await import('../../fixtures/generator/customer-xlsx.js');
  const seen = new Set<string>();
  const rows = customerRows.filter((r) => {
    const id = String(r[0]).trim();
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const file = join(makeInput(), 'Clean.xlsx');
  await writeCustomerXlsx(file, rows);
  const products = readFileSync(join(fixtures, 'Products.csv'), 'utf8').split('\n');
  const ids = new Set<string>();
  const keep = products.filter((line, i) => {
    if (i === 0 || line === '') return true;
    const id = line.slice(0, line.indexOf(','));
    if (ids.has(id)) return false;
    ids.add(id);
    return true;
  });
  return { customers: readFileSync(file), products: keep.join('\n') };
}

import { describe, expect, it } from 'vitest';
import { InputError, RawTableBuilder, rawProducts, tableRows } from '../../src/index.js';

describe('RawTableBuilder', () => {
  it('maps headers to declared columns, keeps undeclared ones as text, fills absent cells with null', () => {
    const b = new RawTableBuilder(rawProducts, 'p.csv');
    const cols = ['Product ID', 'Category', 'Sub-Category', 'Colour'].map((h) => b.columnFor(h));
    b.checkRequired();
    b.beginRow(1);
    ['P1', 'Furniture', 'Chairs', 'red'].forEach((v, i) => b.setText(cols[i]!, v));
    b.endRow();
    b.beginRow(2);
    b.setText(cols[0]!, 'P2');
    b.endRow();
    const t = b.finish();
    expect(t.schema.names).toEqual([
      'product_id',
      'category',
      'sub_category',
      'product_name',
      'state',
      'price_per_product',
      'colour',
      'source_row',
    ]);
    expect(tableRows(t)).toEqual([
      {
        product_id: 'P1',
        category: 'Furniture',
        sub_category: 'Chairs',
        product_name: null,
        state: null,
        price_per_product: null,
        colour: 'red',
        source_row: 1n,
      },
      {
        product_id: 'P2',
        category: null,
        sub_category: null,
        product_name: null,
        state: null,
        price_per_product: null,
        colour: null,
        source_row: 2n,
      },
    ]);
  });

  it('backfills a column first seen in a later row with nulls', () => {
    const b = new RawTableBuilder(rawProducts, 'p.json');
    for (const h of ['Product ID', 'Category', 'Sub-Category']) b.columnFor(h);
    b.beginRow(1);
    b.setText(b.columnFor('Product ID'), 'P1');
    b.beginRow(2);
    b.setText(b.columnFor('Coupon'), 'X1');
    const t = b.finish();
    expect(tableRows(t).map((r) => r['coupon'])).toEqual([null, 'X1']);
  });

  it('keeps the first value when a cell is set twice', () => {
    const b = new RawTableBuilder(rawProducts, 'p.json');
    const c = b.columnFor('Product ID');
    b.beginRow(1);
    expect(b.setText(c, 'first')).toBe(true);
    expect(b.setText(c, 'second')).toBe(false);
    for (const h of ['Category', 'Sub-Category']) b.columnFor(h);
    expect(tableRows(b.finish())[0]!['product_id']).toBe('first');
  });

  it('names the file and the missing required column', () => {
    const b = new RawTableBuilder(rawProducts, 'data/Products.csv');
    b.columnFor('Product ID');
    b.columnFor('Category');
    expect(() => {
      b.checkRequired();
    }).toThrow(InputError);
    expect(() => {
      b.checkRequired();
    }).toThrow('data/Products.csv, column "Sub-Category": required column "Sub-Category" is missing');
  });
});

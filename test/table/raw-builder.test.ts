import { describe, expect, it } from 'vitest';
import { InputError, rawProducts, tableRows } from '../../src/index.js';
import { MAX_COLUMNS, RawTableBuilder } from '../../src/table/raw-builder.js';

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

  it('lets no invalid UTF-8 in: repairs it to U+FFFD and counts each value, header and lone surrogate', () => {
    const b = new RawTableBuilder(rawProducts, 'p.csv');
    const name = b.headerText(Uint8Array.of(0x4e, 0x61, 0x6d, 0xe9), 0, 4); // 'Nam' + Latin-1 é
    expect(name).toBe('Nam\uFFFD');
    const cols = ['Product ID', 'Category', 'Sub-Category', name].map((h) => b.columnFor(h));
    const bytes = Buffer.from('xxOK ✓ Zoëxx');
    b.beginRow(1);
    b.setUtf8(cols[0]!, bytes, 2, 13); // valid, from an offset
    b.setUtf8(cols[1]!, Uint8Array.of(0x41, 0xc3, 0x28), 0, 3); // invalid
    b.setValidUtf8(cols[2]!, bytes, 2, 4, true); // repaired by the caller
    b.setText(cols[3]!, 'lone \ud800'); // a lone surrogate
    b.endRow();
    b.beginRow(2);
    b.setUtf8(cols[0]!, Uint8Array.of(0xff), 0, 1);
    expect(b.setUtf8(cols[0]!, Uint8Array.of(0xff), 0, 1)).toBe(false); // already set: not counted again
    b.endRow();
    expect(b.fixes()).toEqual({ 'text.invalid_utf8': { changed: 5, nulled: 0 } });
    const rows = tableRows(b.finish());
    expect(rows.map((r) => [r['product_id'], r['category'], r['sub_category'], r['nam']])).toEqual([
      ['OK ✓ Zoë', 'A\uFFFD(', 'OK', 'lone \uFFFD'],
      ['\uFFFD', null, null, null],
    ]);
    expect(new RawTableBuilder(rawProducts, 'p.csv').fixes()).toEqual({});
  });

  it(`refuses a column beyond the ${MAX_COLUMNS.toLocaleString('en-US')}th, naming it`, () => {
    const b = new RawTableBuilder(rawProducts, 'o.json');
    for (let i = b.headerNames().length; b.schema.columns.length - 1 + i < MAX_COLUMNS; i++) b.columnFor(`Extra ${i}`);
    expect(() => b.columnFor('Product ID')).not.toThrow(); // a known column is no new column
    expect(() => b.columnFor('One Too Many')).toThrow(
      'o.json, column "One Too Many": has more than 10,000 columns ("One Too Many" would be column 10,001); ' +
        'ecomflow reads at most 10,000 columns per source',
    );
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, rawProducts, readCsv, tableRows } from '../../../src/index.js';
import { hasSample, sampleDir, tempFile } from '../../helpers/tmp.js';

const header = 'Product ID,Category,Sub-Category,Product Name,State,Price per product';

describe('readCsv', () => {
  it('reads quoted fields with commas, quotes and newlines; BOM; CRLF', async () => {
    const text =
      '\uFEFF' +
      [
        header,
        'P1,Furniture,Chairs,"Leather Task Chair, Black",New York,81.882',
        'P2,Office Supplies,Paper,"The ""Best"" Paper\r\nsecond line",Texas,5.184',
        'P3,Technology,Phones,,,',
      ].join('\r\n') +
      '\r\n';
    const r = await readCsv(tempFile('Products.csv', text), rawProducts);
    expect(r.rowsRead).toBe(3);
    expect(r.issues).toEqual([]);
    expect(tableRows(r.table)).toEqual([
      {
        product_id: 'P1',
        category: 'Furniture',
        sub_category: 'Chairs',
        product_name: 'Leather Task Chair, Black',
        state: 'New York',
        price_per_product: '81.882',
        source_row: 1n,
      },
      {
        product_id: 'P2',
        category: 'Office Supplies',
        sub_category: 'Paper',
        product_name: 'The "Best" Paper\r\nsecond line',
        state: 'Texas',
        price_per_product: '5.184',
        source_row: 2n,
      },
      {
        product_id: 'P3',
        category: 'Technology',
        sub_category: 'Phones',
        product_name: null,
        state: null,
        price_per_product: null,
        source_row: 3n,
      },
    ]);
  });

  it('keeps an unknown column as text and accepts columns in another order', async () => {
    const text = 'Sub-Category,Category,Product ID,Colour\nChairs,Furniture,P1,red\n';
    const r = await readCsv(tempFile('p.csv', text), rawProducts);
    expect(tableRows(r.table)[0]).toMatchObject({
      product_id: 'P1',
      category: 'Furniture',
      sub_category: 'Chairs',
      colour: 'red',
    });
  });

  it('reports a record with the wrong number of fields as a row issue and keeps the others', async () => {
    const text = `${header}\nP1,Furniture,Chairs,Chair,Ohio,1\nP2,Furniture\nP3,Technology,Phones,Phone,Ohio,2\n`;
    const r = await readCsv(tempFile('p.csv', text), rawProducts);
    expect(r.rowsRead).toBe(3);
    expect(r.table.numRows).toBe(2);
    expect(r.issues).toEqual([expect.objectContaining({ row: 2, rule: 'csv.field_count', value: 'P2,Furniture' })]);
  });

  it('rejects a file without a required column, naming file and column', async () => {
    const file = tempFile('p.csv', 'Product ID,Category\nP1,Furniture\n');
    await expect(readCsv(file, rawProducts)).rejects.toThrow(InputError);
    await expect(readCsv(file, rawProducts)).rejects.toThrow(/p\.csv, column "Sub-Category": required column/);
  });

  it('rejects an empty file and an unclosed quote with clear messages', async () => {
    await expect(readCsv(tempFile('p.csv', ''), rawProducts)).rejects.toThrow(/p\.csv: is empty/);
    const bad = tempFile('p.csv', `${header}\nP1,Furniture,Chairs,"unclosed,Ohio,1\n`);
    await expect(readCsv(bad, rawProducts)).rejects.toThrow(/p\.csv, row 1: malformed CSV/);
  });

  it('names a missing file', async () => {
    await expect(readCsv('/nonexistent/Products.csv', rawProducts)).rejects.toThrow(
      '/nonexistent/Products.csv: cannot be read',
    );
  });

  it.skipIf(!hasSample)('reads the real sample: 1,851 rows, repeated ids kept', async () => {
    const r = await readCsv(join(sampleDir, 'Products.csv'), rawProducts);
    expect(r.table.numRows).toBe(1851);
    expect(r.issues).toEqual([]);
    const rows = tableRows(r.table);
    expect(rows[0]).toEqual({
      product_id: 'FUR-CH-10002961',
      category: 'Furniture',
      sub_category: 'Chairs',
      product_name: 'Leather Task Chair, Black',
      state: 'New York',
      price_per_product: '81.882',
      source_row: 1n,
    });
    const ids = rows.map((x) => x['product_id']);
    expect(ids.length - new Set(ids).size).toBeGreaterThanOrEqual(33);
  });
});

import { describe, expect, it } from 'vitest';
import { cleanProducts, rawProducts, tableRows } from '../../src/index.js';
import { rawTable } from '../helpers/raw-table.js';

const product = (id: string, name: string, state: string, price: string | null) => ({
  'Product ID': id,
  Category: 'Furniture',
  'Sub-Category': 'Chairs',
  'Product Name': name,
  State: state,
  'Price per product': price,
});

describe('cleanProducts', () => {
  it('keeps the first row of a repeated product_id, rejects the rest, and types the price exactly', () => {
    const raw = rawTable(rawProducts, [
      product('FUR-CH-1', 'Leather Task Chair, Black', 'New York', '81.882'),
      product('FUR-CH-1', 'Another name', 'Texas', '5'),
      product(' FUR-CH-2 ', 'Chair  2 ', 'Ohio', '124.46153855'),
      product('FUR-CH-3', 'Chair 3', 'Ohio', '$12.50'),
    ]);
    const { table, rejects, fixes } = cleanProducts(raw);
    expect(tableRows(table)).toEqual([
      {
        product_id: 'FUR-CH-1',
        category: 'Furniture',
        sub_category: 'Chairs',
        product_name: 'Leather Task Chair, Black',
        state: 'New York',
        price_per_product: '81.8820',
        source_row: 1n,
      },
      {
        product_id: 'FUR-CH-2',
        category: 'Furniture',
        sub_category: 'Chairs',
        product_name: 'Chair 2',
        state: 'Ohio',
        price_per_product: '124.4615',
        source_row: 3n,
      },
      {
        product_id: 'FUR-CH-3',
        category: 'Furniture',
        sub_category: 'Chairs',
        product_name: 'Chair 3',
        state: 'Ohio',
        price_per_product: '12.5000',
        source_row: 4n,
      },
    ]);
    expect(rejects).toEqual([expect.objectContaining({ sourceRow: 2, key: 'FUR-CH-1', rule: 'product.duplicate_id' })]);
    expect(fixes['product_id.trim']).toEqual({ changed: 1, nulled: 0 });
    expect(fixes['price.clean']).toEqual({ changed: 1, nulled: 0 });
  });
});

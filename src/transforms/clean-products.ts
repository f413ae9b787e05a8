/**
 * raw/products → enriched/products: one row per trimmed product_id (the first in file order; the real export
 * repeats ids with other names and states), labels trimmed, unit price as exact DECIMAL(18,4).
 */
import { Decimal, type Table, type Vector } from 'apache-arrow';
import { enrichedProducts } from '../schemas/enriched.js';
import { Int64Builder } from '../table/builders.js';
import { codedColumn } from '../table/columns.js';
import type { EnrichedProductsTable, Having, TextType } from '../table/typed-tables.js';
import { cleanKeyed, type KeyedSpec, type RawKeyedColumns } from './clean-customers.js';
import type { Cleaned } from './cleaned.js';
import { addFix, type Fixes } from './quality.js';
import { trimRule } from './rules/index.js';
import { parseDecimalLenient, parseDecimalLenientSql } from './values/index.js';

const PRICE_SCALE = 4;

/** The unit price, exact to 4 places, from the kept rows (fix `price.clean`). */
function price(raw: Table<Having<'price_per_product', TextType>>, kept: Int32Array, fixes: Fixes): Vector {
  const { codes, dictionary } = codedColumn(raw, 'price_per_product');
  const parsed = dictionary.map((t) => parseDecimalLenient(t, PRICE_SCALE));
  const b = new Int64Builder(new Decimal(PRICE_SCALE, 18, 128));
  let cleaned = 0;
  let nulled = 0;
  for (let i = 0; i < kept.length; i++) {
    const c = codes[kept[i]!]!;
    const p = c < 0 ? null : parsed[c]!;
    if (c >= 0 && p === null) nulled++;
    if (p?.cleaned) cleaned++;
    b.append(p === null ? null : p.value);
  }
  if (cleaned + nulled > 0) addFix(fixes, 'price.clean', { changed: cleaned, nulled });
  return b.finish();
}

type EnrichedProductColumn = (typeof enrichedProducts.columns)[number];

/** The products' spec: labels trimmed, the price parsed, keyed on product_id. */
export const productKeyed: KeyedSpec<EnrichedProductColumn> = {
  columns: enrichedProducts.columns,
  key: 'product_id',
  entity: 'product',
  rules: { category: trimRule, sub_category: trimRule, product_name: trimRule, state: trimRule },
  extra: { price_per_product: price },
  extraSql: { price_per_product: (column) => parseDecimalLenientSql(column, PRICE_SCALE).value },
};

/**
 * Cleans raw products into enriched products (one row per product_id) plus rejected duplicates and fix counts.
 * @example
 * const { table, rejects } = cleanProducts(rawProductsTable);
 * // sample: 1,851 rows → 1,818 products; 33 rejects with rule 'product.duplicate_id'
 */
export function cleanProducts<R extends RawKeyedColumns<EnrichedProductColumn>>(
  raw: Table<R>,
): Cleaned<EnrichedProductsTable> {
  return cleanKeyed(raw, productKeyed);
}

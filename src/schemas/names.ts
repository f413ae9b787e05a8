/**
 * Column naming: source headers become snake_case column names
 * (`Sub-Category` → `sub_category`, `Price per product` → `price_per_product`, `Row ID` → `row_id`).
 */

/** Converts a source header to its snake_case column name; letters of any script are kept, lower-cased. */
export function snakeCase(header: string): string {
  const words = header
    .normalize('NFC')
    .trim()
    // split camelCase boundaries: "OrderDate" → "Order Date"
    .replace(/(\p{Ll}|\p{Nd})(\p{Lu})/gu, '$1 $2')
    .split(/[^\p{L}\p{Nd}]+/u)
    .filter((w) => w.length > 0);
  const name = words.join('_').toLowerCase();
  return name.length > 0 ? name : 'column';
}

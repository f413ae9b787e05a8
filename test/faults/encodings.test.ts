import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { customerRows } from '../../fixtures/customers.rows.js';
import { customerHeader } from '../../fixtures/generator/customer-xlsx.js';
import { sqlPath, withDuck } from '../helpers/duckdb.js';
import { expectAccounted, fixtures, freshOut, makeInput, run, type SourceName } from './harness.js';

// The fixture Orders.json is pretty-printed with one `"Key": value` per line and no nested values, so its
// elements can be rewritten line by line with every value's source text (e.g. `17.0`, `2.345`) kept exactly.
const ordersText = readFileSync(join(fixtures, 'Orders.json'), 'utf8');
const elements: string[][] = ordersText.split('\n').reduce<string[][]>((els, line) => {
  if (line === '  {') els.push([]);
  else if (/^ {4}"/.test(line)) els[els.length - 1]!.push(line.trim().replace(/,$/, ''));
  return els;
}, []);
const ndjson = (els: string[][], eol = '\n'): string => els.map((props) => `{${props.join(', ')}}`).join(eol) + eol;
const arrayOf = (els: string[][]): string =>
  `[\n${els.map((props) => `  {\n    ${props.join(',\n    ')}\n  }`).join(',\n')}\n]\n`;
const reversed = elements.map((props) => [...props].reverse());
// (element 12 of the fixture already has an extra `Coupon` key; a second one would be a duplicate key)
const extraKeys = elements.map((props) => [
  '"Promo Code": "X1"',
  ...props,
  '"Notes": {"gift": true, "tags": ["a", "b"]}',
  '"Loyalty Tier ✓": null',
]);

const productsText = readFileSync(join(fixtures, 'Products.csv'), 'utf8');
const productRecords: string[][] = parse(productsText);
const csvField = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
/** The products with columns in `order` (indexes into the header; -1 = an extra column named `Supplier`). */
function productsWith(order: readonly number[]): string {
  return productRecords
    .map((rec, r) => order.map((i) => csvField(i < 0 ? (r === 0 ? 'Supplier' : `Supplier ${r}`) : rec[i]!)).join(','))
    .join('\n');
}

/** Customer.xlsx with its columns in `order` (indexes into the header; -1 = an extra `Loyalty Tier` column). */
async function customersWith(order: readonly number[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Customers');
  ws.addRow(order.map((i) => (i < 0 ? 'Loyalty Tier' : customerHeader[i]!)));
  customerRows.forEach((row, r) => ws.addRow(order.map((i) => (i < 0 ? `Tier ${r % 3}` : (row[i] ?? undefined)))));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Input variants that are not errors: each must give the warehouse the clean fixtures give. */
type VariantFiles = Partial<Record<SourceName, string | Uint8Array>>;
const variants: { name: string; files: () => VariantFiles | Promise<VariantFiles> }[] = [
  { name: 'orders with a UTF-8 BOM', files: () => ({ 'Orders.json': `\ufeff${ordersText}` }) },
  { name: 'orders with CRLF line ends', files: () => ({ 'Orders.json': ordersText.replaceAll('\n', '\r\n') }) },
  {
    name: 'orders with trailing whitespace',
    files: () => ({ 'Orders.json': `${ordersText.replaceAll('\n', ' \t\n')}\n\n   \n` }),
  },
  { name: 'orders as NDJSON (.ndjson)', files: () => ({ 'Orders.ndjson': ndjson(elements) }) },
  { name: 'orders as NDJSON in a .json file', files: () => ({ 'Orders.json': ndjson(elements) }) },
  { name: 'orders with keys in another order', files: () => ({ 'Orders.json': arrayOf(reversed) }) },
  { name: 'orders with extra unknown keys', files: () => ({ 'Orders.json': arrayOf(extraKeys) }) },
  {
    name: 'orders as NDJSON with BOM, CRLF, reversed keys and extra keys',
    files: () => ({
      'Orders.ndjson': `\ufeff${ndjson(
        extraKeys.map((p) => [...p].reverse()),
        '\r\n',
      )}`,
    }),
  },
  {
    name: 'products with a BOM and CRLF line ends',
    files: () => ({ 'Products.csv': `\ufeff${productsText.replaceAll('\n', '\r\n')}` }),
  },
  {
    name: 'products with trailing blank and whitespace lines',
    files: () => ({ 'Products.csv': `${productsText}\n\n  \t\n` }),
  },
  {
    name: 'products with columns reordered and extra columns',
    files: () => ({ 'Products.csv': productsWith([5, -1, 2, 0, 4, 3, 1]) }),
  },
  {
    name: 'customers with columns reordered and an extra column',
    files: async () => ({ 'Customer.xlsx': await customersWith([10, 9, -1, 8, 7, 6, 5, 4, 3, 2, 1, 0]) }),
  },
];

/** What must be equal between two warehouses: enriched and aggregates (bytes), rejects and quality (but file names). */
async function comparable(out: string): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const layer of ['enriched', 'aggregates']) {
    for (const f of readdirSync(join(out, layer)).sort())
      result[`${layer}/${f}`] = readFileSync(join(out, layer, f)).toString('base64');
  }
  await withDuck(async (q) => {
    for (const t of ['customers', 'products', 'orders']) {
      result[`rejects/${t}`] = await q(
        `select * exclude (source_file) from ${sqlPath(join(out, 'rejects', `${t}.parquet`))} order by source_row`,
      );
    }
  });
  const quality = JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')) as {
    tables: Record<string, Record<string, unknown>>;
  };
  for (const t of Object.values(quality.tables)) delete t['source_file'];
  result['quality.json'] = quality;
  for (const f of readdirSync(join(out, 'sql')).sort()) result[`sql/${f}`] = readFileSync(join(out, 'sql', f), 'utf8');
  return result;
}

describe('encodings and shapes that are not errors give the same warehouse as clean input', () => {
  let clean: Record<string, unknown>;
  beforeAll(async () => {
    const out = freshOut();
    expect((await run(makeInput(), out)).code).toBe(0);
    clean = await comparable(out);
  });

  it('the rewritten orders keep every element (sanity of the rewriting)', () => {
    expect(elements).toHaveLength(27);
    expect(JSON.parse(arrayOf(elements))).toEqual(JSON.parse(ordersText));
    expect(
      ndjson(elements)
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual(JSON.parse(ordersText));
  });

  for (const v of variants) {
    it(v.name, async () => {
      const out = freshOut();
      const r = await run(makeInput(await v.files()), out);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toBe('');
      expect(await comparable(out)).toEqual(clean);
      await expectAccounted(out, { customers: 15, products: 14, orders: 27 });
    });
  }

  it('keeps extra unknown columns in raw, as text', async () => {
    const out = freshOut();
    const input = makeInput({
      'Orders.json': arrayOf(extraKeys),
      'Products.csv': productsWith([0, 1, 2, 3, 4, 5, -1]),
    });
    expect((await run(input, out)).code).toBe(0);
    await withDuck(async (q) => {
      const orders = await q(
        `select promo_code, notes, loyalty_tier from ${sqlPath(join(out, 'raw/orders.parquet'))} order by ` +
          'source_row limit 1',
      );
      expect(orders).toEqual([{ promo_code: 'X1', notes: '{"gift": true, "tags": ["a", "b"]}', loyalty_tier: null }]);
      const products = await q(
        `select supplier from ${sqlPath(join(out, 'raw/products.parquet'))} order by source_row limit 2`,
      );
      expect(products).toEqual([{ supplier: 'Supplier 1' }, { supplier: 'Supplier 2' }]);
    });
  });
});

import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { readJson } from '../../src/io/json/read-json.js';
import { inflatedLimit, readXlsx } from '../../src/io/xlsx/read-xlsx.js';
import { rawCustomers, rawOrders } from '../../src/schemas/raw.js';
import { tableRows } from '../../src/table/columns.js';
import { sqlPath, withDuck } from '../helpers/duckdb.js';
import { tempDir, tempFile } from '../helpers/tmp.js';
import {
  expectAccounted,
  expectOneLine,
  fixtures,
  freshOut,
  makeInput,
  orderLine,
  ordersJson,
  rowsOf,
  run,
} from './harness.js';
import { workbookXlsx } from '../helpers/zip.js';

/** The part of quality.json these tests read. */
interface QualityFixes {
  tables: Record<'customers' | 'products' | 'orders', { fixes: Record<string, { changed: number; nulled: number }> }>;
}

const prototypeNames = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();

/** Order lines whose keys try to reach Object.prototype. */
const hostileOrders = [
  `{"__proto__": {"polluted": "yes", "Row ID": 99}, ${JSON.stringify(orderLine(1)).slice(1)}`,
  `{"constructor": {"prototype": {"polluted": "yes"}}, ${JSON.stringify(orderLine(2)).slice(1)}`,
  `{"prototype": "p", "toString": "t", "hasOwnProperty": "h", "valueOf": "v", ${JSON.stringify(orderLine(3)).slice(1)}`,
];
const hostileJson = `[\n  ${hostileOrders.join(',\n  ')}\n]`;

describe('__proto__ and constructor keys do not pollute prototypes', () => {
  it('runs end to end: keys kept as text columns of raw, lines enriched, Object.prototype unchanged', async () => {
    const names = prototypeNames();
    const products = readFileSync(join(fixtures, 'Products.csv'), 'utf8').replace(/\n/, ',__proto__,constructor\n');
    const productLines = products.split('\n').map((l, i) => (i === 0 || l === '' ? l : `${l},"{""polluted"":1}",x`));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Customers');
    ws.addRow(['Customer ID', 'Customer Name', 'Country', '__proto__', 'constructor']);
    ws.addRow(['GH-14410', 'Gary Hansen', 'United States', '{"polluted":1}', 'x']);
    const input = makeInput({
      'Orders.json': hostileJson,
      'Products.csv': productLines.join('\n'),
      'Customer.xlsx': new Uint8Array(await wb.xlsx.writeBuffer()),
    });
    const out = freshOut();
    const r = await run(input, out);
    expect(r.code, r.err).toBe(0);

    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(prototypeNames()).toEqual(names);
    expect(Object.prototype.toString.call([])).toBe('[object Array]');

    await withDuck(async (q) => {
      const raw = await q(
        'select row_id, proto, "constructor", prototype, to_string, has_own_property, value_of from ' +
          `${sqlPath(join(out, 'raw/orders.parquet'))} order by source_row`,
      );
      expect(raw).toEqual([
        {
          row_id: '1',
          proto: '{"polluted": "yes", "Row ID": 99}',
          constructor: null,
          prototype: null,
          to_string: null,
          has_own_property: null,
          value_of: null,
        },
        {
          row_id: '2',
          proto: null,
          constructor: '{"prototype": {"polluted": "yes"}}',
          prototype: null,
          to_string: null,
          has_own_property: null,
          value_of: null,
        },
        {
          row_id: '3',
          proto: null,
          constructor: null,
          prototype: 'p',
          to_string: 't',
          has_own_property: 'h',
          value_of: 'v',
        },
      ]);
      const products = await q(
        `select distinct proto, "constructor" from ${sqlPath(join(out, 'raw/products.parquet'))}`,
      );
      expect(products).toEqual([{ proto: '{"polluted":1}', constructor: 'x' }]);
      const customers = await q(`select proto, "constructor" from ${sqlPath(join(out, 'raw/customers.parquet'))}`);
      expect(customers).toEqual([{ proto: '{"polluted":1}', constructor: 'x' }]);
    });
    expect((await rowsOf(out, 'enriched', 'orders')).map((x) => x['row_id'])).toEqual(['1', '2', '3']);
    await expectAccounted(out, { customers: 1, products: 14, orders: 3 });
  });

  it('holds in the JSON reader itself (this thread)', async () => {
    const names = prototypeNames();
    const { table } = await readJson(tempFile('Orders.json', hostileJson), rawOrders);
    expect(table.numRows).toBe(3);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(prototypeNames()).toEqual(names);
    const rows = tableRows(table);
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect(rows.map((x) => x['row_id'])).toEqual(['1', '2', '3']);
  });
});

describe('an xlsx that expands past a sane size is refused before it is inflated', () => {
  const header = ['Customer ID', 'Customer Name', 'Country'];

  it('has a default limit of 200 × the file size, at least 16 MiB, at most 1 GiB', () => {
    expect(inflatedLimit(0)).toBe(16 << 20);
    expect(inflatedLimit(1_000_000)).toBe(200_000_000);
    expect(inflatedLimit(100_000_000)).toBe(1 << 30);
  });

  it('a 20 MiB worksheet in a ~22 KB file: exit 1, one line naming the file and the limit', async () => {
    const bomb = workbookXlsx([header, ['AB-1', 'Ann Bee', 'US']], { padding: 20 << 20 });
    expect(bomb.length).toBeLessThan(40_000);
    const input = makeInput({ 'Customer.xlsx': bomb });
    const t0 = performance.now();
    const r = await run(input, freshOut());
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.code).toBe(1);
    const file = join(input, 'Customer.xlsx');
    expectOneLine(r.err, file);
    expect(r.err).toBe(
      `ecomflow: ${file}: is refused: its entries inflate to 20.0 MiB ("xl/worksheets/sheet1.xml" alone 20.0 ` +
        'MiB); the limit is 16.0 MiB of XML (200 × the file size, at least 16 MiB, at most 1 GiB) — a zip bomb, or ' +
        'a workbook too large to read safely\n',
    );
  });

  it('takes a smaller limit when asked, and names it', async () => {
    const file = tempFile('book.xlsx', workbookXlsx([header, ['AB-1', 'Ann Bee', 'US']], { padding: 200_000 }));
    const error = await readXlsx(file, rawCustomers, { maxInflatedBytes: 64 * 1024 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).rule).toBe('xlsx.too_large');
    expect((error as InputError).where).toEqual({ file });
    expect((error as InputError).message).toMatch(
      /^.*book\.xlsx: is refused: its entries inflate to .*; the limit is 65,536 bytes of XML — /,
    );
    // the same file within its limit reads fine
    const ok = await readXlsx(file, rawCustomers, { maxInflatedBytes: 1 << 20 });
    expect(tableRows(ok.table).map((x) => x['customer_name'])).toEqual(['Ann Bee']);
  });

  it('counts inflated bytes while streaming, when the zip directory understates them', async () => {
    const liar = workbookXlsx([header, ['AB-1', 'Ann Bee', 'US']], { padding: 4 << 20, declaredSheetSize: 1000 });
    const file = tempFile('liar.xlsx', liar);
    const error = await readXlsx(file, rawCustomers, { maxInflatedBytes: 1 << 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(
      `${file}: is refused: it inflates past the limit while being read (its zip directory understates its ` +
        'size); the limit is 1.0 MiB of XML — a zip bomb, or a workbook too large to read safely',
    );
  });

  it('counts the shared strings part too', async () => {
    const liar = workbookXlsx([header, ['AB-1', 'Ann Bee', 'US']], { sharedPadding: 4 << 20, declaredSharedSize: 200 });
    const file = tempFile('liar.xlsx', liar);
    const error = await readXlsx(file, rawCustomers, { maxInflatedBytes: 1 << 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).rule).toBe('xlsx.too_large');
  });

  it('reads the real-sized workbooks well inside the default limit', async () => {
    const { table } = await readXlsx(join(fixtures, 'Customer.xlsx'), rawCustomers);
    expect(table.numRows).toBe(15);
    expect(inflatedLimit(statSync(join(fixtures, 'Customer.xlsx')).size)).toBe(16 << 20);
  });
});

describe('very long strings are fine', () => {
  it('keeps a 5 MB JSON value, 1 MB CSV field, 100 KB cell whole in raw; cuts a rejected one to 1,000', async () => {
    const notes = 'n'.repeat(5_000_000);
    const orders = ordersJson([
      orderLine(1, { Notes: notes, 'Ship Mode': `S${'h'.repeat(1_000_000)}` }),
      orderLine(2, { Profit: `9${'x'.repeat(2_000_000)}` }),
    ]);
    const name = `Chair ${'é'.repeat(500_000)}`;
    const products = `Product ID,Category,Sub-Category,Product Name\nFUR-CH-10002961,Furniture,Chairs,"${name}"\n`;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Customers');
    ws.addRow(['Customer ID', 'Customer Name', 'Country', 'address']);
    ws.addRow(['GH-14410', 'Gary Hansen', 'United States', 'a'.repeat(100_000)]);
    const input = makeInput({
      'Orders.json': orders,
      'Products.csv': products,
      'Customer.xlsx': new Uint8Array(await wb.xlsx.writeBuffer()),
    });
    const out = freshOut();
    const r = await run(input, out);
    expect(r.code, r.err).toBe(0);
    await withDuck(async (q) => {
      expect(
        await q(
          'select length(notes)::INTEGER as n, length(ship_mode)::INTEGER as s from ' +
            `${sqlPath(join(out, 'raw/orders.parquet'))} order by source_row`,
        ),
      ).toEqual([
        { n: 5_000_000, s: 1_000_001 },
        { n: null, s: 14 },
      ]);
      expect(
        await q(`select length(product_name)::INTEGER as n from ${sqlPath(join(out, 'enriched/products.parquet'))}`),
      ).toEqual([{ n: 500_006 }]);
      expect(
        await q(`select length(address)::INTEGER as n from ${sqlPath(join(out, 'enriched/customers.parquet'))}`),
      ).toEqual([{ n: 100_000 }]);
      expect(
        await q(`select rule, length(value)::INTEGER as n from ${sqlPath(join(out, 'rejects/orders.parquet'))}`),
      ).toEqual([{ rule: 'order.bad_profit', n: 1000 }]);
    });
    await expectAccounted(out, { customers: 1, products: 1, orders: 2 });
  });

  it('turns a 50 MB profit string into a small reject and a small report', async () => {
    const profit = `1${'7'.repeat(50 * 1024 * 1024)}x`;
    const fullLength = `Profit "${profit}" is not a number`.length;
    const cutNote = `(message cut: ${fullLength.toLocaleString('en-US')} characters in all)`;
    // clean customers and products, so that the order line is the first reject
    const input = makeInput({
      'Orders.json': ordersJson([orderLine(1), orderLine(2, { Profit: profit })]),
      'Customer.xlsx': workbookXlsx([
        ['Customer ID', 'Customer Name', 'Country'],
        ['GH-14410', 'Gary Hansen', 'United States'],
      ]),
      'Products.csv': 'Product ID,Category,Sub-Category,Product Name\nFUR-CH-10002961,Furniture,Chairs,Chair\n',
    });
    const out = freshOut();
    const r = await run(input, out);
    expect(r.code, r.err).toBe(0);
    await withDuck(async (q) => {
      expect(
        await q(
          `select rule, length(value)::INTEGER as v, message from ${sqlPath(join(out, 'rejects/orders.parquet'))}`,
        ),
      ).toEqual([
        {
          rule: 'order.bad_profit',
          v: 1000,
          message: `${`Profit "${profit}`.slice(0, 1000)}… ${cutNote}`,
        },
      ]);
    });
    expect(statSync(join(out, 'rejects/orders.parquet')).size).toBeLessThan(20_000);
    expect(statSync(join(out, 'report/index.html')).size).toBeLessThan(1_000_000);
    // --on-bad-rows fail prints the cut message: one short line
    const failed = await run(input, freshOut(), '--on-bad-rows', 'fail');
    expect(failed.code).toBe(1);
    expect(failed.err.length).toBeLessThan(1500);
    expect(failed.err).toContain(cutNote);
    rmSync(input, { recursive: true, force: true });
    rmSync(dirname(out), { recursive: true, force: true });
  });

  it('handles deep nesting and numbers far out of range as values or rejects, never a crash', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const lines = [
      `{"Deep": ${deep}, ${JSON.stringify(orderLine(1)).slice(1)}`,
      JSON.stringify(orderLine(2)).replace(/"Profit":[^,}]+/, '"Profit":1e400'),
      JSON.stringify(orderLine(3)).replace(/"Profit":[^,}]+/, '"Profit":123456789012345678901234567890'),
      JSON.stringify(orderLine(4)).replace(/"Row ID":[^,}]+/, '"Row ID":99999999999999999999'),
      JSON.stringify(orderLine(5)).replace(/"Quantity":[^,}]+/, '"Quantity":1e10'),
      JSON.stringify(orderLine(6, { Price: '$1,000,000,000,000,000,000,000' })),
      JSON.stringify(orderLine(7, { 'Order Date': '1/1/99999' })),
    ];
    const input = makeInput({ 'Orders.json': `[${lines.join(',')}]` });
    const out = freshOut();
    const r = await run(input, out);
    expect(r.code, r.err).toBe(0);
    const rejects = await rowsOf(out, 'rejects', 'orders');
    expect(rejects.map((x) => [x['source_row'], x['rule']])).toEqual([
      ['2', 'order.bad_profit'],
      ['3', 'order.bad_profit'],
      ['4', 'order.bad_row_id'],
      ['5', 'order.bad_quantity'],
      ['6', 'order.bad_price'],
      ['7', 'order.bad_order_date'],
    ]);
    await withDuck(async (q) => {
      expect(
        await q(
          `select length(deep)::INTEGER as n from ${sqlPath(join(out, 'raw/orders.parquet'))} where source_row = 1`,
        ),
      ).toEqual([{ n: 200_000 }]);
    });
    await expectAccounted(out, { orders: 7 });
  });

  it('reads invalid UTF-8 inside a JSON string without crashing', async () => {
    const dir = tempDir();
    const [head, tail] = JSON.stringify(orderLine(1, { 'Ship Mode': 'SPLIT' })).split('SPLIT') as [string, string];
    writeFileSync(
      join(dir, 'o.json'),
      Buffer.concat([Buffer.from(`[${head}`), Buffer.from([0x41, 0xff, 0xfe, 0x42]), Buffer.from(`${tail}]`)]),
    );
    const { table } = await readJson(join(dir, 'o.json'), rawOrders);
    expect(tableRows(table)[0]!['ship_mode']).toBe('A\uFFFD\uFFFDB');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('invalid UTF-8 in any source is replaced by U+FFFD and counted; every Parquet file stays readable', () => {
  /** JSON text of an order line with `bad` bytes spliced in where `SPLIT` stands. */
  const spliced = (json: string, bad: number[]): Buffer => {
    const [head, tail] = json.split('SPLIT') as [string, string];
    return Buffer.concat([Buffer.from(head), Buffer.from(bad), Buffer.from(tail)]);
  };

  it('in a column that reaches enriched, in a key kept only in raw, in a key, and in a CSV field', async () => {
    const orders = Buffer.concat([
      Buffer.from('[\n  '),
      spliced(JSON.stringify(orderLine(1, { 'Ship Mode': 'Standard SPLIT' })), [0xc3, 0x28]),
      Buffer.from(',\n  '),
      spliced(JSON.stringify(orderLine(2, { Notes: 'gift SPLIT' })), [0xff]),
      Buffer.from(',\n  '),
      spliced(JSON.stringify(orderLine(3, { 'Tier SPLIT': 'gold' })), [0xe9]),
      Buffer.from('\n]\n'),
    ]);
    const products = Buffer.concat([
      Buffer.from('Product ID,Category,Sub-Category,Product Name\nFUR-CH-10002961,Furniture,Chairs,Chaise '),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    const input = makeInput({ 'Orders.json': orders, 'Products.csv': products });
    const out = freshOut();
    const r = await run(input, out);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    await withDuck(async (q) => {
      // every column of every table reads back (DuckDB refuses a Parquet file holding invalid UTF-8)
      for (const layer of ['raw', 'enriched', 'rejects']) {
        for (const t of ['customers', 'products', 'orders']) {
          await expect(q(`select * from ${sqlPath(join(out, layer, `${t}.parquet`))}`)).resolves.toBeDefined();
        }
      }
      expect(
        await q(`select ship_mode, notes, tier from ${sqlPath(join(out, 'raw/orders.parquet'))} order by source_row`),
      ).toEqual([
        { ship_mode: 'Standard \uFFFD(', notes: null, tier: null },
        { ship_mode: 'Standard Class', notes: 'gift \uFFFD', tier: null },
        { ship_mode: 'Standard Class', notes: null, tier: 'gold' },
      ]);
      expect(
        await q(`select ship_mode from ${sqlPath(join(out, 'enriched/orders.parquet'))} order by source_row`),
      ).toEqual([{ ship_mode: 'Standard \uFFFD(' }, { ship_mode: 'Standard Class' }, { ship_mode: 'Standard Class' }]);
      expect(await q(`select product_name from ${sqlPath(join(out, 'enriched/products.parquet'))}`)).toEqual([
        { product_name: 'Chaise \uFFFD' },
      ]);
    });
    // quality.json counts the repaired values: 3 order values or keys, 1 product value
    const fixes = (JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')) as QualityFixes).tables;
    expect(fixes.orders.fixes['text.invalid_utf8']).toEqual({ changed: 3, nulled: 0 });
    expect(fixes.products.fixes['text.invalid_utf8']).toEqual({ changed: 1, nulled: 0 });
    await expectAccounted(out, { orders: 3, products: 1 });
    rmSync(input, { recursive: true, force: true });
    rmSync(dirname(out), { recursive: true, force: true });
  });
});

import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  cli,
  expectAccounted,
  expectOneLine,
  fixtures,
  freshOut,
  makeInput,
  orderLine,
  ordersJson,
  run,
  type SourceName,
} from './harness.js';
import { zipArchive } from '../helpers/zip.js';

const orders = readFileSync(join(fixtures, 'Orders.json'), 'utf8');
const truncatedArray = ordersJson([orderLine(1), orderLine(2)]).replace(/\n\]$/, '');
const brokenNdjson = `${JSON.stringify(orderLine(1))}\n{"Row ID": 2,\n${JSON.stringify(orderLine(3))}\n`;

async function workbookBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** One unusable file: what replaces it, and what the single error line must say after `ecomflow: <file>`. */
interface Case {
  readonly name: string;
  readonly file: SourceName;
  readonly content: () => string | Uint8Array | Promise<string | Uint8Array>;
  readonly message: string;
}

const cases: Case[] = [
  {
    name: 'truncated JSON',
    file: 'Orders.json',
    content: () => orders.slice(0, 1000), // inside the 4th element, after a comma
    message: ", row 4, byte 1000: the file ends inside an object: expected '}'",
  },
  {
    name: 'truncated JSON between values',
    file: 'Orders.json',
    content: () => truncatedArray,
    message:
      `, row 2, byte ${Buffer.byteLength(truncatedArray)}: ` +
      "the file ends before the closing ']' of the top-level array",
  },
  {
    name: 'malformed JSON (a missing comma)',
    file: 'Orders.json',
    content: () => '[\n  {"Row ID": 1 "Order ID": "CA-1"}\n]',
    message: ", row 1, byte 17: expected ',' or '}' after a value, found '\"'",
  },
  {
    name: 'malformed NDJSON (a broken line in the middle)',
    file: 'Orders.ndjson',
    content: () => brokenNdjson,
    // line 2 opens an object that never closes, so line 3's '{' is where a key was expected
    message: `, row 3, byte ${brokenNdjson.indexOf('\n{"Row ID":3') + 1}: expected a key string after ',', found '{'`,
  },
  {
    name: 'JSON that is a number',
    file: 'Orders.json',
    content: () => '42',
    message: ", byte 0: expected a JSON array '[' or one JSON object per line '{' at the top level, found '4'",
  },
  {
    name: 'JSON that is a string',
    file: 'Orders.json',
    content: () => '"orders"',
    message: ", byte 0: expected a JSON array '[' or one JSON object per line '{' at the top level, found '\"'",
  },
  {
    name: 'JSON that is an array of numbers, not objects',
    file: 'Orders.json',
    content: () => '[1, 2, 3]',
    message:
      ', row 1: expected an array of objects (or one object per line), but no row is an object: array element 1 ' +
      'is a number, not an object',
  },
  {
    name: 'JSON with text after the array',
    file: 'Orders.json',
    content: () => `${ordersJson([orderLine(1)])} {}`,
    message:
      `, row 1, byte ${Buffer.byteLength(ordersJson([orderLine(1)])) + 1}: ` +
      "unexpected '{' after the closing ']' of the top-level array",
  },
  {
    name: 'an empty JSON file',
    file: 'Orders.json',
    content: () => '  \n',
    message: ', byte 3: the file is empty: expected a JSON array of objects or one JSON object per line',
  },
  {
    name: 'JSON objects without a required key',
    file: 'Orders.json',
    content: () => ordersJson([orderLine(1, { Profit: undefined }), orderLine(2, { Profit: undefined })]),
    message:
      ', column "Profit": required column "Profit" is missing (found "Row ID", "Order ID", "Order Date", "Ship ' +
      'Date", "Ship Mode", "Customer ID", "Product ID", "Quantity", "Price", "Discount")',
  },
  {
    name: 'a CSV without a required column',
    file: 'Products.csv',
    content: () => 'Product ID,Sub-Category,Product Name\nP-1,Chairs,A chair\n',
    message:
      ', column "Category": required column "Category" is missing (found "Product ID", "Sub-Category", "Product Name")',
  },
  {
    name: 'a CSV whose header does not match (another delimiter)',
    file: 'Products.csv',
    content: () => 'Product ID;Category;Sub-Category\nP-1;Furniture;Chairs\n',
    message:
      ', column "Product ID": required column "Product ID" is missing (found "Product ID;Category;Sub-Category")',
  },
  {
    name: 'a CSV whose header is something else',
    file: 'Products.csv',
    content: () => 'id,name,price\n1,a,2\n',
    message: ', column "Product ID": required column "Product ID" is missing (found "id", "name", "price")',
  },
  {
    name: 'an empty CSV',
    file: 'Products.csv',
    content: () => '',
    message: ': is empty: expected a header row',
  },
  {
    name: 'a CSV with an unclosed quote',
    file: 'Products.csv',
    content: () => 'Product ID,Category,Sub-Category\nP-1,"Furniture,Chairs\n',
    message: ', row 1: malformed CSV: a quote opened on line 2 is never closed (the file ends inside it)',
  },
  {
    name: 'an .xlsx that is a text file',
    file: 'Customer.xlsx',
    content: () => 'Customer ID,Customer Name\n',
    message: ': is not an Excel workbook (not a zip archive)',
  },
  {
    name: 'an .xlsx that is a zip but not a workbook',
    file: 'Customer.xlsx',
    content: () => zipArchive([{ name: 'hello.txt', data: 'hello' }]),
    message: ': is a zip archive but not an Excel workbook (no xl/workbook.xml)',
  },
  {
    name: 'a truncated .xlsx',
    file: 'Customer.xlsx',
    content: () => readFileSync(join(fixtures, 'Customer.xlsx')).subarray(0, 4000),
    message: ': is a damaged workbook: the zip directory at the end of the file is missing (truncated?)',
  },
  {
    name: 'a workbook without any worksheet',
    file: 'Customer.xlsx',
    content: () => workbookBytes(() => {}),
    message: ': the workbook has no worksheet',
  },
  {
    name: 'a workbook whose first worksheet is empty',
    file: 'Customer.xlsx',
    content: () => workbookBytes((wb) => wb.addWorksheet('Empty')),
    message: ', row 1: the worksheet "Empty" has no header row (row 1 is empty)',
  },
  {
    name: 'a workbook without a required column',
    file: 'Customer.xlsx',
    content: () =>
      workbookBytes((wb) => {
        const ws = wb.addWorksheet('Customers');
        ws.addRow(['Customer ID', 'Customer Name', 'City']);
        ws.addRow(['AB-1', 'Ann Bee', 'Austin']);
      }),
    message: ', column "Country": required column "Country" is missing (found "Customer ID", "Customer Name", "City")',
  },
];

describe('whole-file problems: exit 1 and one line naming the file, where and what was expected', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const input = makeInput({ [c.file]: await c.content() });
      const out = freshOut();
      const r = await run(input, out);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      const file = join(input, c.file);
      expectOneLine(r.err, file);
      expect(r.err).toBe(`ecomflow: ${file}${c.message}\n`);
      expect(existsSync(out), 'no warehouse written').toBe(false);
      expect(readdirSync(dirname(out)), 'no staging folder left behind').toEqual([]);
    });
  }

  it('prints the stack too with --debug', async () => {
    const input = makeInput({ 'Orders.json': '[{"Row ID": 1' });
    const r = await run(input, freshOut(), '--debug');
    expect(r.code).toBe(1);
    const [first, ...rest] = r.err.trimEnd().split('\n');
    expect(first).toBe(
      `ecomflow: ${join(input, 'Orders.json')}, row 1, byte 13: the file ends inside an object: expected '}'`,
    );
    expect(rest[0]).toBe(`InputError: ${first!.slice('ecomflow: '.length)}`);
    expect(rest.length).toBeGreaterThan(1);
    expect(rest.slice(1).every((l) => /^\s+at /.test(l))).toBe(true);
  });

  it('names a source given with --orders that does not exist', async () => {
    const input = makeInput();
    const missing = join(input, 'nope.json');
    const r = await cli('run', '--input', input, '--orders', missing, '--out', freshOut(), '--quiet');
    expect(r).toMatchObject({
      code: 1,
      err: `ecomflow: ${missing}: does not exist\n`,
    });
  });

  it('names the input folder when a source is missing from it', async () => {
    const input = makeInput();
    writeFileSync(join(input, 'Orders.json.bak'), '');
    const dir = join(input, 'only-products');
    mkdirSync(dir);
    writeFileSync(join(dir, 'Products.csv'), readFileSync(join(fixtures, 'Products.csv')));
    const r = await run(dir, freshOut());
    expect(r).toMatchObject({
      code: 1,
      err:
        `ecomflow: ${dir}: no customers or orders file: expected files named customer*.xlsx and order*.json, ` +
        'order*.ndjson or order*.jsonl (or name them with --customers and --orders)\n',
    });
  });

  it('leaves the previous warehouse as it was when a later run hits a bad file', async () => {
    const out = freshOut();
    expect((await run(makeInput(), out)).code).toBe(0);
    const before = snapshot(out);
    const r = await run(makeInput({ 'Orders.json': '[{"Row ID": 1,' }), out);
    expect(r.code).toBe(1);
    expect(snapshot(out)).toEqual(before);
    await expectAccounted(out, { customers: 15, products: 14, orders: 27 });
  });
});

/** Every file of a folder tree with its bytes (hex), for before/after comparison. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else files[`${prefix}${e.name}`] = readFileSync(join(d, e.name)).toString('hex');
    }
  };
  walk(dir, '');
  return files;
}

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentError, InputError, rawProducts, readCsv, tableRows } from '../../../src/index.js';
import { MAX_COLUMNS } from '../../../src/table/raw-builder.js';
import { otherUserReachesProject, PROJECT_UNREACHABLE } from '../../helpers/spawn-cli.js';
import { hasSample, sampleDir, tempFile } from '../../helpers/tmp.js';

const made: string[] = [];
afterAll(() => {
  for (const f of made) rmSync(dirname(f), { recursive: true, force: true });
});
/** `tempFile`, removed after the tests. */
const temp = (name: string, content: string | Uint8Array): string => {
  const file = tempFile(name, content);
  made.push(file);
  return file;
};
/** What readCsv throws for `file` (or undefined when it reads). */
const errorOf = (file: string): Promise<unknown> =>
  readCsv(file, rawProducts).then(
    () => undefined,
    (e: unknown) => e,
  );

/**
 * readCsv run by a user who may not read `file`: this process itself, or (when it runs as root, which may read
 * anything) a child process as user `nobody`. Returns the error's rule and message.
 */
async function readAsOtherUser(file: string): Promise<{ rule: string; message: string; name: string }> {
  if (process.getuid?.() !== 0) {
    const e = (await errorOf(file)) as InputError | undefined;
    return e === undefined
      ? { rule: 'none', message: 'read', name: '' }
      : { rule: e.rule, message: e.message, name: e.name };
  }
  const readCsvModule = resolve(import.meta.dirname, '../../../src/io/csv/read-csv.ts');
  const rawModule = resolve(import.meta.dirname, '../../../src/schemas/raw.ts');
  const script = join(dirname(file), 'read.mts');
  writeFileSync(
    script,
    `import { readCsv } from ${JSON.stringify(readCsvModule)};
import { rawProducts } from ${JSON.stringify(rawModule)};
readCsv(${JSON.stringify(file)}, rawProducts).then(
  () => console.log(JSON.stringify({ rule: 'none', message: 'read', name: '' })),
  (e) => console.log(JSON.stringify({ rule: e.rule, message: e.message, name: e.name })),
);
`,
  );
  chmodSync(dirname(file), 0o755);
  chmodSync(script, 0o644);
  const p = spawnSync(process.execPath, ['--import', 'tsx', script], {
    cwd: resolve(import.meta.dirname, '../../..'),
    encoding: 'utf8',
    uid: 65534,
    gid: 65534,
    timeout: 60_000,
  });
  expect(p.status, p.stderr).toBe(0);
  return JSON.parse(p.stdout) as { rule: string; message: string; name: string };
}

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

  it('replaces invalid UTF-8 by U+FFFD in fields and headers, and counts each value once', async () => {
    const body = Buffer.concat([
      Buffer.from(`\uFEFF${header},Fabricant `),
      Buffer.from([0xe9]), // a Latin-1 header
      Buffer.from('\nP1,Furniture,Chairs,"Chaise '),
      Buffer.from([0xe0, 0x80]), // an overlong sequence, in a quoted field
      Buffer.from(' longue",Ohio,1,Zoë\nP2,Furniture,Chairs,Chair,Ohio,2,'),
      Buffer.from([0xff]),
      Buffer.from('\nP3,Furniture,Chairs,Größe,Ohio,3,ok\n'),
    ]);
    const r = await readCsv(temp('p.csv', body), rawProducts);
    expect(r.issues).toEqual([]);
    expect(r.fixes).toEqual({ 'text.invalid_utf8': { changed: 3, nulled: 0 } });
    const rows = tableRows(r.table);
    expect(rows.map((x) => x['product_name'])).toEqual(['Chaise \uFFFD\uFFFD longue', 'Chair', 'Größe']);
    expect(rows.map((x) => x['fabricant'])).toEqual(['Zoë', '\uFFFD', 'ok']);
    // valid text: nothing counted
    expect(
      (await readCsv(temp('p.csv', `${header}\nP1,Furniture,Chairs,Größe 😀,Ohio,1\n`), rawProducts)).fixes,
    ).toEqual({});
  });

  it('skips lines of white space, also non-ASCII white space', async () => {
    const r = await readCsv(
      temp('p.csv', `${header}\nP1,Furniture,Chairs,Chair,Ohio,1\n  \t\n\u00a0\n , \nP2,,,,,\n`),
      rawProducts,
    );
    expect(tableRows(r.table).map((x) => x['product_id'])).toEqual(['P1', 'P2']);
    expect([r.rowsRead, r.issues]).toEqual([2, []]);
  });

  it('names the real record and line of a syntax error, and the field', async () => {
    const good = 'P1,Furniture,Chairs,Chair,Ohio,1';
    const quoteInside = temp('p.csv', `${header}\n${good}\n${good}\n\n${good}\nP4,Furniture,Chairs,13" Clock,Ohio,2\n`);
    const e1 = await errorOf(quoteInside);
    expect(e1).toBeInstanceOf(InputError);
    expect((e1 as InputError).rule).toBe('csv.syntax');
    expect((e1 as InputError).where).toEqual({ file: quoteInside, row: 4 });
    expect((e1 as InputError).message).toBe(
      `${quoteInside}, row 4: malformed CSV: line 6: a quote inside an unquoted field in field "Product Name" ` +
        `(quote the whole field and double the quote: "a ""b"" c")`,
    );
    const unclosed = temp('p.csv', `${header}\n${good}\n${good}\n\n\nP3,Furniture,Chairs,"Chair,Ohio,1\n${good}\n`);
    expect((await errorOf(unclosed)) as InputError).toMatchObject({
      where: { file: unclosed, row: 3 },
      message: `${unclosed}, row 3: malformed CSV: a quote opened on line 6 is never closed (the file ends inside it)`,
    });
    const afterQuote = temp('p.csv', `${header}\n${good}\nP2,Furniture,Chairs,"Chair" x,Ohio,1\n`);
    expect(((await errorOf(afterQuote)) as InputError).message).toBe(
      `${afterQuote}, row 2: malformed CSV: line 3: text after the closing quote of a field in field "Product Name"`,
    );
    const badHeader = temp('p.csv', `Product ID,Cate"gory\n${good}\n`);
    expect(((await errorOf(badHeader)) as InputError).message).toMatch(
      new RegExp(
        `^${badHeader.replaceAll('.', '\\.')}: malformed CSV header: line 1: a quote inside an unquoted field`,
      ),
    );
  });

  it('refuses a repeated header, naming it and both positions', async () => {
    const twice = temp('p.csv', `Category,Product ID,Category,Sub-Category\nFurniture,P1,Chairs,Chairs\n`);
    const e = await errorOf(twice);
    expect(e).toBeInstanceOf(InputError);
    expect(e).toMatchObject({
      rule: 'csv.duplicate_header',
      where: { file: twice, column: 'Category' },
      message:
        `${twice}, column "Category": the header "Category" appears twice, as columns 1 and 3; ` + 'rename one of them',
    });
    const alike = temp('p.csv', `Product ID,Category,Sub-Category,sub category\nP1,Furniture,Chairs,x\n`);
    expect(((await errorOf(alike)) as InputError).message).toBe(
      `${alike}, column "sub category": the headers "Sub-Category" (column 3) and "sub category" (column 4) ` +
        'name the same column "sub_category"; rename one of them',
    );
  });

  it(`reads ${MAX_COLUMNS.toLocaleString('en-US')} columns, and refuses a wider header in linear time`, async () => {
    const wide = (n: number): string => {
      const names = header.split(',');
      for (let i = names.length; i < n; i++) names.push(`Extra ${i}`);
      return `${names.join(',')}\n${names.map((_, i) => `v${i}`).join(',')}\n`;
    };
    const atCap = await readCsv(temp('p.csv', wide(MAX_COLUMNS)), rawProducts);
    expect(atCap.table.numCols).toBe(MAX_COLUMNS + 1); // + source_row
    expect(tableRows(atCap.table)[0]).toMatchObject({ product_id: 'v0', extra_9999: 'v9999' });
    const over = temp('p.csv', wide(MAX_COLUMNS + 1));
    expect(await errorOf(over)).toMatchObject({
      rule: 'header.too_many_columns',
      message: `${over}: the header has 10,001 columns; ecomflow reads at most 10,000 columns per source`,
    });
    // 100,000 columns (1.5 MB of header): refused once the header is parsed, before a column is built
    const huge = temp('p.csv', wide(100_000));
    expect(((await errorOf(huge)) as InputError).message).toMatch(/the header has 100,000 columns/);
  });

  it.skipIf(!existsSync('/proc/self/mem'))(
    'turns a read error into a typed error, never an unhandled event',
    async () => {
      // /proc/self/mem is a regular file to stat, but reading it at offset 0 fails with EIO
      const e = await errorOf('/proc/self/mem');
      expect(e).toBeInstanceOf(EnvironmentError);
      expect(e).toMatchObject({
        rule: 'env.io_error',
        message: 'cannot read /proc/self/mem: input/output error (a failing disk?)',
      });
    },
    10_000,
  );

  it('says "permission denied" for a file it may not read', async ({ skip }) => {
    skip(!otherUserReachesProject(), PROJECT_UNREACHABLE);
    const file = temp('Products.csv', `${header}\nP1,Furniture,Chairs,Chair,Ohio,1\n`);
    chmodSync(file, 0o000);
    // the shared check every reader makes before reading (io/files/file-info.ts)
    expect(await readAsOtherUser(file)).toEqual({
      name: 'EnvironmentError',
      rule: 'io.permission_denied',
      message: `cannot read ${file}: permission denied`,
    });
  });

  it('names a missing file', async () => {
    await expect(readCsv('/nonexistent/Products.csv', rawProducts)).rejects.toThrow(
      '/nonexistent/Products.csv: does not exist',
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

import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { rawCustomers } from '../../../src/schemas/index.js';
import { tableRows } from '../../../src/table/index.js';
import { readXlsx } from '../../../src/io/xlsx/read-xlsx.js';
import { hasSample, sampleDir, tempDir } from '../../helpers/tmp.js';
import { idSchema, rowsXml, workbookFile, type WorkbookSpec } from '../../helpers/workbook.js';
import type { ZipEntry } from '../../helpers/zip.js';

const dir = tempDir('ecomflow-xlsx-');
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
let count = 0;
const book = (spec: WorkbookSpec): string => workbookFile(dir, spec, `book-${++count}.xlsx`);

/** The rows of the one sheet `S` whose sheetData is `rows`. */
async function read(rows: string, spec: Omit<WorkbookSpec, 'sheets'> = {}): Promise<Record<string, unknown>[]> {
  return tableRows((await readXlsx(book({ ...spec, sheets: [{ name: 'S', rows }] }), idSchema)).table);
}

/** A header row `id, a, b, …` (inline strings) and one data row of raw `<c>` XML after the id cell. */
function oneRow(cells: string, columns: number): string {
  const header = ['id', ...Array.from({ length: columns }, (_, i) => `c${i + 1}`)];
  return `${rowsXml([header])}<row r="2"><c r="A2" t="inlineStr"><is><t>r</t></is></c>${cells}</row>`;
}

/** The values of row 2 for cells B2… given as `<c>` XML, keyed c1, c2, …. */
async function shown(cells: string[], spec: Omit<WorkbookSpec, 'sheets'> = {}): Promise<(string | null)[]> {
  const xml = cells.map((c, i) => c.replace('<c', `<c r="${String.fromCharCode(66 + i)}2"`)).join('');
  const [row] = await read(oneRow(xml, cells.length), spec);
  return cells.map((_, i) => (row?.[`c${i + 1}`] ?? null) as string | null);
}

async function rejection(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('readXlsx: the table', () => {
  it('maps the header row to snake_case columns and keeps unknown columns as text', async () => {
    const file = book({
      sheets: [
        {
          name: 'Customers',
          rows: rowsXml([
            ['Customer ID', 'Customer Name', 'Country', 'Postal Code', 'Loyalty Tier'],
            ['PW-19240', 'Pierre Wener', 'United States', 80027, 'Gold'],
          ]),
        },
      ],
    });
    const r = await readXlsx(file, rawCustomers);
    expect(r).toMatchObject({ file, rowsRead: 1, issues: [], sheet: 'Customers', fixes: {} });
    expect(r.table.schema.names).toEqual([
      ...rawCustomers.columns.map((c) => c.name).filter((n) => n !== 'source_row'),
      'loyalty_tier',
      'source_row',
    ]);
    expect(tableRows(r.table)[0]).toMatchObject({
      customer_id: 'PW-19240',
      postal_code: '80027',
      email: null,
      loyalty_tier: 'Gold',
      source_row: 2n,
    });
  });

  it('sets empty cells to null, skips empty rows without counting them and keeps worksheet row numbers', async () => {
    const rows =
      rowsXml([['id', 'a', 'b'], ['x', null, 'b1'], null]) +
      '<row r="4" spans="1:3"><c r="A4" s="0"/><c r="B4" t="inlineStr"><is><t></t></is></c></row>' +
      rowsXml([null, null, null, null, ['y', 'a2', '']]);
    const file = book({ sheets: [{ name: 'S', rows }] });
    const r = await readXlsx(file, idSchema);
    expect(r.rowsRead).toBe(2);
    expect(tableRows(r.table)).toEqual([
      { id: 'x', a: null, b: 'b1', source_row: 2n },
      { id: 'y', a: 'a2', b: null, source_row: 5n },
    ]);
  });

  it('keeps values under a blank header as column_<n>, and a repeated header as a second column', async () => {
    const rows = rowsXml([
      ['id', 'phone', null, 'Phone'],
      ['x', '555', 'note', '556', 'beyond'],
    ]);
    expect(await read(rows)).toEqual([
      { id: 'x', phone: '555', phone_2: '556', column_3: 'note', column_5: 'beyond', source_row: 2n },
    ]);
  });

  it('places cells and rows without a reference after the previous one (r is optional)', async () => {
    const rows =
      '<row><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>a</t></is></c></row>' +
      '<row><c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row>' +
      '<row r="5"><c r="B5"><v>2</v></c></row><row><c><v>3</v></c></row>';
    expect(await read(rows)).toEqual([
      { id: 'x', a: '1', source_row: 2n },
      { id: null, a: '2', source_row: 5n },
      { id: '3', a: null, source_row: 6n },
    ]);
  });

  it('reads elements with a namespace prefix (x:row, x:c) as a SpreadsheetML writer may emit them', async () => {
    const xml =
      '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>id</x:t></x:is></x:c></x:row>' +
      '<x:row r="2"><x:c r="A2"><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>';
    const r = await readXlsx(book({ sheets: [{ name: 'S', xml }] }), idSchema);
    expect(tableRows(r.table)).toEqual([{ id: '7', source_row: 2n }]);
  });

  it('reports the file size in bytes', async () => {
    const file = book({ sheets: [{ name: 'S', rows: rowsXml([['id'], ['x']]) }] });
    expect((await readXlsx(file, idSchema)).bytes).toBe(statSync(file).size);
  });

  it('streams a worksheet larger than one inflate chunk, with text across chunk ends', async () => {
    const names = Array.from({ length: 20000 }, (_, i) => `Zoë Ñúñez 東京 ${i} 🙂 & co`);
    const padding = ' '.repeat(9 << 20); // past the one-step size: the part streams through zlib in chunks
    const rows = rowsXml([['id', 'name']]) + padding + rowsXml([null, ...names.map((n, i) => [`c${i}`, n])]);
    const r = await readXlsx(book({ sheets: [{ name: 'S', rows }] }), idSchema);
    expect(r.rowsRead).toBe(names.length);
    expect(tableRows(r.table).map((row) => row['name'])).toEqual(names);
  });
});

describe('readXlsx: cells as Excel shows them', () => {
  it('reads shared strings: plain, spaced, rich runs joined, phonetic guides out, entities decoded once', async () => {
    const shared = [
      '<t>plain</t>',
      '<t xml:space="preserve"> lead &amp; trail </t>',
      '<r><rPr><b/></rPr><t>Ri</t></r><r><t xml:space="preserve">ch </t></r><r><t>text</t></r>',
      '<t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/>',
      '<r><t>東</t></r><rPh sb="0" eb="1"><t>ひがし</t></rPh><r><t>京</t></r>',
      '<t>&#65;&#x42;&lt;&amp;lt;</t>',
      '<t/>',
      '<t>a_x000D_b _x005F_x0041_ _x0041_</t>',
      '\n  <t>ws</t>\n',
      '<t>a > b</t>',
    ];
    const cells = shared.map((_, i) => `<c t="s"><v>${i}</v></c>`);
    expect(await shown(cells, { shared })).toEqual([
      'plain',
      ' lead & trail ',
      'Rich text',
      '漢字',
      '東京',
      'AB<&lt;',
      null,
      'a\rb _x0041_ A',
      'ws',
      'a > b',
    ]);
  });

  it('reads inline strings decoded once, rich runs joined and phonetic runs left out', async () => {
    expect(
      await shown([
        '<c t="inlineStr"><is><t>a &amp;lt; b &amp;amp; c</t></is></c>',
        '<c t="inlineStr"><is><r><t>first</t></r><r><rPr><i/></rPr><t xml:space="preserve"> second</t></r></is></c>',
        '<c t="inlineStr"><is><t>日本</t><rPh sb="0" eb="2"><t>にほん</t></rPh></is></c>',
        '<c t="inlineStr"><is><t><![CDATA[<b> & </b>]]></t></is></c>',
        '<c t="inlineStr"><is><t>line1\r\nline2</t></is></c>',
      ]),
    ).toEqual(['a &lt; b &amp; c', 'first second', '日本', '<b> & </b>', 'line1\nline2']);
  });

  it('shows numbers as General does: up to 15 significant digits, never an exponent', async () => {
    const values = ['7185624866', '0.1', '1E-7', '1E+21', '-0', '0.30000000000000004', '-2.5', '80027', '007', ' 3.5'];
    expect(await shown(values.map((v) => `<c><v>${v}</v></c>`))).toEqual([
      '7185624866',
      '0.1',
      '0.0000001',
      '1000000000000000000000',
      '0',
      '0.3',
      '-2.5',
      '80027',
      '7',
      '3.5',
    ]);
  });

  it('applies simple number formats, rounding half away from zero on the decimal digits', async () => {
    const spec = { numFmts: { 164: '00000', 165: '#,##0.00' }, styles: [0, 164, 2, 165, 9, 10, 1, 49] };
    expect(
      await shown(
        [
          '<c s="1"><v>2005</v></c>',
          '<c s="2"><v>3.14159</v></c>',
          '<c s="2"><v>1.005</v></c>',
          '<c s="2"><v>-0.001</v></c>',
          '<c s="3"><v>1234567.891</v></c>',
          '<c s="4"><v>0.256</v></c>',
          '<c s="5"><v>0.12345</v></c>',
          '<c s="6"><v>41.5</v></c>',
          '<c s="7"><v>12</v></c>',
          '<c s="99"><v>12.5</v></c>',
        ],
        spec,
      ),
    ).toEqual(['02005', '3.14', '1.01', '0.00', '1,234,567.89', '26%', '12.35%', '42', '12', '12.5']);
  });

  it('shows dates, times and date-times by number format (built-in ids and custom codes), 1900 system', async () => {
    const spec = {
      numFmts: { 164: 'yyyy\\-mm\\-dd', 165: 'dd/mm/yyyy hh:mm:ss', 166: '[$-409]mmmm d, yyyy;@', 167: '0.00 "m"' },
      styles: [0, 14, 22, 21, 46, 164, 165, 166, 167, 45],
    };
    expect(
      await shown(
        [
          '<c s="1"><v>44000</v></c>',
          '<c s="1"><v>44000.75</v></c>',
          '<c s="2"><v>44000.5</v></c>',
          '<c s="3"><v>0.5729166666666666</v></c>',
          '<c s="4"><v>1.5</v></c>',
          '<c s="5"><v>44260</v></c>',
          '<c s="6"><v>44260.573263888888</v></c>',
          '<c s="7"><v>44260</v></c>',
          '<c s="8"><v>44260</v></c>',
          '<c s="9"><v>0.0104166666666667</v></c>',
          '<c s="1"><v>1</v></c>',
          '<c s="1"><v>59</v></c>',
          '<c s="1"><v>60</v></c>',
          '<c s="1"><v>61</v></c>',
          '<c s="1"><v>-1</v></c>',
        ],
        spec,
      ),
    ).toEqual([
      '2020-06-18',
      '2020-06-18',
      '2020-06-18T12:00:00',
      '13:45:00',
      '36:00:00',
      '2021-03-05',
      '2021-03-05T13:45:30',
      '2021-03-05',
      '44260', // `0.00 "m"`: the m is quoted text, so not a date; not a simple format either, so General
      '00:15:00',
      '1900-01-01',
      '1900-02-28',
      '1900-02-29',
      '1900-03-01',
      '-1',
    ]);
  });

  it('shows dates of a 1904-based workbook (date1904="1" or "true")', async () => {
    for (const flag of ['1', 'true']) {
      expect(
        await shown(['<c s="1"><v>0</v></c>', '<c s="1"><v>42399</v></c>'], { styles: [0, 14], date1904: flag }),
      ).toEqual(['1904-01-01', '2020-01-31']);
    }
    expect(await shown(['<c s="1"><v>42399</v></c>'], { styles: [0, 14], date1904: '0' })).toEqual(['2016-01-30']);
  });

  it('reads booleans as TRUE/FALSE, errors as written, ISO date cells by their format', async () => {
    expect(
      await shown(
        [
          '<c t="b"><v>1</v></c>',
          '<c t="b"><v>0</v></c>',
          '<c t="e"><v>#N/A</v></c>',
          '<c t="e"><v>#DIV/0!</v></c>',
          '<c t="d" s="1"><v>2021-03-05T13:45:30</v></c>',
          '<c t="d" s="2"><v>2021-03-05T13:45:30Z</v></c>',
          '<c t="d"><v>2021-03-05</v></c>',
        ],
        { styles: [0, 22, 14] },
      ),
    ).toEqual(['TRUE', 'FALSE', '#N/A', '#DIV/0!', '2021-03-05T13:45:30', '2021-03-05', '2021-03-05']);
  });

  it('reads formula cells by their cached value, of every type', async () => {
    expect(
      await shown(
        [
          '<c t="str"><f>A1&amp;"!"</f><v>a &amp;lt; b</v></c>',
          '<c><f>1+1</f><v>2</v></c>',
          '<c t="b"><f>1=1</f><v>1</v></c>',
          '<c t="e"><f>1/0</f><v>#DIV/0!</v></c>',
          '<c s="1"><f>TODAY()</f><v>44000</v></c>',
          '<c><f>NOW()</f></c>',
          '<c t="str"><f t="shared" ref="B2:B3" si="0">A2</f><v>shared</v></c>',
        ],
        { styles: [0, 14] },
      ),
    ).toEqual(['a &lt; b', '2', 'TRUE', '#DIV/0!', '2020-06-18', null, 'shared']);
  });

  it('gives a cell without s the default style 0, whatever its row style says', async () => {
    const rows =
      rowsXml([['id', 'a', 'b']]) +
      '<row r="2" s="1" customFormat="1"><c r="A2" t="inlineStr"><is><t>y</t></is></c>' +
      '<c r="B2"><v>44001</v></c><c r="C2" s="1"><v>44001</v></c></row>';
    expect(await read(rows, { styles: [0, 14] })).toEqual([{ id: 'y', a: '44001', b: '2020-06-19', source_row: 2n }]);
  });
});

describe('readXlsx: which sheet', () => {
  const sheet = (name: string, id: string, state?: 'hidden' | 'veryHidden') => ({
    name,
    rows: rowsXml([['id'], [id]]),
    ...(state === undefined ? {} : { state }),
  });
  const readSheet = async (...sheets: ReturnType<typeof sheet>[]) => {
    const r = await readXlsx(book({ sheets }), idSchema);
    return { sheet: r.sheet, id: tableRows(r.table)[0]?.['id'] };
  };

  it('reads the first visible worksheet when no sheet is named customer*', async () => {
    expect(await readSheet(sheet('First', 'a'), sheet('Second', 'b'))).toEqual({ sheet: 'First', id: 'a' });
    expect(await readSheet(sheet('Notes', 'a', 'hidden'), sheet('Data', 'b'))).toEqual({ sheet: 'Data', id: 'b' });
    expect(await readSheet(sheet('X', 'a', 'veryHidden'), sheet('Y', 'b', 'hidden'), sheet('Z', 'c'))).toEqual({
      sheet: 'Z',
      id: 'c',
    });
  });

  it('reads the worksheet named customer* (any case) wherever it is, even hidden', async () => {
    expect(await readSheet(sheet('Notes', 'a'), sheet('CUSTOMERS 2024', 'b'))).toEqual({
      sheet: 'CUSTOMERS 2024',
      id: 'b',
    });
    expect(await readSheet(sheet('Notes', 'a'), sheet('customer', 'b', 'hidden'))).toEqual({
      sheet: 'customer',
      id: 'b',
    });
    expect(await readSheet(sheet('Customers (old)', 'a', 'hidden'), sheet('Customers', 'b'))).toEqual({
      sheet: 'Customers',
      id: 'b',
    });
  });

  it('refuses several visible customer* worksheets, naming them', async () => {
    const file = book({ sheets: [sheet('Customers', 'a'), sheet('customers-eu', 'b')] });
    const error = await rejection(readXlsx(file, idSchema));
    expect(error.rule).toBe('xlsx.ambiguous_sheet');
    expect(error.message).toBe(
      `${file}: has several worksheets named like customer* ("Customers", "customers-eu"); keep one, or ` +
        'rename the others',
    );
  });

  it('refuses a workbook whose worksheets are all hidden and none is named customer*', async () => {
    const file = book({ sheets: [sheet('A', 'a', 'hidden'), sheet('B', 'b', 'veryHidden')] });
    const error = await rejection(readXlsx(file, idSchema));
    expect(error.rule).toBe('xlsx.empty');
    expect(error.message).toBe(`${file}: the workbook has no visible worksheet (hidden: "A", "B")`);
  });

  it('leaves chart sheets out', async () => {
    const file = book({
      sheets: [sheet('Chart1', 'x'), sheet('Data', 'b')],
      entries: (entries) =>
        entries.map((e) =>
          e.name === 'xl/_rels/workbook.xml.rels'
            ? {
                ...e,
                data: String(e.data).replace(
                  'relationships/worksheet" Target="worksheets/sheet1',
                  'relationships/chartsheet" Target="worksheets/sheet1',
                ),
              }
            : e,
        ),
    });
    expect((await readXlsx(file, idSchema)).sheet).toBe('Data');
  });
});

describe('readXlsx: invalid UTF-8 is replaced and counted', () => {
  it('replaces invalid bytes with U+FFFD and counts each data value that had them', async () => {
    const bad = (xml: string): Buffer =>
      Buffer.concat(
        xml.split('BAD').flatMap((part, i) => [...(i > 0 ? [Buffer.from([0x41, 0xff, 0x42])] : []), Buffer.from(part)]),
      );
    const entries = (list: ZipEntry[]) =>
      list.map((e) =>
        e.name === 'xl/sharedStrings.xml' || e.name === 'xl/worksheets/sheet1.xml'
          ? { ...e, data: bad(String(e.data)) }
          : e,
      );
    const shared = ['<t>id</t>', '<t>nameBAD</t>', '<t>BAD</t>', '<t>Zoë</t>'];
    const rows =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><t>xBADy</t></is></c></row>' +
      '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="s"><v>3</v></c></row>';
    const r = await readXlsx(book({ sheets: [{ name: 'S', rows }], shared, entries }), idSchema);
    // the header's repair names a column (name_a_b), it is not a value: not counted
    expect(r.table.schema.names).toEqual(['id', 'name_a_b', 'source_row']);
    expect(tableRows(r.table)).toEqual([
      { id: 'A\uFFFDB', name_a_b: 'xA\uFFFDBy', source_row: 2n },
      { id: 'A\uFFFDB', name_a_b: 'Zoë', source_row: 3n },
    ]);
    expect(r.fixes).toEqual({ 'text.invalid_utf8': { changed: 3, nulled: 0 } });
  });

  it('replaces a lone surrogate written as an escape, and counts it', async () => {
    const r = await readXlsx(
      book({ sheets: [{ name: 'S', rows: oneRow('<c r="B2" t="inlineStr"><is><t>a_xD800_b</t></is></c>', 1) }] }),
      idSchema,
    );
    expect(tableRows(r.table)[0]).toMatchObject({ c1: 'a\uFFFDb' });
    expect(r.fixes).toEqual({ 'text.invalid_utf8': { changed: 1, nulled: 0 } });
  });
});

describe('readXlsx: refusals', () => {
  it('rejects a workbook whose worksheet has no header row', async () => {
    const empty = book({ sheets: [{ name: 'S', rows: '' }] });
    const e1 = await rejection(readXlsx(empty, idSchema));
    expect(e1.rule).toBe('xlsx.empty');
    expect(e1.message).toBe(`${empty}, row 1: the worksheet "S" has no header row (row 1 is empty)`);
    const noHeader = book({ sheets: [{ name: 'S', rows: rowsXml([null, ['x', 'y']]) }] });
    expect((await rejection(readXlsx(noHeader, idSchema))).where).toEqual({ file: noHeader, row: 1 });
  });

  it('rejects a workbook with no worksheet', async () => {
    const file = book({ sheets: [] });
    const error = await rejection(readXlsx(file, idSchema));
    expect(error.rule).toBe('xlsx.empty');
    expect(error.message).toBe(`${file}: the workbook has no worksheet`);
  });

  it('rejects a missing required column before reading data', async () => {
    const file = book({
      sheets: [
        {
          name: 'S',
          rows: rowsXml([
            ['Customer ID', 'Country'],
            ['PW-1', 'US'],
          ]),
        },
      ],
    });
    const error = await rejection(readXlsx(file, rawCustomers));
    expect(error.rule).toBe('header.missing_column');
    expect(error.where).toEqual({ file, column: 'Customer Name' });
  });

  it('rejects a missing file as io.not_found', async () => {
    const file = join(dir, 'absent.xlsx');
    const error = await rejection(readXlsx(file, rawCustomers));
    expect(error.rule).toBe('io.not_found');
    expect(error.message).toContain(file);
  });
});

describe.skipIf(!hasSample)('readXlsx on the real sample', () => {
  it('reads Customer.xlsx as shown in Excel', async () => {
    const r = await readXlsx(join(sampleDir, 'Customer.xlsx'), rawCustomers);
    expect(r.rowsRead).toBe(793);
    expect(r.sheet).toBe('Worksheet');
    expect(r.fixes).toEqual({});
    const rows = tableRows(r.table);
    const byId = (id: string) => rows.find((row) => row['customer_id'] === id);
    expect(rows[0]!['source_row']).toBe(2n);
    expect(byId('PW-19240')).toMatchObject({ phone: '421.580.0902x9815', postal_code: '80027' });
    expect(byId('PW-19240')!['address']).toContain('\n');
    expect(byId('KL-16555')).toMatchObject({ phone: '7185624866' });
    expect(byId('GH-14410')).toMatchObject({ customer_name: 'Gary567 Hansen' });
    expect(byId('HW-14935')).toMatchObject({ phone: '#ERROR!' });
  });
});

describe('the xlsx reader’s dependencies', () => {
  it('keeps exceljs out of the runtime dependencies and out of src/', () => {
    const root = join(import.meta.dirname, '../../..');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies)).not.toContain('exceljs');
    const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    );
    const importers = sources.filter((f) =>
      /from ['"]exceljs['"]|import\(['"]exceljs['"]\)/.test(readFileSync(join(root, 'src', f), 'utf8')),
    );
    expect(importers).toEqual([]);
  });
});

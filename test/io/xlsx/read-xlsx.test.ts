import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { rawCustomers } from '../../../src/schemas/index.js';
import { tableRows } from '../../../src/table/index.js';
import { cellText } from '../../../src/io/xlsx/cell-text.js';
import { readXlsx } from '../../../src/io/xlsx/read-xlsx-exceljs.js';
import { sampleDir, tempDir, tempFile } from '../../helpers/tmp.js';
import { idSchema, workbook, type Cell } from '../../helpers/workbook.js';
import { zipArchive } from '../../helpers/zip.js';

const sampleFile = join(sampleDir, 'Customer.xlsx');

/** The error a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('readXlsx', () => {
  it('maps the header row to snake_case columns and keeps unknown columns as text', async () => {
    const file = await workbook({
      Customers: [
        ['Customer ID', 'Customer Name', 'Country', 'Postal Code', 'Loyalty Tier'],
        ['PW-19240', 'Pierre Wener', 'United States', 80027, 'Gold'],
      ],
    });
    const r = await readXlsx(file, rawCustomers);
    expect(r.file).toBe(file);
    expect(r.rowsRead).toBe(1);
    expect(r.issues).toEqual([]);
    expect(r.table.schema.names).toEqual([
      ...rawCustomers.columns.map((c) => c.name).filter((n) => n !== 'source_row'),
      'loyalty_tier',
      'source_row',
    ]);
    expect(tableRows(r.table)[0]).toMatchObject({
      customer_id: 'PW-19240',
      customer_name: 'Pierre Wener',
      country: 'United States',
      postal_code: '80027',
      email: null,
      loyalty_tier: 'Gold',
      source_row: 2n,
    });
  });

  it('renders each kind of cell as the text Excel shows', async () => {
    const headers = [
      'id',
      'text',
      'general_int',
      'general_big',
      'fraction',
      'zip',
      'fixed',
      'grouped',
      'percent',
      'other_fmt',
      'yes',
      'no',
      'day',
      'moment',
      'f_num',
      'f_str',
      'f_bool',
      'f_err',
      'f_date',
      'f_none',
      'rich',
      'link',
      'err',
      'multi',
      'spaced',
    ];
    const values: Cell[] = [
      'r1',
      'plain',
      7185624866,
      1e21,
      0.1,
      { value: 2005, numFmt: '00000' },
      { value: 3.14159, numFmt: '0.00' },
      { value: 1234567.891, numFmt: '#,##0.00' },
      { value: 0.256, numFmt: '0%' },
      { value: 1234.5, numFmt: '[Red]0.00;(0.00)' },
      true,
      false,
      new Date(Date.UTC(2021, 2, 5)),
      { value: new Date(Date.UTC(2021, 2, 5, 13, 45, 30)), numFmt: 'yyyy-mm-dd hh:mm:ss' },
      { formula: 'C2*2', result: 14371249732 },
      { formula: 'B2&"!"', result: 'plain!' },
      { formula: 'C2>0', result: true },
      { formula: '1/0', result: { error: '#DIV/0!' } },
      { value: { formula: 'M2+1', result: new Date(Date.UTC(2021, 2, 6)) }, numFmt: 'yyyy-mm-dd' },
      { formula: 'NOW()' } as ExcelJS.CellValue,
      { richText: [{ text: 'Bold', font: { bold: true } }, { text: ' and plain' }] },
      { text: 'Acme site', hyperlink: 'https://acme.example/' },
      { error: '#N/A' },
      '001 Jones Ridges Suite 338\nJohnsonfort, FL 95462',
      '  padded  ',
    ];
    const r = await readXlsx(await workbook({ S: [headers, values] }), idSchema);
    expect(tableRows(r.table)).toEqual([
      {
        id: 'r1',
        text: 'plain',
        general_int: '7185624866',
        general_big: '1000000000000000000000',
        fraction: '0.1',
        zip: '02005',
        fixed: '3.14',
        grouped: '1,234,567.89',
        percent: '26%',
        other_fmt: '1234.5',
        yes: 'TRUE',
        no: 'FALSE',
        day: '2021-03-05',
        moment: '2021-03-05T13:45:30',
        f_num: '14371249732',
        f_str: 'plain!',
        f_bool: 'TRUE',
        f_err: '#DIV/0!',
        f_date: '2021-03-06',
        f_none: null,
        rich: 'Bold and plain',
        link: 'Acme site',
        err: '#N/A',
        multi: '001 Jones Ridges Suite 338\nJohnsonfort, FL 95462',
        spaced: '  padded  ',
        source_row: 2n,
      },
    ]);
  });

  it('reads dates of a 1904-based workbook', async () => {
    const file = await workbook(
      {
        S: [
          ['id', 'day'],
          ['a', new Date(Date.UTC(2020, 0, 31))],
        ],
      },
      { date1904: true },
    );
    expect(tableRows((await readXlsx(file, idSchema)).table)[0]).toMatchObject({ day: '2020-01-31' });
  });

  it('sets empty cells to null, skips empty rows without counting them and keeps worksheet row numbers', async () => {
    const file = await workbook({
      S: [['id', 'a', 'b'], ['x', null, 'b1'], undefined, [null, null, null], ['y', 'a2', '']],
    });
    const r = await readXlsx(file, idSchema);
    expect(r.rowsRead).toBe(2);
    expect(tableRows(r.table)).toEqual([
      { id: 'x', a: null, b: 'b1', source_row: 2n },
      { id: 'y', a: 'a2', b: null, source_row: 5n },
    ]);
  });

  it('keeps values under a blank header as column_<n>, and a repeated header as a second column', async () => {
    const file = await workbook({
      S: [
        ['id', 'phone', null, 'Phone'],
        ['x', '555', 'note', '556', 'beyond'],
      ],
    });
    const r = await readXlsx(file, idSchema);
    expect(tableRows(r.table)).toEqual([
      { id: 'x', phone: '555', phone_2: '556', column_3: 'note', column_5: 'beyond', source_row: 2n },
    ]);
  });

  it('reads only the first worksheet', async () => {
    const file = await workbook({
      First: [['id'], ['from-first']],
      Second: [
        ['id', 'other'],
        ['from-second', 'z'],
      ],
    });
    const r = await readXlsx(file, idSchema);
    expect(tableRows(r.table)).toEqual([{ id: 'from-first', source_row: 2n }]);
  });

  it('keeps multi-byte text intact across stream chunk boundaries', async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `Zoë Ñúñez 東京 ${i} 🙂`);
    const file = await workbook({ S: [['id', 'name'], ...names.map((n, i) => [`c${i}`, n])] });
    const r = await readXlsx(file, idSchema);
    const rows = tableRows(r.table);
    expect(rows.map((row) => row['name'])).toEqual(names);
  });

  it('rejects a text file renamed .xlsx as not a workbook, naming the file', async () => {
    const file = tempFile('Customer.xlsx', 'Customer ID,Customer Name\nPW-1,Pierre\n');
    const error = await rejection(readXlsx(file, rawCustomers));
    expect(error.rule).toBe('xlsx.not_a_workbook');
    expect(error.where.file).toBe(file);
    expect(error.message).toContain(file);
  });

  it('rejects a corrupt zip as not a workbook without leaking the exceljs error', async () => {
    const good = await workbook({ S: [['id'], ['x']] });
    const bytes = readFileSync(good);
    const file = tempFile('broken.xlsx', bytes.subarray(0, 600));
    const error = await rejection(readXlsx(file, idSchema));
    expect(error.rule).toBe('xlsx.not_a_workbook');
    expect(error.message).toContain(file);
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it('rejects a zip archive that holds no workbook', async () => {
    const file = tempFile('notes.xlsx', zipArchive([{ name: 'notes.txt', data: 'not a spreadsheet' }]));
    const error = await rejection(readXlsx(file, idSchema));
    expect(error.rule).toBe('xlsx.not_a_workbook');
    expect(error.message).toContain(file);
  });

  it('rejects a workbook whose first worksheet has no header row', async () => {
    const empty = await workbook({ S: [] });
    const e1 = await rejection(readXlsx(empty, idSchema));
    expect(e1.rule).toBe('xlsx.empty');
    expect(e1.message).toContain(empty);

    const noHeader = await workbook({ S: [undefined, ['x', 'y']] });
    const e2 = await rejection(readXlsx(noHeader, idSchema));
    expect(e2.rule).toBe('xlsx.empty');
    expect(e2.where).toEqual({ file: noHeader, row: 1 });
  });

  it('rejects a workbook with no worksheet', async () => {
    const wb = new ExcelJS.Workbook();
    const file = join(tempDir('ecomflow-xlsx-'), 'none.xlsx');
    await wb.xlsx.writeFile(file);
    const error = await rejection(readXlsx(file, idSchema));
    expect(error.rule).toBe('xlsx.empty');
    expect(error.message).toContain(file);
  });

  it('rejects a missing required column before reading data', async () => {
    const file = await workbook({
      S: [
        ['Customer ID', 'Country'],
        ['PW-1', 'United States'],
      ],
    });
    const error = await rejection(readXlsx(file, rawCustomers));
    expect(error.rule).toBe('header.missing_column');
    expect(error.where).toEqual({ file, column: 'Customer Name' });
    expect(error.message).toContain(file);
  });

  it('rejects a missing file as io.not_found', async () => {
    const file = join(tempDir('ecomflow-xlsx-'), 'absent.xlsx');
    const error = await rejection(readXlsx(file, rawCustomers));
    expect(error.rule).toBe('io.not_found');
    expect(error.message).toContain(file);
  });

  it('reports the file size in bytes', async () => {
    const file = await workbook({ S: [['id'], ['x']] });
    expect((await readXlsx(file, idSchema)).bytes).toBe(statSync(file).size);
  });
});

describe('cellText', () => {
  it('shows General numbers with at most 15 significant digits and no exponent', () => {
    expect(cellText(80027, 'General')).toBe('80027');
    expect(cellText(0.1 + 0.2, undefined)).toBe('0.3');
    expect(cellText(1e-7, 'General')).toBe('0.0000001');
    expect(cellText(-2.5, undefined)).toBe('-2.5');
    expect(cellText(-0, undefined)).toBe('0');
  });

  it('rounds fixed decimals half away from zero on the decimal digits', () => {
    expect(cellText(1.005, '0.00')).toBe('1.01');
    expect(cellText(-1.005, '0.00')).toBe('-1.01');
    expect(cellText(0.999, '0.00')).toBe('1.00');
    expect(cellText(-0.001, '0.00')).toBe('0.00');
    expect(cellText(42, '0')).toBe('42');
    expect(cellText(7, '000')).toBe('007');
    expect(cellText(0.5, '0.0%')).toBe('50.0%');
  });

  it('treats empty strings and empty rich text as empty', () => {
    expect(cellText('', undefined)).toBeNull();
    expect(cellText({ richText: [] }, undefined)).toBeNull();
    expect(cellText(null, undefined)).toBeNull();
  });
});

describe.skipIf(!existsSync(sampleFile))('readXlsx on the real sample', () => {
  it('reads Customer.xlsx as shown in Excel', async () => {
    const started = performance.now();
    const r = await readXlsx(sampleFile, rawCustomers);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1000);
    expect(r.rowsRead).toBe(793);
    expect(r.table.numRows).toBe(793);
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

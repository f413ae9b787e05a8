import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { readXlsx } from '../../../src/io/xlsx/read-xlsx.js';
import { tableRows } from '../../../src/table/index.js';
import { cli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { idSchema, rowsXml, workbookBytes, workbookEntries, type WorkbookSpec } from '../../helpers/workbook.js';
import { oleCompoundFile, zipArchive, type ZipEntry } from '../../helpers/zip.js';

const dir = tempDir('ecomflow-xlsx-damaged-');
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
let count = 0;
const save = (bytes: Uint8Array): string => {
  const file = join(dir, `book-${++count}.xlsx`);
  writeFileSync(file, bytes);
  return file;
};

const good: WorkbookSpec = {
  sheets: [
    { name: 'S', rows: '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>' },
  ],
  shared: ['<t>id</t>', '<t>x</t>'],
};
/** The good workbook with its entries changed by `change`. */
const withEntries = (change: (entries: ZipEntry[]) => ZipEntry[]): string =>
  save(zipArchive(change(workbookEntries(good))));
const replaceEntry = (name: string, replace: (e: ZipEntry) => ZipEntry) =>
  withEntries((entries) => entries.map((e) => (e.name === name ? replace(e) : e)));

/** The InputError reading `file` ends with, within `ms`. */
async function failure(file: string, ms = 5000): Promise<InputError> {
  const started = performance.now();
  const error = await readXlsx(file, idSchema).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(performance.now() - started).toBeLessThan(ms);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('readXlsx on damaged workbooks', () => {
  it('reads the undamaged workbook these are made from', async () => {
    expect(tableRows((await readXlsx(save(workbookBytes(good)), idSchema)).table)).toEqual([
      { id: 'x', source_row: 2n },
    ]);
  });

  it('names a truncated archive', async () => {
    const bytes = workbookBytes(good);
    for (const cut of [bytes.length - 10, Math.floor(bytes.length / 2), 100]) {
      const file = save(bytes.subarray(0, cut));
      const error = await failure(file);
      expect(error.rule).toBe('xlsx.damaged');
      expect(error.message).toBe(
        `${file}: is a damaged workbook: the zip directory at the end of the file is missing (truncated?)`,
      );
    }
  });

  it('names an entry whose local header is not where the directory says, or whose data is missing', async () => {
    const bytes = Buffer.from(workbookBytes(good));
    bytes.writeUInt32LE(0, bytes.indexOf('PK\x03\x04', 4)); // the second entry's local header signature
    const file = save(bytes);
    const error = await failure(file);
    expect(error.rule).toBe('xlsx.damaged');
    expect(error.message).toBe(
      `${file}: is a damaged workbook: entry "_rels/.rels" has no local header where the zip directory points`,
    );
    const liar = replaceEntry('xl/styles.xml', (e) => ({ ...e, packed: Buffer.alloc(0) }));
    expect((await failure(liar)).message).toBe(
      `${liar}: is a damaged workbook: entry "xl/styles.xml" is corrupt (its compressed data does not ` +
        'inflate: unexpected end of file)',
    );
  });

  it('names an entry whose CRC-32 does not match', async () => {
    const file = replaceEntry('xl/worksheets/sheet1.xml', (e) => ({ ...e, declaredCrc: 12345 }));
    const error = await failure(file);
    expect(error.rule).toBe('xlsx.damaged');
    expect(error.message).toBe(
      `${file}: is a damaged workbook: entry "xl/worksheets/sheet1.xml" fails its CRC-32 check (its data is corrupt)`,
    );
  });

  it('names an entry whose deflate stream is corrupt', async () => {
    const sheet = workbookEntries(good).find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    const packed = Buffer.from(deflateRawSync(Buffer.from(String(sheet.data))));
    packed[5] = 0xff;
    packed[6] = 0xff;
    const file = replaceEntry('xl/worksheets/sheet1.xml', (e) => ({ ...e, packed }));
    const error = await failure(file);
    expect(error.rule).toBe('xlsx.damaged');
    expect(error.message).toMatch(
      /: is a damaged workbook: entry "xl\/worksheets\/sheet1\.xml" (is corrupt \(its compressed data does not inflate: .+\)|inflates to \d+ bytes, but the zip directory says \d+|fails its CRC-32 check)/,
    );
  });

  it('names an entry that inflates to another size than declared', async () => {
    const file = replaceEntry('xl/sharedStrings.xml', (e) => ({ ...e, declaredSize: 5000 }));
    const error = await failure(file);
    expect(error.message).toMatch(
      /entry "xl\/sharedStrings\.xml" inflates to \d+ bytes, but the zip directory says 5,000$/,
    );
  });

  it('is not confused by zip signatures inside compressed or stored data (central directory only)', async () => {
    const noise = Buffer.concat([randomBytes(3000), Buffer.from('PK\x07\x08PK\x03\x04PK\x01\x02'), randomBytes(3000)]);
    expect(deflateRawSync(noise).includes(Buffer.from('PK\x07\x08'))).toBe(true);
    const file = withEntries((entries) => [
      { name: 'docProps/noise.bin', data: noise },
      { name: 'docProps/stored.bin', data: noise, stored: true },
      ...entries,
    ]);
    expect(tableRows((await readXlsx(file, idSchema)).table)).toEqual([{ id: 'x', source_row: 2n }]);
  });

  it('names a shared-string index the workbook does not have', async () => {
    const file = save(
      workbookBytes({
        ...good,
        sheets: [{ name: 'S', rows: rowsXml([['id']]) + '<row r="2"><c r="A2" t="s"><v>7</v></c></row>' }],
      }),
    );
    const error = await failure(file);
    expect(error.rule).toBe('xlsx.damaged');
    expect(error.message).toBe(
      `${file}, row 2: is a damaged workbook: in the worksheet "S", cell A2 refers to shared string "7", ` +
        'but the workbook has 2',
    );
    const noShared = save(
      workbookBytes({
        sheets: [{ name: 'S', rows: rowsXml([['id']]) + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>' }],
      }),
    );
    expect((await failure(noShared)).message).toContain(
      'refers to shared string "0", but the workbook has no shared strings part',
    );
  });

  it('names a worksheet whose part is missing', async () => {
    const file = withEntries((entries) => entries.filter((e) => e.name !== 'xl/worksheets/sheet1.xml'));
    const error = await failure(file);
    expect(error.rule).toBe('xlsx.damaged');
    expect(error.message).toBe(
      `${file}: is a damaged workbook: the worksheet "S" is missing (its part xl/worksheets/sheet1.xml is ` +
        'not in the archive)',
    );
  });

  it('names a part that is not well-formed XML', async () => {
    const truncated = replaceEntry('xl/worksheets/sheet1.xml', (e) => ({
      ...e,
      data: String(e.data).replace('</sheetData></worksheet>', ''),
    }));
    expect((await failure(truncated)).message).toBe(
      `${truncated}: is a damaged workbook: its part xl/worksheets/sheet1.xml is not readable XML: it ends ` +
        'with 2 element(s) still open (truncated?)',
    );
    const entity = replaceEntry('xl/sharedStrings.xml', (e) => ({
      ...e,
      data: String(e.data).replace('<t>x</t>', '<t>&nbsp;</t>'),
    }));
    expect((await failure(entity)).message).toBe(
      `${entity}: is a damaged workbook: its part xl/sharedStrings.xml is not readable XML: it has an ` +
        'unknown entity "&nbsp;" (XML knows five)',
    );
    const doctype = replaceEntry('xl/workbook.xml', (e) => ({
      ...e,
      data: String(e.data).replace('<workbook', '<!DOCTYPE x [<!ENTITY a "b">]><workbook'),
    }));
    expect((await failure(doctype)).message).toContain(
      'its part xl/workbook.xml is not readable XML: it has a DOCTYPE',
    );
  });

  it('names rows and cells out of order', async () => {
    const rows = rowsXml([['id']]) + '<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>';
    const file = save(workbookBytes({ sheets: [{ name: 'S', rows }] }));
    expect((await failure(file)).message).toBe(
      `${file}, row 2: is a damaged workbook: in the worksheet "S", row 2 comes after row 3`,
    );
    const cells = rowsXml([['id']]) + '<row r="2"><c r="B2"><v>1</v></c><c r="A2"><v>2</v></c></row>';
    const file2 = save(workbookBytes({ sheets: [{ name: 'S', rows: cells }] }));
    expect((await failure(file2)).message).toContain('in the worksheet "S", cell A2 comes after cell B2');
  });

  it('refuses entry names that point outside the archive', async () => {
    for (const name of ['../../evil.sh', '/etc/passwd', 'xl/../../x.xml', 'C:\\x.xml']) {
      const file = withEntries((entries) => [...entries, { name, data: 'x' }]);
      const error = await failure(file);
      expect(error.rule).toBe('xlsx.unsafe_entry');
      expect(error.message).toBe(
        `${file}: is refused: it holds an entry named "${name}" that points outside the archive (a hostile archive)`,
      );
    }
  });

  it('names a password-protected workbook (an OLE file holding EncryptedPackage) and a legacy .xls', async () => {
    const encrypted = save(oleCompoundFile(['EncryptionInfo', 'EncryptedPackage']));
    const e1 = await failure(encrypted);
    expect(e1.rule).toBe('xlsx.encrypted');
    expect(e1.message).toBe(
      `${encrypted}: is a password-protected (encrypted) workbook: open it in Excel, save a copy without ` +
        'the password, and read that',
    );
    const xls = save(oleCompoundFile(['Workbook', '\u0005SummaryInformation']));
    const e2 = await failure(xls);
    expect(e2.rule).toBe('xlsx.not_a_workbook');
    expect(e2.message).toBe(`${xls}: is an Excel 97-2003 workbook (.xls), not an .xlsx: save it as .xlsx first`);
  });

  it('names zip-level encryption and compression methods Excel never writes', async () => {
    const encrypted = replaceEntry('xl/workbook.xml', (e) => ({ ...e, flags: 1 }));
    expect((await failure(encrypted)).message).toBe(
      `${encrypted}: is a damaged workbook: entry "xl/workbook.xml" is encrypted (a zip password), which ` +
        'Excel never writes',
    );
  });

  it('rejects a text file, and a zip archive that holds no workbook', async () => {
    const text = save(Buffer.from('Customer ID,Customer Name\nPW-1,Pierre\n'));
    expect((await failure(text)).message).toBe(`${text}: is not an Excel workbook (not a zip archive)`);
    const notes = save(zipArchive([{ name: 'notes.txt', data: 'not a spreadsheet' }]));
    const error = await failure(notes);
    expect(error.rule).toBe('xlsx.not_a_workbook');
    expect(error.message).toBe(`${notes}: is a zip archive but not an Excel workbook (no xl/workbook.xml)`);
  });
});

describe('ecomflow run on a damaged workbook', () => {
  it('exits 1 naming the file and the damage, and leaves no staging folder', async () => {
    const fixtures = join(import.meta.dirname, '../../../fixtures');
    const input = tempDir('ecomflow-xlsx-cli-');
    const out = join(tempDir('ecomflow-xlsx-wh-'), 'warehouse');
    try {
      for (const f of ['Products.csv', 'Orders.json']) copyFileSync(join(fixtures, f), join(input, f));
      const file = join(input, 'Customer.xlsx');
      writeFileSync(
        file,
        zipArchive(
          workbookEntries(good).map((e) => (e.name === 'xl/sharedStrings.xml' ? { ...e, declaredCrc: 1 } : e)),
        ),
      );
      const r = await cli('run', '--input', input, '--out', out, '--quiet');
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        `ecomflow: ${file}: is a damaged workbook: entry "xl/sharedStrings.xml" fails its CRC-32 check ` +
          '(its data is corrupt)\n',
      );
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(join(out, '..')).filter((n) => n.includes('.staging-'))).toEqual([]);
    } finally {
      rmSync(input, { recursive: true, force: true });
      rmSync(join(out, '..'), { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { generalNumber, isoDateText, numberText } from '../../../src/io/xlsx/cell-text.js';
import { chooseSheet } from '../../../src/io/xlsx/choose-sheet.js';
import { GENERAL, builtInFormatCode, numberFormat } from '../../../src/io/xlsx/number-format.js';
import { readSheet } from '../../../src/io/xlsx/read-sheet.js';
import { readSharedStrings } from '../../../src/io/xlsx/shared-strings.js';
import { attributeText, cellFormats } from '../../../src/io/xlsx/styles.js';
import { relationships, workbookInfo } from '../../../src/io/xlsx/workbook-parts.js';
import { Token, XmlError, XmlScanner, isSpace, nameBytes } from '../../../src/io/xlsx/xml-scanner.js';
import { decodeEntities, decodeText, isPlain, unescapeXstring } from '../../../src/io/xlsx/xml-text.js';
import { RawTableBuilder } from '../../../src/table/raw-builder.js';
import { tableRows } from '../../../src/table/index.js';
import { idSchema } from '../../helpers/workbook.js';

/** `bytes` in chunks of `size` bytes, as an inflating part arrives. */
async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield await Promise.resolve(bytes.subarray(i, i + size));
}

describe('numberFormat and builtInFormatCode', () => {
  it('tells dates, date-times, times, elapsed times, fixed and General formats apart', () => {
    const kind = (code: string) => numberFormat(code).kind;
    expect(['yyyy-mm-dd', 'd-mmm-yy', 'mmm-yy', '[$-409]mmmm d, yyyy;@', 'DD/MM/YYYY'].map(kind)).toEqual(
      Array(5).fill('date'),
    );
    expect(['m/d/yy h:mm', 'yyyy-mm-dd hh:mm:ss', 'd/m/yyyy h:mm AM/PM'].map(kind)).toEqual(Array(3).fill('datetime'));
    expect(['h:mm', 'mm:ss', 'h:mm:ss AM/PM', 'mmss.0', 'hh"h"mm'].map(kind)).toEqual(Array(5).fill('time'));
    expect(numberFormat('[h]:mm:ss')).toEqual({ kind: 'time', elapsed: true });
    expect(['0.00 "m"', '0\\d', '#,##0 ;(#,##0)', 'General', '@', '0.00E+00', '"$"#,##0.00'].map(kind)).toEqual(
      Array(7).fill('general'),
    );
    expect(numberFormat('#,##0.00').fixed).toEqual({ grouped: true, minInt: 1, decimals: 2, percent: false });
    expect(numberFormat('0.0%').fixed).toEqual({ grouped: false, minInt: 1, decimals: 1, percent: true });
  });

  it('knows the built-in ids, East Asian date ids included', () => {
    expect([0, 1, 14, 22, 46, 49].map(builtInFormatCode)).toEqual([
      'General',
      '0',
      'mm-dd-yy',
      'm/d/yy h:mm',
      '[h]:mm:ss',
      '@',
    ]);
    expect(numberFormat(builtInFormatCode(31)!).kind).toBe('date');
    expect(numberFormat(builtInFormatCode(32)!).kind).toBe('time');
    expect(builtInFormatCode(163)).toBeUndefined();
  });
});

describe('numberText, generalNumber and isoDateText', () => {
  it('renders General with at most 15 significant digits and no exponent', () => {
    expect([80027, 0.1 + 0.2, 1e-7, -2.5, -0, 1e21, 1.2345678901234568e17].map(generalNumber)).toEqual([
      '80027',
      '0.3',
      '0.0000001',
      '-2.5',
      '0',
      '1000000000000000000000',
      '123456789012346000',
    ]);
  });

  it('rounds fixed decimals half away from zero on the decimal digits', () => {
    const f = (code: string, n: number) => numberText(n, numberFormat(code), false);
    expect([
      f('0.00', 1.005),
      f('0.00', -1.005),
      f('0.00', 0.999),
      f('0.00', -0.001),
      f('000', 7),
      f('0.0%', 0.5),
    ]).toEqual(['1.01', '-1.01', '1.00', '0.00', '007', '50.0%']);
  });

  it('renders date serials in both date systems, and shows dates Excel cannot show as numbers', () => {
    const date = numberFormat('yyyy-mm-dd');
    expect(numberText(45000, date, false)).toBe('2023-03-15');
    expect(numberText(45000 - 1462, date, true)).toBe('2023-03-15');
    expect(numberText(0, date, false)).toBe('1900-01-00');
    expect(numberText(2958466, date, false)).toBe('2958466');
    expect(numberText(0.99999999, numberFormat('h:mm:ss'), false)).toBe('00:00:00');
    expect(numberText(1.99999999, numberFormat('yyyy-mm-dd hh:mm'), false)).toBe('1900-01-02T00:00:00');
    expect(numberText(3, GENERAL, false)).toBe('3');
  });

  it('reads ISO 8601 date cells, keeping what is not one for the caller', () => {
    expect(isoDateText('2021-03-05T13:45:30.250Z', numberFormat('yyyy-mm-dd hh:mm:ss'))).toBe('2021-03-05T13:45:30');
    expect(isoDateText('2021-03-05T00:00:00', GENERAL)).toBe('2021-03-05');
    expect(isoDateText('13:45', numberFormat('h:mm'))).toBe('13:45:00');
    expect(isoDateText('soon', GENERAL)).toBeNull();
  });
});

describe('decodeText, decodeEntities, unescapeXstring and isPlain', () => {
  it('decodes entities once, normalizes line ends, undoes _xHHHH_ in strings only', () => {
    const raw = Buffer.from('a &amp;lt; b\r\nc_x000D__x005F_x0041_');
    expect(decodeText(raw, 0, raw.length, true)).toEqual({ text: 'a &lt; b\nc\r_x0041_', repaired: false });
    expect(decodeText(raw, 0, raw.length, false).text).toBe('a &lt; b\nc_x000D__x005F_x0041_');
    expect(decodeEntities('&#x1F642;&#65;&quot;&apos;')).toBe('🙂A"\'');
    expect(() => decodeEntities('AT&T')).toThrow(XmlError);
    expect(() => decodeEntities('&#0;')).toThrow('unknown entity');
    expect(unescapeXstring('_x0031__x0032_')).toBe('12');
  });

  it('marks text repaired when it held invalid UTF-8 or a lone surrogate', () => {
    const bad = Buffer.from([0x61, 0xc3, 0x28, 0x62]);
    expect(decodeText(bad, 0, 4, false)).toEqual({ text: 'a\uFFFD(b', repaired: true });
    const lone = Buffer.from('x_xDC00_');
    expect(decodeText(lone, 0, lone.length, true)).toEqual({ text: 'x\uFFFD', repaired: true });
    const pair = Buffer.from('_xD83D__xDE42_');
    expect(decodeText(pair, 0, pair.length, true)).toEqual({ text: '🙂', repaired: false });
  });

  it('says which text needs decoding', () => {
    const check = (s: string, xstring = true) => isPlain(Buffer.from(s), 0, Buffer.byteLength(s), xstring);
    expect([
      check('plain Zoë'),
      check('a&amp;b'),
      check('a\rb'),
      check('a_x0041_'),
      check('a_x0041_', false),
      check('a_b'),
    ]).toEqual([true, false, false, false, true, true]);
  });
});

describe('XmlScanner, isSpace and nameBytes', () => {
  it('yields the same tokens whatever the chunking, with local names and attributes', () => {
    const xml = Buffer.from('<?xml version="1.0"?><!-- c --><x:a n="1>2" m=\'q\'><b/>tëxt &amp; <![CDATA[<&>]]></x:a>');
    const tokens = (size: number): string => {
      const x = new XmlScanner();
      const out: string[] = [];
      let text: Buffer[] = [];
      const flush = () => {
        if (text.length > 0) out.push(`+${Buffer.concat(text).toString('utf8')}`);
        text = [];
      };
      for (let i = 0; i < xml.length; i += size) {
        x.feed(xml.subarray(i, i + size));
        for (let t = x.next(); t !== Token.Need; t = x.next()) {
          if (t === Token.Text) text.push(Buffer.from(x.textBuf.subarray(x.textStart, x.textEnd)));
          else flush();
          if (t === Token.Open)
            out.push(`<${x.name()}${x.selfClosing ? '/' : ''} n=${attributeText(x, nameBytes('n')) ?? ''}>`);
          else if (t === Token.Close) out.push(`</${x.name()}>`);
        }
      }
      x.end();
      return out.join('|');
    };
    const whole = tokens(xml.length);
    expect(whole).toBe('<a n=1>2>|<b/ n=>|+tëxt &amp; &lt;&amp;>|</a>');
    for (let size = 1; size < 12; size++) expect(tokens(size)).toBe(whole);
    expect([32, 9, 10, 13, 65].map(isSpace)).toEqual([true, true, true, true, false]);
  });

  it('flags a window holding invalid UTF-8, and refuses truncated or hostile markup', () => {
    const x = new XmlScanner();
    x.feed(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]));
    expect(x.dirty).toBe(true);
    const y = new XmlScanner();
    y.feed(Buffer.from('<a><b>'));
    while (y.next() !== Token.Need);
    expect(() => {
      y.end();
    }).toThrow('it ends with 2 element(s) still open (truncated?)');
    const z = new XmlScanner();
    z.feed(Buffer.from('</a>'));
    expect(() => z.next()).toThrow('an end tag without a start tag');
    const long = new XmlScanner();
    long.feed(Buffer.from(`<a b="${'x'.repeat(1 << 20)}`));
    expect(() => long.next()).toThrow('longer than 1 MiB');
  });
});

describe('readSharedStrings and readSheet', () => {
  const sst = Buffer.from(
    '<?xml version="1.0"?><sst xmlns="m"><si><t>id</t></si><si><t>name</t></si>' +
      '<si><r><t>Zo</t></r><r><rPr/><t>ë 🙂</t></r><rPh><t>guide</t></rPh></si><si><t>a &amp;amp; b</t></si><si/></sst>',
  );
  const sheet = Buffer.from(
    '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><t>東京 &lt;b&gt;</t></is></c></row>' +
      '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3"><v>1234567890</v></c></row>' +
      '<row r="4"><c r="A4" t="s"><v>4</v></c><c r="B4" t="b"><v>0</v></c></row></sheetData><mergeCells/></worksheet>',
  );

  it('reads the same strings and rows whatever the chunking', async () => {
    const read = async (size: number) => {
      const strings = await readSharedStrings(chunked(sst, size));
      const builder = new RawTableBuilder(idSchema, 'book.xlsx');
      const result = await readSheet(chunked(sheet, size), {
        file: 'book.xlsx',
        sheet: 'S',
        builder,
        formats: [],
        shared: strings,
        date1904: false,
      });
      return {
        strings: Array.from({ length: strings.count }, (_, i) => strings.text(i)),
        result,
        rows: tableRows(builder.finish()),
      };
    };
    const whole = await read(sst.length + sheet.length);
    expect(whole).toEqual({
      strings: ['id', 'name', 'Zoë 🙂', 'a &amp; b', ''],
      result: { rowsRead: 3, repairedValues: 0 },
      rows: [
        { id: 'Zoë 🙂', name: '東京 <b>', source_row: 2n },
        { id: 'a &amp; b', name: '1234567890', source_row: 3n },
        { id: null, name: 'FALSE', source_row: 4n },
      ],
    });
    for (const size of [1, 2, 3, 5, 7, 11, 13, 64]) expect(await read(size)).toEqual(whole);
  });
});

describe('cellFormats, attributeText, relationships, workbookInfo', () => {
  it('maps each cell style to its number format, custom ids before built-in ones', () => {
    const styles = Buffer.from(
      '<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>' +
        '<numFmt numFmtId="14" formatCode="0.00"/></numFmts><cellStyleXfs><xf numFmtId="22"/></cellStyleXfs>' +
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf/></cellXfs></styleSheet>',
    );
    expect(cellFormats(styles).map((f) => f.kind)).toEqual(['general', 'date', 'fixed', 'general']);
    expect(cellFormats(undefined)).toEqual([]);
  });

  it('resolves relationship targets against their part and reads sheet tabs and the date system', () => {
    const rels = Buffer.from(
      '<Relationships><Relationship Id="rId1" Type="http://x/relationships/worksheet" Target="worksheets/sheet%201.xml"/>' +
        '<Relationship Id="rId2" Type="http://x/relationships/styles" Target="/xl/styles.xml"/>' +
        '<Relationship Id="rId3" Type="http://x/relationships/hyperlink" Target="https://e.example" TargetMode="External"/></Relationships>',
    );
    expect(relationships(rels, 'xl/workbook.xml')).toEqual([
      { id: 'rId1', type: 'worksheet', target: 'xl/worksheets/sheet 1.xml' },
      { id: 'rId2', type: 'styles', target: 'xl/styles.xml' },
    ]);
    const workbook = Buffer.from(
      '<workbook xmlns:r="r"><workbookPr date1904="true"/><sheets><sheet name="A &amp; B" sheetId="1" r:id="rId1"/>' +
        '<sheet name="H" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>',
    );
    expect(workbookInfo(workbook)).toEqual({
      date1904: true,
      sheets: [
        { name: 'A & B', relId: 'rId1', state: 'visible' },
        { name: 'H', relId: 'rId2', state: 'hidden' },
      ],
    });
  });
});

describe('chooseSheet', () => {
  const tab = (name: string, state: 'visible' | 'hidden' | 'veryHidden' = 'visible') => ({ name, state, relId: name });
  it('prefers the one customer* sheet, else the first visible one, never a hidden one by position', () => {
    expect(chooseSheet([tab('Notes'), tab('Customers')])).toEqual({ sheet: tab('Customers') });
    expect(chooseSheet([tab('Old', 'hidden'), tab('Data')])).toEqual({ sheet: tab('Data') });
    expect(chooseSheet([tab('customers-old', 'veryHidden'), tab('Customers')])).toEqual({ sheet: tab('Customers') });
    expect(chooseSheet([])).toEqual({ problem: 'empty', message: 'the workbook has no worksheet' });
    expect(chooseSheet([tab('customer a', 'hidden'), tab('customer b', 'hidden')])).toMatchObject({
      problem: 'ambiguous',
    });
  });
});

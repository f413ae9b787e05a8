/**
 * A tiny zip writer for crafting hostile or broken workbooks in tests: deflated entries, optionally declaring a
 * false uncompressed size (as a zip bomb would) in both the local header and the central directory.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** One zip entry to write. */
export interface ZipEntry {
  readonly name: string;
  readonly data: string | Uint8Array;
  /** The uncompressed size to declare instead of the true one. */
  readonly declaredSize?: number;
}

/** A zip archive of `entries`, deflated, in the given order. */
export function zipArchive(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : Buffer.from(e.data);
    const packed = deflateRawSync(data, { level: 9 });
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? data.length;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
const SHARED = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>`;

/**
 * A minimal workbook whose first worksheet holds `rows` of inline strings, then `padding` bytes of whitespace
 * inside `<sheetData>` (whitespace deflates ~1000:1, so a few KB inflate to megabytes); `sharedPadding` pads the
 * shared strings part the same way, and the `declared…Size` options make the zip understate a part's size.
 */
export function workbookXlsx(
  rows: readonly (readonly string[])[],
  options: { padding?: number; declaredSheetSize?: number; sharedPadding?: number; declaredSharedSize?: number } = {},
): Buffer {
  const esc = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  const col = (i: number): string => String.fromCharCode(65 + i);
  const body = rows
    .map(
      (cells, r) =>
        `<row r="${r + 1}">` +
        cells.map((c, i) => `<c r="${col(i)}${r + 1}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`).join('') +
        '</row>',
    )
    .join('');
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}${' '.repeat(options.padding ?? 0)}</sheetData></worksheet>`;
  return zipArchive([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: ROOT_RELS },
    { name: 'xl/workbook.xml', data: WORKBOOK },
    { name: 'xl/_rels/workbook.xml.rels', data: WORKBOOK_RELS },
    {
      name: 'xl/sharedStrings.xml',
      data: SHARED.replace('</sst>', `${' '.repeat(options.sharedPadding ?? 0)}</sst>`),
      ...(options.declaredSharedSize === undefined ? {} : { declaredSize: options.declaredSharedSize }),
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: sheet,
      ...(options.declaredSheetSize === undefined ? {} : { declaredSize: options.declaredSheetSize }),
    },
  ]);
}

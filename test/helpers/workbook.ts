/**
 * Hand-written workbooks for xlsx reader tests: the sheet XML is written out in the test, so what Excel shows
 * for each cell is known from the XML itself (ECMA-376), not from another reader.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { column, plainString, sourceRowColumn, type TableSchema } from '../../src/schemas/index.js';
import { zipArchive, type ZipEntry } from './zip.js';

/** A raw schema with one required column `id`; every other header becomes an undeclared text column. */
export const idSchema: TableSchema = {
  name: 'things',
  layer: 'raw',
  grain: 'one row per worksheet row after the header',
  openColumns: true,
  columns: [column('id', plainString(), 'Key.', { source: 'id', required: true }), sourceRowColumn],
};

/** One worksheet: its tab name, visibility and `<sheetData>` content (or a whole worksheet part). */
export interface SheetSpec {
  readonly name: string;
  readonly state?: 'visible' | 'hidden' | 'veryHidden';
  /** The XML inside `<sheetData>`. */
  readonly rows?: string;
  /** The whole worksheet part, instead of `rows`. */
  readonly xml?: string;
}

/** What goes into a hand-written workbook. */
export interface WorkbookSpec {
  readonly sheets: readonly SheetSpec[];
  /** The XML inside each `<si>` of the shared strings part (no part when absent). */
  readonly shared?: readonly string[];
  /** Custom number formats by id. */
  readonly numFmts?: Readonly<Record<number, string>>;
  /** The `numFmtId` of each cell style, in order (style 0 first); default `[0]`. */
  readonly styles?: readonly number[];
  /** The `date1904` attribute of `<workbookPr>`. */
  readonly date1904?: string;
  /** Rewrites the entries before they are zipped (rename, drop, reorder, corrupt). */
  readonly entries?: (entries: ZipEntry[]) => ZipEntry[];
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Escapes text for XML character data. */
export function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The zip entries of a workbook built from `spec`. */
export function workbookEntries(spec: WorkbookSpec): ZipEntry[] {
  const sheetRels = spec.sheets.map(
    (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  const n = spec.sheets.length;
  const rels = [
    ...sheetRels,
    `<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/>`,
    ...(spec.shared === undefined
      ? []
      : [`<Relationship Id="rId${n + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`]),
  ];
  const tabs = spec.sheets
    .map(
      (s, i) =>
        `<sheet name="${esc(s.name).replaceAll('"', '&quot;')}" sheetId="${i + 1}"` +
        `${s.state === undefined ? '' : ` state="${s.state}"`} r:id="rId${i + 1}"/>`,
    )
    .join('');
  const pr = spec.date1904 === undefined ? '' : `<workbookPr date1904="${spec.date1904}"/>`;
  const numFmts = Object.entries(spec.numFmts ?? {})
    .map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${esc(code).replaceAll('"', '&quot;')}"/>`)
    .join('');
  const xfs = (spec.styles ?? [0]).map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0"/>`).join('');
  const entries: ZipEntry[] = [
    {
      name: '[Content_Types].xml',
      data: `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data:
        `${HEAD}<Relationships xmlns="${PKG_REL}">` +
        `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}">${pr}<sheets>${tabs}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `${HEAD}<Relationships xmlns="${PKG_REL}">${rels.join('')}</Relationships>`,
    },
    {
      name: 'xl/styles.xml',
      data:
        `${HEAD}<styleSheet xmlns="${MAIN}">${numFmts === '' ? '' : `<numFmts>${numFmts}</numFmts>`}` +
        `<cellXfs count="${(spec.styles ?? [0]).length}">${xfs}</cellXfs></styleSheet>`,
    },
    ...(spec.shared === undefined
      ? []
      : [
          {
            name: 'xl/sharedStrings.xml',
            data:
              `${HEAD}<sst xmlns="${MAIN}" count="${spec.shared.length}" uniqueCount="${spec.shared.length}">` +
              `${spec.shared.map((si) => `<si>${si}</si>`).join('')}</sst>`,
          },
        ]),
    ...spec.sheets.map((s, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data:
        s.xml ??
        `${HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${s.rows ?? ''}</sheetData></worksheet>`,
    })),
  ];
  return spec.entries === undefined ? entries : spec.entries(entries);
}

/** A workbook built from `spec`, as bytes. */
export function workbookBytes(spec: WorkbookSpec): Buffer {
  return zipArchive(workbookEntries(spec));
}

/** A workbook built from `spec`, written as `dir/name`; returns its path. */
export function workbookFile(dir: string, spec: WorkbookSpec, name = 'book.xlsx'): string {
  const file = join(dir, name);
  writeFileSync(file, workbookBytes(spec));
  return file;
}

/** A cell value for `rowsXml`: text (an inline string), a number, a boolean, or null (no cell). */
export type SimpleCell = string | number | boolean | null;

/** `<row>` elements for simple rows: text as inline strings, numbers as numbers, booleans as `t="b"`. */
export function rowsXml(rows: readonly (readonly SimpleCell[] | null)[]): string {
  return rows
    .map((cells, r) => {
      if (cells === null) return '';
      const body = cells
        .map((cell, c) => {
          const ref = `${columnLetters(c + 1)}${r + 1}`;
          if (cell === null) return '';
          if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
          if (typeof cell === 'boolean') return `<c r="${ref}" t="b"><v>${cell ? 1 : 0}</v></c>`;
          return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(cell)}</t></is></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${body}</row>`;
    })
    .join('');
}

/** `A`, …, `Z`, `AA` for a 1-based column number. */
export function columnLetters(col: number): string {
  let name = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * The fast xlsx path: reads the first worksheet of an ordinary workbook straight from the zip (central
 * directory → inflateRawSync → a small XML scanner) and yields exactly the table the exceljs path yields — the
 * same cell values handed to `cellText`, exceljs's quirks included. Anything it is not certain about makes it
 * decline (return null) so that `readXlsx` falls back to exceljs. See docs/decisions.md, "xlsx fast path".
 */
import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { InputError } from '../../errors.js';
import type { TableSchema } from '../../schemas/types.js';
import type { Table } from 'apache-arrow';
import { RawTableBuilder } from '../../table/raw-builder.js';
import { cellText } from './cell-text.js';
import { SheetColumns } from './sheet-columns.js';
import { cellStyles, type CellStyle } from './styles.js';
import { Decline, Token, XmlScanner, attribute, xmlDecodeAgain } from './xml.js';

/** The inflated-bytes budget of `readXlsx`: `spend` throws InputError `xlsx.too_large` past the limit. */
export interface InflateGuard {
  /** Bytes that may still be inflated. */
  readonly remaining: number;
  /** Adds `n` inflated bytes; throws once past the limit. */
  spend(n: number): void;
}

/** The table read by the fast path and the number of data rows in it. */
export interface FastRead {
  readonly table: Table;
  readonly rowsRead: number;
}

/**
 * Reads the first worksheet of `file` as `readXlsx` does, or returns null when the workbook has a feature this
 * path does not handle with certainty (the caller then uses exceljs). Throws the same InputErrors as the
 * exceljs path for a missing header row or a missing required column, and `xlsx.too_large` via `guard`.
 * @example
 * const fast = await readXlsxFast('Customer.xlsx', rawCustomers, guard);
 * // fast?.rowsRead → 793; fast === null → read it with exceljs
 */
export async function readXlsxFast(file: string, schema: TableSchema, guard: InflateGuard): Promise<FastRead | null> {
  try {
    return readWorkbook(file, await readFile(file), schema, guard);
  } catch (error) {
    if (error instanceof Decline) return null;
    if (error instanceof InputError) throw error;
    return null; // anything unexpected: let exceljs read it (and report it)
  }
}

function readWorkbook(file: string, zip: Buffer, schema: TableSchema, guard: InflateGuard): FastRead {
  const entries = zipEntries(zip);
  const order = new Map(entries.map((e, i) => [e.name, i]));
  const text = (name: string): string | undefined => {
    const entry = entries[order.get(name) ?? -1];
    return entry === undefined ? undefined : inflate(zip, entry, guard);
  };
  const workbook = parseWorkbook(text('xl/workbook.xml') ?? '');
  const sheetPath = firstSheetPath(entries, order, workbook.sheets, text);
  const styles = cellStyles(text('xl/styles.xml'));
  const sst = text('xl/sharedStrings.xml');
  const shared = sst === undefined ? undefined : sharedStrings(sst);
  const builder = new RawTableBuilder(schema, file);
  const rowsRead = readSheet(text(sheetPath)!, { file, builder, styles, shared, date1904: workbook.date1904 });
  return { table: builder.finish(), rowsRead };
}

// --- zip -----------------------------------------------------------------------------------------------

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly compressed: number;
  readonly uncompressed: number;
  readonly dataStart: number;
}

/** The archive's entries in stream (local header) order; declines on ZIP64, encryption, odd methods. */
function zipEntries(zip: Buffer): Entry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Decline('no zip directory');
  const count = zip.readUInt16LE(eocd + 10);
  const dirSize = zip.readUInt32LE(eocd + 12);
  let p = zip.readUInt32LE(eocd + 16);
  if (zip.readUInt32LE(eocd + 4) !== 0 || count === 0xffff || p + dirSize > eocd)
    throw new Decline('multi-disk or ZIP64');
  const entries: (Entry & { offset: number })[] = [];
  const names = new Set<string>();
  for (let k = 0; k < count; k++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) throw new Decline('corrupt directory');
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const uncompressed = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const offset = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    if ((flags & 1) !== 0 || (method !== 0 && method !== 8)) throw new Decline('encrypted or unusual compression');
    if (compressed === 0xffffffff || uncompressed === 0xffffffff || offset === 0xffffffff)
      throw new Decline('ZIP64 entry');
    if (names.has(name)) throw new Decline('repeated entry');
    names.add(name);
    if (offset + 30 > zip.length || zip.readUInt32LE(offset) !== 0x04034b50) throw new Decline('corrupt local header');
    const localName = zip.readUInt16LE(offset + 26);
    const dataStart = offset + 30 + localName + zip.readUInt16LE(offset + 28);
    if (zip.toString('utf8', offset + 30, offset + 30 + localName) !== name || dataStart + compressed > zip.length)
      throw new Decline('corrupt entry');
    entries.push({ name, method, compressed, uncompressed, dataStart, offset });
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return entries.sort((a, b) => a.offset - b.offset);
}

/** Inflates one entry as UTF-8 text, within the guard's budget. */
function inflate(zip: Buffer, entry: Entry, guard: InflateGuard): string {
  const packed = zip.subarray(entry.dataStart, entry.dataStart + entry.compressed);
  let data: Buffer;
  if (entry.method === 0) data = packed;
  else {
    try {
      data = inflateRawSync(packed, { maxOutputLength: Math.max(1, guard.remaining + 1) });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') guard.spend(guard.remaining + 1);
      throw new Decline('corrupt deflate data');
    }
  }
  guard.spend(data.length);
  if (data.length !== entry.uncompressed) throw new Decline('entry size differs from the directory');
  return new TextDecoder('utf-8').decode(data);
}

// --- workbook structure ----------------------------------------------------------------------------------

const SHEET_ENTRY = /xl\/worksheets\/sheet\d+[.]xml/;

/**
 * The zip path of the worksheet exceljs's reader would pick as the first one (the first tab), declining
 * unless every worksheet part maps to a named tab and the parts exceljs needs come in an order it handles.
 */
function firstSheetPath(
  entries: readonly Entry[],
  order: Map<string, number>,
  sheets: Workbook['sheets'],
  text: (name: string) => string | undefined,
): string {
  const at = (name: string): number => order.get(name) ?? -1;
  const workbookAt = at('xl/workbook.xml');
  const relsAt = at('xl/_rels/workbook.xml.rels');
  const stylesAt = at('xl/styles.xml');
  const sharedAt = at('xl/sharedStrings.xml');
  if (workbookAt < 0 || relsAt < 0) throw new Decline('no workbook or workbook relationships');
  const rels = parseRelationships(text('xl/_rels/workbook.xml.rels')!);
  const first = sheets[0];
  if (first === undefined) throw new Decline('no sheets');
  let chosen: string | undefined;
  entries.forEach((entry, i) => {
    if (!SHEET_ENTRY.test(entry.name)) return;
    const sheetNo = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(entry.name)?.[1];
    if (sheetNo === undefined) throw new Decline('unusual worksheet path');
    const rel = rels.find((r) => r.target === `worksheets/sheet${sheetNo}.xml`);
    const sheet = rel && sheets.find((s) => s.rId === rel.id);
    if (sheet === undefined) throw new Decline('worksheet part without a tab');
    // exceljs parses a sheet at once when shared strings and relationships came before it, else at the end.
    const immediate = sharedAt >= 0 && sharedAt < i && relsAt < i;
    if (immediate && (workbookAt > i || stylesAt > i)) throw new Decline('workbook parts after the worksheet');
    if (sheet === first) chosen = entry.name;
  });
  if (chosen === undefined) throw new Decline('first tab has no worksheet part');
  return chosen;
}

interface Workbook {
  readonly sheets: readonly { readonly name: string; readonly rId: string }[];
  readonly date1904: boolean;
}

function parseWorkbook(xml: string): Workbook {
  if (xml === '') throw new Decline('no workbook part');
  const x = new XmlScanner(xml);
  const sheets: { name: string; rId: string }[] = [];
  let date1904 = false;
  let depth = 0;
  let section = '';
  for (let token = x.next(); token !== Token.End; token = x.next()) {
    if (token === Token.Open) {
      depth++;
      if (depth === 1 && x.name !== 'workbook') throw new Decline('workbook root');
      if (depth === 2) section = x.name;
      if (depth === 2 && x.name === 'workbookPr') {
        const flag = attribute(x.attrs, 'date1904');
        if (flag !== undefined && flag !== '1' && flag !== '0' && flag !== 'false')
          throw new Decline('date1904 spelled as exceljs misreads it');
        date1904 = flag === '1';
      }
      if (depth === 3 && section === 'sheets' && x.name === 'sheet') {
        const name = attribute(x.attrs, 'name');
        const rId = attribute(x.attrs, 'r:id');
        if (name === undefined || rId === undefined || sheets.some((s) => s.name === name || s.rId === rId))
          throw new Decline('unusual sheet entry');
        sheets.push({ name, rId });
      }
    } else if (token === Token.Close) depth--;
  }
  return { sheets, date1904 };
}

function parseRelationships(xml: string): { id: string; target: string }[] {
  const x = new XmlScanner(xml);
  const rels: { id: string; target: string }[] = [];
  for (let token = x.next(); token !== Token.End; token = x.next()) {
    if (token !== Token.Open || x.name !== 'Relationship') continue;
    const id = attribute(x.attrs, 'Id');
    const target = attribute(x.attrs, 'Target');
    if (id === undefined || target === undefined || rels.some((r) => r.id === id))
      throw new Decline('unusual relationship');
    rels.push({ id, target });
  }
  return rels;
}

/** A shared string as exceljs's streaming reader keeps it: text, rich text runs, or null (empty). */
type Shared = string | null | { richText: { text: string | null }[] };

/** The shared strings table, mirroring exceljs's `_parseSharedStrings` event by event. */
function sharedStrings(xml: string): Shared[] {
  const x = new XmlScanner(xml);
  const out: Shared[] = [];
  let text: string | null = null;
  let runs: { text: string | null }[] = [];
  let root = false;
  for (let token = x.next(); token !== Token.End; token = x.next()) {
    if (token === Token.Open) {
      if (!root && x.name !== 'sst') throw new Decline('shared strings root');
      root = true;
      if (x.name === 'si') {
        runs = [];
        text = null;
      } else if (x.name === 't') text = null;
    } else if (token === Token.Text) {
      text = text ? text + x.text : x.text;
    } else if (x.name === 'r') {
      runs.push({ text });
      text = null;
    } else if (x.name === 'si') {
      out.push(runs.length > 0 ? { richText: runs } : text);
      runs = [];
      text = null;
    }
  }
  return out;
}

// --- the worksheet ---------------------------------------------------------------------------------------

interface SheetContext {
  readonly file: string;
  readonly builder: RawTableBuilder;
  readonly styles: readonly CellStyle[];
  readonly shared: readonly Shared[] | undefined;
  readonly date1904: boolean;
}

/** A cell being read: its column, style, type and the text of its `<f>` and `<v>`/`<is>`/`<t>`. */
interface OpenCell {
  col: number;
  s: number;
  t: string | undefined;
  f: { text: string } | undefined;
  v: { text: string } | undefined;
  /** For a formula cell with `t="b"`/`t="e"`: the result xlsx.ts's repair step gives it (undefined: none). */
  repaired: string | undefined | null;
}

/** A cell with only `r`, `s`, `t` (s, n, str, inlineStr… not b/e: see `openCell`) and a plain `<v>`. */
const PLAIN_CELL = /<c r="([A-Z]{1,3})[1-9][0-9]*"(?: s="([0-9]{1,9})")?(?: t="(s|n|str)")?><v>([^<&\r]*)<\/v><\/c>/y;
const CELL_TYPES = new Set(['s', 'str', 'inlineStr', 'b', 'e', 'n']);
const FORMULA_BODY = /^<f\b[^>]*?(?:\/>|>[^<]*<\/f>)(?:<v>([^<]*)<\/v>)?$/;

/**
 * Feeds the worksheet's rows to the builder as xlsx.ts's `readRows` does, with each cell's value built as
 * exceljs's WorksheetReader builds it (including its stray-text and double-decoding habits). Returns rowsRead.
 */
function readSheet(xml: string, ctx: SheetContext): number {
  const x = new XmlScanner(xml);
  const columns = new SheetColumns(ctx.builder);
  const cells: [number, string][] = [];
  let headerSeen = false;
  let done = false;
  let rowsRead = 0;
  let inRows = false;
  let rowNumber = -1;
  let rowNumFmt: string | undefined;
  let lastCol = 0;
  let c: OpenCell | undefined;
  let current: { text: string } | undefined;
  let root = false;
  const emit = (col: number, value: unknown, numFmt: string | undefined): void => {
    if (value === null || value === undefined) return;
    const text = cellText(value as Parameters<typeof cellText>[0], numFmt, ctx.date1904);
    if (text !== null) cells.push([col, text]);
  };
  // The common cell, `<c r="B7" s="3" t="s"><v>42</v></c>`, read in one step (same result as the general path).
  const readPlainCells = (): void => {
    while (
      rowNumber >= 0 &&
      xml.charCodeAt(x.pos) === 60 &&
      xml.charCodeAt(x.pos + 1) === 99 &&
      xml.charCodeAt(x.pos + 2) === 32
    ) {
      PLAIN_CELL.lastIndex = x.pos;
      const m = PLAIN_CELL.exec(xml);
      if (m === null || !x.skipTo(PLAIN_CELL.lastIndex)) break;
      const col = columnNumber(m[1]!);
      if (col <= lastCol || col > 16384) throw new Decline('cells out of order');
      lastCol = col;
      const s = m[2] === undefined ? 0 : parseInt(m[2], 10);
      const numFmt = s ? (ctx.styles[s] !== undefined ? ctx.styles[s].numFmt : rowNumFmt) : rowNumFmt;
      const cell: OpenCell = { col, s, t: m[3], f: undefined, v: { text: m[4]! }, repaired: null };
      emit(col, cellValue(cell, numFmt, ctx), numFmt);
      current = undefined;
    }
  };
  for (let token = x.next(); token !== Token.End && !done; token = (readPlainCells(), x.next())) {
    if (token === Token.Text) {
      if (current !== undefined) current.text += x.text;
      continue;
    }
    const name = x.name;
    if (token === Token.Open) {
      if (!root && name !== 'worksheet') throw new Decline('worksheet root');
      root = true;
      if (name === 'c') {
        if (rowNumber < 0) throw new Decline('cell outside a row');
        c = openCell(x, xml);
        if (c.col <= lastCol) throw new Decline('cells out of order');
        lastCol = c.col;
      } else if (name === 'v' || name === 'is' || name === 't') {
        if (c !== undefined) current = c.v = { text: '' };
      } else if (name === 'f') {
        if (c !== undefined) current = c.f = { text: '' };
      } else if (name === 'row') {
        if (!inRows || rowNumber >= 0) throw new Decline('row outside sheetData');
        const r = attribute(x.attrs, 'r');
        if (r === undefined || !/^[1-9][0-9]{0,6}$/.test(r)) throw new Decline('row without a number');
        rowNumber = Number(r);
        const s = attribute(x.attrs, 's');
        rowNumFmt = s ? ctx.styles[parseInt(s, 10)]?.numFmt : undefined;
        lastCol = 0;
        cells.length = 0;
      } else if (name === 'sheetData') inRows = true;
      continue;
    }
    if (name === 'c') {
      if (c !== undefined) {
        let numFmt = rowNumFmt;
        if (c.s) {
          const style = ctx.styles[c.s];
          if (style !== undefined) numFmt = style.numFmt;
        }
        emit(c.col, cellValue(c, numFmt, ctx), numFmt);
      }
      c = undefined;
    } else if (name === 'row') {
      if (rowNumber < 0) throw new Decline('stray row end');
      if (!headerSeen) {
        if (rowNumber !== 1 || !columns.readHeader(cells)) done = true;
        else {
          headerSeen = true;
          ctx.builder.checkRequired();
        }
      } else if (cells.length > 0) {
        ctx.builder.beginRow(rowNumber);
        for (const [col, text] of cells) ctx.builder.setText(columns.indexOf(col), text);
        ctx.builder.endRow();
        rowsRead++;
      }
      rowNumber = -1;
    } else if (name === 'sheetData') inRows = false;
  }
  if (!headerSeen)
    throw new InputError('xlsx.empty', 'the first worksheet has no header row (row 1 is empty)', {
      file: ctx.file,
      row: 1,
    });
  return rowsRead;
}

/** Reads a `<c>` open tag: column from `r`, style `s`, type `t`, and the repaired result of a formula b/e cell. */
function openCell(x: XmlScanner, xml: string): OpenCell {
  const attrs = x.attrs;
  let ref: string | undefined;
  let s: string | undefined;
  let t: string | undefined;
  // name="value" pairs only (no single quotes, no entities), read by hand: this runs for every cell.
  for (let i = 0; i < attrs.length;) {
    const ch = attrs.charCodeAt(i);
    if (ch === 32 || ch === 9 || ch === 10 || ch === 13) {
      i++;
      continue;
    }
    const eq = attrs.indexOf('="', i);
    const close = eq < 0 ? -1 : attrs.indexOf('"', eq + 2);
    if (close < 0) throw new Decline('unusual cell attributes');
    const name = attrs.slice(i, eq);
    const value = attrs.slice(eq + 2, close);
    if (value.includes('&') || name.includes("'") || name.includes(' ')) throw new Decline('unusual cell attributes');
    if (name === 'r') ref = value;
    else if (name === 's') s = value;
    else if (name === 't') t = value;
    i = close + 1;
  }
  let col = 0;
  let digits = 0;
  for (let i = 0; ref !== undefined && i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch >= 65 && ch <= 90 && digits === 0 && i < 3) col = col * 26 + ch - 64;
    else if (ch >= 48 && ch <= 57 && col > 0 && (digits > 0 || ch !== 48)) digits++;
    else throw new Decline('cell without a plain address');
  }
  if (col === 0 || digits === 0) throw new Decline('cell without a plain address');
  if (col > 16384) throw new Decline('column past XFD');
  if (t !== undefined && !CELL_TYPES.has(t)) throw new Decline(`cell type ${t}`);
  let repaired: string | undefined | null = null;
  const kind = t === 'b' || t === 'e' ? /\bt="([be])"/.exec(attrs)?.[1] : undefined;
  if (kind !== undefined && !x.selfClosing && /^<f\b/.test(xml.slice(x.tagEnd + 1, x.tagEnd + 4))) {
    const end = xml.indexOf('</c>', x.tagEnd);
    const body = FORMULA_BODY.exec(xml.slice(x.tagEnd + 1, end < 0 ? xml.length : end));
    if (body === null) throw new Decline('unusual boolean/error formula cell');
    const raw = body[1];
    repaired = raw === undefined ? undefined : kind === 'b' ? (Number(raw) !== 0 ? 'TRUE' : 'FALSE') : 'decode';
  }
  return { col, s: parseInt(s ?? '', 10), t, f: undefined, v: undefined, repaired };
}

function columnNumber(letters: string): number {
  let col = 0;
  for (let i = 0; i < letters.length; i++) col = col * 26 + letters.charCodeAt(i) - 64;
  return col;
}

/** The value exceljs's WorksheetReader gives the cell (before `cellText`). */
function cellValue(c: OpenCell, numFmt: string | undefined, ctx: SheetContext): unknown {
  const v = c.v?.text;
  if (c.f !== undefined) {
    if (c.repaired !== null) {
      const result = c.repaired === 'decode' ? (v === undefined ? undefined : xmlDecodeAgain(v)) : c.repaired;
      return result === undefined ? { formula: c.f.text } : { formula: c.f.text, result };
    }
    if (v === undefined) return { formula: c.f.text };
    return { formula: c.f.text, result: c.t === 'str' ? xmlDecodeAgain(v) : parseFloat(v) };
  }
  if (v === undefined) return undefined;
  switch (c.t) {
    case 's': {
      if (ctx.shared === undefined) throw new Decline('shared string without a shared strings part');
      return ctx.shared[parseInt(v, 10)];
    }
    case 'inlineStr':
    case 'str':
      return xmlDecodeAgain(v);
    case 'e':
      return { error: v };
    case 'b':
      return parseInt(v, 10) !== 0;
    default: {
      const n = parseFloat(v);
      return isDateFmt(numFmt) ? new Date(Math.round((n - 25569 + (ctx.date1904 ? 1462 : 0)) * 86_400_000)) : n;
    }
  }
}

/** exceljs's `utils.isDateFmt`. */
function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

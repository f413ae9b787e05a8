/**
 * Streams one worksheet part (§18.3) into a raw table: row 1 is the header (each cell names a column), every
 * later row with a value becomes one raw row whose `source_row` is its worksheet row number. Each cell is kept
 * as the text Excel shows: shared and inline strings (rich runs joined, phonetic guides left out), numbers by
 * their number format (cell-text.ts), booleans as TRUE/FALSE, errors as written (#N/A), formulas by their
 * cached value. Most cells go from the inflated bytes to the column builder without becoming a JS string.
 */
import { isUtf8 } from 'node:buffer';
import { InputError } from '../../errors.js';
import type { RawTableBuilder } from '../../table/raw-builder.js';
import { isoDateText, numberText } from './cell-text.js';
import { GENERAL, type NumberFormat } from './number-format.js';
import type { SharedStrings } from './shared-strings.js';
import { SheetColumns } from './sheet-columns.js';
import { Token, XmlScanner, nameBytes } from './xml-scanner.js';
import { decodeText, isPlain } from './xml-text.js';

/** What the sheet reader needs besides the worksheet's bytes. */
export interface SheetContext {
  readonly file: string;
  /** The worksheet's name (for messages). */
  readonly sheet: string;
  readonly builder: RawTableBuilder;
  /** Number format of each cell style (index = the cell's `s`). */
  readonly formats: readonly NumberFormat[];
  readonly shared: SharedStrings | undefined;
  readonly date1904: boolean;
}

/** What reading the worksheet found. */
export interface SheetRead {
  /** Data rows read (non-empty rows after the header). */
  readonly rowsRead: number;
  /** Data values whose text had invalid UTF-8 replaced by U+FFFD. */
  readonly repairedValues: number;
}

const enum CellType {
  Unknown = -1,
  Number,
  Shared,
  Formula,
  Inline,
  Boolean,
  Error,
  Date,
}

const ROW = nameBytes('row');
const IS = nameBytes('is');
const RPH = nameBytes('rPh');
const SHEET_DATA = nameBytes('sheetData');
/** A cell of the form Excel and most writers use: `r`, optional `s`, optional `t`, then a plain `<v>`. */
const PLAIN_CELL =
  /<c r="([A-Z]{1,3})[1-9][0-9]{0,6}"(?: s="([0-9]{1,9})")?(?: t="(s|n|str|b|e|d)")?><v>([^<&\r]*)<\/v><\/c>/y;
const PLAIN_TYPES: Readonly<Record<string, CellType>> = {
  s: CellType.Shared,
  n: CellType.Number,
  str: CellType.Formula,
  b: CellType.Boolean,
  e: CellType.Error,
  d: CellType.Date,
};
/** `</v></c>` */
const CELL_TAIL = 8;
const LT = 60;
const SPACE = 32;
const STR = nameBytes('str');
const INLINE_STR = nameBytes('inlineStr');
const TRUE = Buffer.from('TRUE');
const FALSE = Buffer.from('FALSE');
const MAX_COLUMN = 16384;
const MAX_ROW = 1048576;
/** Bytes: c, v, t, r, s, n, b, e, d, '0', '9', 'A', 'Z', 'a', 'z', '-'. */
const C = 99;
const V = 118;
const T = 116;
const R = 114;
const S = 115;
const N = 110;
const B = 98;
const E = 101;
const D = 100;
const ZERO = 48;
const NINE = 57;
const UPPER_A = 65;
const UPPER_Z = 90;
const LOWER_A = 97;
const LOWER_Z = 122;
const MINUS = 45;

/**
 * Reads the worksheet from its inflated chunks into `ctx.builder`; throws InputError `xlsx.empty` when row 1 is
 * empty and `xlsx.damaged` for a cell or row the format does not allow, XmlError for unreadable XML.
 * @example
 * const { rowsRead } = await readSheet(zip.chunks(sheetEntry, budget), ctx); // → 793 on the sample
 */
export async function readSheet(chunks: AsyncIterable<Buffer>, ctx: SheetContext): Promise<SheetRead> {
  const reader = new SheetReader(ctx);
  for await (const chunk of chunks) {
    if (reader.done) continue; // the rest (merged cells, page setup…) is not read, but still CRC-checked
    reader.x.feed(chunk);
    reader.scan();
  }
  if (!reader.done) reader.x.end();
  return reader.finish();
}

class SheetReader {
  readonly x = new XmlScanner();
  done = false;
  private readonly columns: SheetColumns;
  private inSheetData = false;
  private headerSeen = false;
  private readonly headerCells: [number, string][] = [];
  private rowsRead = 0;
  private repairedValues = 0;
  // the row being read
  private row = -1;
  private lastRow = 0;
  private rowBegun = false;
  private lastCol = 0;
  // the cell being read
  private inCell = false;
  private col = 0;
  private type = CellType.Number;
  private format: NumberFormat = GENERAL;
  private collecting = false;
  private inInline = false;
  private phonetic = 0;
  private hasValue = false;
  // the cell's value: one text piece, or several joined in `scratch`
  private pieces = 0;
  private valueBuf: Buffer = Buffer.alloc(0);
  private valueStart = 0;
  private valueEnd = 0;
  private valueDirty = false;
  private scratch = Buffer.allocUnsafe(4096);

  constructor(private readonly ctx: SheetContext) {
    this.columns = new SheetColumns(ctx.builder);
  }

  /** Reads every complete token in the scanner's window. */
  scan(): void {
    const x = this.x;
    for (;;) {
      if (this.row >= 0 && !this.inCell) while (this.plainCell());
      const token = x.next();
      if (token === Token.Need) return;
      if (token === Token.Text) {
        if (this.collecting) this.addPiece(x.textBuf, x.textStart, x.textEnd, x.dirty);
        continue;
      }
      const length = x.nameEnd - x.nameStart;
      const first = x.buf[x.nameStart];
      if (token === Token.Open) {
        if (length === 1 && first === C) this.openCell();
        else if (length === 1 && first === V) {
          if (this.inCell) this.startValue(!x.selfClosing);
        } else if (length === 1 && first === T) {
          if (this.inInline && this.phonetic === 0) this.collecting = !x.selfClosing;
        } else if (length === 3 && x.is(ROW)) this.openRow();
        else if (this.inCell && x.is(IS)) {
          this.startValue(false);
          this.inInline = !x.selfClosing;
        } else if (this.inInline && x.is(RPH) && !x.selfClosing) this.phonetic++;
        else if (x.is(SHEET_DATA)) {
          if (x.selfClosing) this.endSheetData();
          else this.inSheetData = true;
        }
        continue;
      }
      if (length === 1 && (first === V || first === T)) this.collecting = false;
      else if (length === 1 && first === C) this.closeCell();
      else if (length === 3 && x.is(ROW)) this.closeRow();
      else if (this.inInline && x.is(RPH)) this.phonetic--;
      else if (this.inInline && x.is(IS)) this.inInline = false;
      else if (x.is(SHEET_DATA)) {
        this.endSheetData();
        return;
      }
    }
  }

  /** Ends the read: the header must have been seen. */
  finish(): SheetRead {
    if (!this.headerSeen) throw this.noHeader();
    return { rowsRead: this.rowsRead, repairedValues: this.repairedValues };
  }

  private endSheetData(): void {
    this.inSheetData = false;
    this.done = true;
    if (!this.headerSeen) throw this.noHeader();
  }

  private openRow(): void {
    const x = this.x;
    if (!this.inSheetData || this.row >= 0)
      throw this.damaged('a <row> lies outside <sheetData> or inside another row');
    let number = this.lastRow + 1;
    const range = x.attribute(R_ATTRIBUTE);
    if (range !== null) {
      number = digits(x.buf, range[0], range[1]);
      if (number < 1 || number > MAX_ROW) throw this.damaged(`a row is numbered "${x.buf.toString('utf8', ...range)}"`);
    }
    if (number <= this.lastRow) throw this.damaged(`row ${number} comes after row ${this.lastRow}`, number);
    this.row = number;
    this.lastRow = number;
    this.lastCol = 0;
    this.rowBegun = false;
    if (!this.headerSeen && number !== 1) throw this.noHeader();
    if (x.selfClosing) this.closeRow();
  }

  private closeRow(): void {
    if (this.row < 0) return;
    if (!this.headerSeen) {
      if (!this.columns.readHeader(this.headerCells)) throw this.noHeader();
      this.headerSeen = true;
      this.ctx.builder.checkRequired();
    } else if (this.rowBegun) {
      this.ctx.builder.endRow();
      this.rowsRead++;
    }
    this.row = -1;
  }

  /**
   * Reads the common cell `<c r="B7" s="3" t="s"><v>42</v></c>` at the scanner's position in one step (one
   * sticky regular expression); false when the cell there is not of that form (the tokens then read it).
   */
  private plainCell(): boolean {
    const x = this.x;
    const str = x.str;
    const p = x.pos;
    if (str.charCodeAt(p) !== LT || str.charCodeAt(p + 1) !== C || str.charCodeAt(p + 2) !== SPACE) return false;
    PLAIN_CELL.lastIndex = p;
    const m = PLAIN_CELL.exec(str);
    if (m === null) return false;
    const letters = m[1]!;
    let col = 0;
    for (let i = 0; i < letters.length; i++) col = col * 26 + letters.charCodeAt(i) - UPPER_A + 1;
    if (col <= this.lastCol || col > MAX_COLUMN) return false; // the token path names the problem
    const end = PLAIN_CELL.lastIndex - CELL_TAIL;
    this.lastCol = col;
    this.col = col;
    this.type = PLAIN_TYPES[m[3] ?? 'n']!;
    this.format = m[2] === undefined ? (this.ctx.formats[0] ?? GENERAL) : (this.ctx.formats[Number(m[2])] ?? GENERAL);
    this.hasValue = true;
    this.pieces = 1;
    this.valueBuf = x.buf;
    this.valueStart = end - m[4]!.length;
    this.valueEnd = end;
    this.valueDirty = x.dirty;
    this.inCell = true;
    x.skipTo(PLAIN_CELL.lastIndex);
    this.closeCell();
    return true;
  }

  private openCell(): void {
    const x = this.x;
    if (this.row < 0) throw this.damaged('a cell <c> lies outside a row');
    const buf = x.buf;
    let col = 0;
    let style = 0;
    let type = CellType.Number;
    for (let p = x.nextAttribute(x.attrStart); p >= 0; p = x.nextAttribute(p)) {
      if (x.attrNameEnd - x.attrNameStart !== 1) continue;
      const name = buf[x.attrNameStart];
      const start = x.valueStart;
      const end = x.valueEnd;
      if (name === R) {
        col = columnOf(buf, start, end);
        if (col < 1) throw this.damaged(`a cell has the reference "${buf.toString('utf8', start, end)}"`);
      } else if (name === S) {
        style = digits(buf, start, end);
        if (style < 0) throw this.damaged(`a cell has the style "${buf.toString('utf8', start, end)}"`);
      } else if (name === T) {
        type = cellType(buf, start, end);
        if (type === CellType.Unknown)
          throw this.damaged(`a cell has the unknown type t="${buf.toString('utf8', start, end)}"`);
      }
    }
    if (col === 0) col = this.lastCol + 1;
    if (col <= this.lastCol)
      throw this.damaged(`cell ${columnName(col)}${this.row} comes after cell ${columnName(this.lastCol)}${this.row}`);
    if (col > MAX_COLUMN) throw this.damaged(`row ${this.row} has a cell past column XFD (the last one Excel has)`);
    this.lastCol = col;
    this.col = col;
    this.type = type;
    this.format = this.ctx.formats[style] ?? GENERAL;
    this.hasValue = false;
    this.pieces = 0;
    this.valueDirty = false;
    this.collecting = false;
    this.inInline = false;
    this.phonetic = 0;
    this.inCell = !x.selfClosing;
  }

  private startValue(collect: boolean): void {
    this.hasValue = true;
    this.pieces = 0;
    this.valueDirty = false;
    this.collecting = collect;
  }

  private addPiece(buf: Buffer, start: number, end: number, dirty: boolean): void {
    if (dirty) this.valueDirty = true;
    if (this.pieces === 0) {
      this.valueBuf = buf;
      this.valueStart = start;
      this.valueEnd = end;
    } else {
      const held = this.valueEnd - this.valueStart;
      const needed = held + end - start;
      if (this.valueBuf !== this.scratch || needed > this.scratch.length) {
        const next = needed > this.scratch.length ? Buffer.allocUnsafe(needed * 2) : this.scratch;
        this.valueBuf.copy(next, 0, this.valueStart, this.valueEnd);
        this.scratch = next;
      }
      buf.copy(this.scratch, held, start, end);
      this.valueBuf = this.scratch;
      this.valueStart = 0;
      this.valueEnd = needed;
    }
    this.pieces++;
  }

  private closeCell(): void {
    if (!this.inCell) return;
    this.inCell = false;
    this.collecting = false;
    this.inInline = false;
    if (!this.hasValue || this.valueEnd === this.valueStart || this.pieces === 0) return;
    if (!this.headerSeen) {
      const text = this.cellString();
      if (text !== null) this.headerCells.push([this.col, text]);
      return;
    }
    if (!this.setFast()) {
      const text = this.cellString();
      if (text === null) return;
      this.begin();
      this.ctx.builder.setText(this.columns.indexOf(this.col), text);
    }
  }

  /** Starts the builder row at the row's first value. */
  private begin(): void {
    if (this.rowBegun) return;
    this.ctx.builder.beginRow(this.row);
    this.rowBegun = true;
  }

  /** Sets the cell from bytes when that needs no decoding; false when `cellString` must do it. */
  private setFast(): boolean {
    const buf = this.valueBuf;
    const start = this.valueStart;
    const end = this.valueEnd;
    const builder = this.ctx.builder;
    switch (this.type) {
      case CellType.Shared: {
        const i = this.sharedIndex();
        const sst = this.ctx.shared!;
        if (sst.start(i) === sst.end(i)) return true;
        if (sst.repaired(i)) this.repairedValues++;
        this.begin();
        builder.setUtf8(this.columns.indexOf(this.col), sst.bytes(i), sst.start(i), sst.end(i));
        return true;
      }
      case CellType.Number:
        if (this.format.kind !== 'general' || !isPlainInteger(buf, start, end)) return false;
        break;
      case CellType.Formula:
      case CellType.Inline:
      case CellType.Error:
        if (!isPlain(buf, start, end, this.type !== CellType.Error)) return false;
        if (this.valueDirty && !isUtf8(buf.subarray(start, end))) return false;
        break;
      case CellType.Boolean: {
        const text = booleanText(buf, start, end);
        if (text === null) return false;
        this.begin();
        builder.setUtf8(this.columns.indexOf(this.col), text, 0, text.length);
        return true;
      }
      default:
        return false;
    }
    this.begin();
    builder.setUtf8(this.columns.indexOf(this.col), buf, start, end);
    return true;
  }

  /** The cell's text, or null when it shows nothing; counts a repaired value in a data row. */
  private cellString(): string | null {
    const buf = this.valueBuf;
    const start = this.valueStart;
    const end = this.valueEnd;
    if (this.type === CellType.Shared) {
      const i = this.sharedIndex();
      const sst = this.ctx.shared!;
      if (this.headerSeen && sst.repaired(i)) this.repairedValues++;
      return sst.start(i) === sst.end(i) ? null : sst.text(i);
    }
    const xstring = this.type === CellType.Inline || this.type === CellType.Formula;
    const { text, repaired } = decodeText(buf, start, end, xstring);
    if (repaired && this.headerSeen) this.repairedValues++;
    if (text === '') return null;
    switch (this.type) {
      case CellType.Boolean:
        return booleanText(Buffer.from(text.trim()), 0, text.trim().length)?.toString() ?? text;
      case CellType.Date:
        return isoDateText(text, this.format) ?? text;
      case CellType.Number: {
        const n = text.trim() === '' ? NaN : Number(text);
        return Number.isNaN(n) ? text : numberText(n, this.format, this.ctx.date1904);
      }
      default:
        return text;
    }
  }

  /** The shared string index in the cell's value; throws `xlsx.damaged` when it is not one. */
  private sharedIndex(): number {
    const sst = this.ctx.shared;
    const i = digits(this.valueBuf, this.valueStart, this.valueEnd);
    if (sst === undefined || i < 0 || i >= sst.count) {
      const value = this.valueBuf.toString('utf8', this.valueStart, this.valueEnd);
      const has = sst === undefined ? 'the workbook has no shared strings part' : `the workbook has ${sst.count}`;
      throw this.damaged(`cell ${columnName(this.col)}${this.row} refers to shared string "${value}", but ${has}`);
    }
    return i;
  }

  private noHeader(): InputError {
    return new InputError('xlsx.empty', `the worksheet "${this.ctx.sheet}" has no header row (row 1 is empty)`, {
      file: this.ctx.file,
      row: 1,
    });
  }

  private damaged(what: string, row = this.row): InputError {
    return new InputError('xlsx.damaged', `is a damaged workbook: in the worksheet "${this.ctx.sheet}", ${what}`, {
      file: this.ctx.file,
      ...(row > 0 ? { row } : {}),
    });
  }
}

const R_ATTRIBUTE = nameBytes('r');

/** A non-negative decimal integer in `buf[start, end)`, or -1. */
function digits(buf: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c < ZERO || c > NINE) return -1;
    n = n * 10 + c - ZERO;
  }
  return n;
}

/** The column number of a cell reference like `AB12` (letters then digits), or -1. */
function columnOf(buf: Uint8Array, start: number, end: number): number {
  let col = 0;
  let i = start;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c >= UPPER_A && c <= UPPER_Z) col = col * 26 + c - UPPER_A + 1;
    else if (c >= LOWER_A && c <= LOWER_Z) col = col * 26 + c - LOWER_A + 1;
    else break;
    if (col > MAX_COLUMN) return -1;
  }
  if (i === start) return -1;
  for (; i < end; i++) if (buf[i]! < ZERO || buf[i]! > NINE) return -1;
  return col;
}

/** `A`, `B`, …, `AA` for a column number. */
function columnName(col: number): string {
  let name = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** The cell type named by `t="…"` (§18.18.11), or -1 for an unknown one. */
function cellType(buf: Buffer, start: number, end: number): CellType {
  if (end - start === 1) {
    const c = buf[start];
    if (c === S) return CellType.Shared;
    if (c === N) return CellType.Number;
    if (c === B) return CellType.Boolean;
    if (c === E) return CellType.Error;
    if (c === D) return CellType.Date;
    return CellType.Unknown;
  }
  if (matches(buf, start, end, STR)) return CellType.Formula;
  if (matches(buf, start, end, INLINE_STR)) return CellType.Inline;
  return CellType.Unknown;
}

function matches(buf: Uint8Array, start: number, end: number, name: Uint8Array): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (buf[start + i] !== name[i]) return false;
  return true;
}

/** Whether `buf[start, end)` is an integer General shows as written: ≤ 15 digits, no leading zero, no `-0`. */
function isPlainInteger(buf: Uint8Array, start: number, end: number): boolean {
  let i = buf[start] === MINUS ? start + 1 : start;
  if (end - i < 1 || end - i > 15 || (buf[i] === ZERO && end - i > 1) || (i > start && buf[i] === ZERO)) return false;
  for (; i < end; i++) if (buf[i]! < ZERO || buf[i]! > NINE) return false;
  return true;
}

/** TRUE for `1`/`true`, FALSE for `0`/`false` (a boolean cell's value), else null. */
function booleanText(buf: Uint8Array, start: number, end: number): Buffer | null {
  const text = Buffer.from(buf.subarray(start, end)).toString('latin1').trim();
  if (text === '1' || text === 'true') return TRUE;
  if (text === '0' || text === 'false') return FALSE;
  const n = Number(text);
  return text === '' || Number.isNaN(n) ? null : n !== 0 ? TRUE : FALSE;
}

/**
 * Builds a raw table row by row from any source format: maps source headers to declared columns by their
 * snake_case names, keeps undeclared source columns as text, fills absent cells with null, and appends
 * `source_row`. Readers (xlsx, csv, json) feed it; it never sees files itself.
 */
import { type Table, type Vector } from 'apache-arrow';
import { InputError } from '../errors.js';
import { snakeCase } from '../schemas/names.js';
import type { FixCount } from '../schemas/quality-file.js';
import { sourceFileColumn } from '../schemas/raw.js';
import { column, plainString, type ColumnSpec, type TableSchema } from '../schemas/types.js';
import { DictionaryBuilder, Int64Builder, Utf8Builder, builderFor } from './builders.js';
import { tableFromVectors } from './table.js';
import { decodeUtf8, hasLoneSurrogate, isValidUtf8 } from './utf8.js';

/**
 * The most columns (declared and undeclared together, `source_row` aside) a raw table may have. A source with
 * more is refused: real exports have a dozen, and every later stage (Parquet, DuckDB, Spark) slows down with each
 * column. Spark's CSV reader stops at 20,480 by default.
 */
export const MAX_COLUMNS = 10_000;

/** The fix name under which readers count text values whose invalid UTF-8 became U+FFFD. */
export const INVALID_UTF8_FIX = 'text.invalid_utf8';

type TextBuilder = Utf8Builder | DictionaryBuilder;

interface Slot {
  readonly spec: ColumnSpec;
  builder: TextBuilder;
  /** Whether a source header mapped to this column. */
  seen: boolean;
  /** The row index this column was last set for (-1: never). */
  lastRow: number;
}

/** Accumulates one raw table; see the module comment. */
export class RawTableBuilder {
  private readonly slots: Slot[] = [];
  private readonly byName = new Map<string, number>();
  private sourceRows = new Int64Builder();
  /** With several source files (`trackFiles`): each row's file, the `source_file` column. */
  private sourceFiles: DictionaryBuilder | null = null;
  private row = -1;
  /** Rows of the batches already finished. */
  private batchRows = 0;
  private open = false;
  /** Values and header names whose invalid UTF-8 (or lone surrogates) became U+FFFD. */
  private repairedText = 0;

  constructor(
    readonly schema: TableSchema,
    /** The file being read (errors name it); `setFile` moves on to the next file of a multi-file source. */
    public file: string,
  ) {
    for (const spec of schema.columns) {
      if (spec.name === 'source_row') continue;
      if (spec.type.kind !== 'string') throw new InputError('schema.raw', `raw column "${spec.name}" must be text`);
      this.addSlot(spec);
    }
  }

  /** Adds the column `source_file` (before `source_row`): the file of each row, as set by `setFile`. */
  trackFiles(): void {
    this.sourceFiles ??= new DictionaryBuilder();
  }

  /** The rows begun from now on come from `file` (between rows). */
  setFile(file: string): void {
    if (this.open) this.endRow();
    this.file = file;
  }

  /** Rows begun so far (in all batches). */
  get rowCount(): number {
    return this.batchRows + this.row + 1;
  }

  /** Rows begun in the current batch. */
  get batchRowCount(): number {
    return this.row + 1;
  }

  /** The column index a source header maps to, adding an undeclared text column when it is new. */
  columnFor(header: string): number {
    const name = snakeCase(header);
    let index = this.byName.get(name);
    if (index === undefined) {
      if (this.slots.length >= MAX_COLUMNS) {
        const n = (x: number): string => x.toLocaleString('en-US');
        throw new InputError(
          'header.too_many_columns',
          `has more than ${n(MAX_COLUMNS)} columns ("${header}" would be column ${n(this.slots.length + 1)}); ` +
            `ecomflow reads at most ${n(MAX_COLUMNS)} columns per source`,
          { file: this.file, column: header },
        );
      }
      if (this.schema.openColumns === false) {
        throw new InputError('header.unknown_column', `unexpected column "${header}"`, {
          file: this.file,
          column: header,
        });
      }
      index = this.addSlot(
        column(name, plainString(), `Undeclared source column "${header}", kept as text.`, { source: header }),
      );
    }
    this.slots[index]!.seen = true;
    return index;
  }

  /** The column name (snake_case) of column `index`. */
  nameOf(index: number): string {
    return this.slots[index]!.spec.name;
  }

  /** Declares that a column appeared in the source header even before any value is set. */
  headerNames(): string[] {
    return this.slots.filter((s) => s.seen).map((s) => s.spec.name);
  }

  /** Throws InputError naming the first required column no header mapped to. */
  checkRequired(): void {
    for (const s of this.slots) {
      if (s.spec.required && !s.seen) {
        const found = this.slots.filter((f) => f.seen).map((f) => `"${f.spec.source ?? f.spec.name}"`);
        const has =
          found.length === 0
            ? 'no columns were found'
            : `found ${found.slice(0, 12).join(', ')}${found.length > 12 ? ', …' : ''}`;
        throw new InputError(
          'header.missing_column',
          `required column "${s.spec.source ?? s.spec.name}" is missing (${has})`,
          {
            file: this.file,
            column: s.spec.source ?? s.spec.name,
          },
        );
      }
    }
  }

  /** Starts a row whose position in the source file is `sourceRow`. */
  beginRow(sourceRow: number): void {
    if (this.open) this.endRow();
    this.row++;
    this.open = true;
    this.sourceRows.appendNumber(sourceRow); // a row number is a safe integer: no BigInt per row
    this.sourceFiles?.append(this.file);
  }

  /**
   * Sets a cell of the current row; returns false (and keeps the first value) if it was already set. A lone
   * surrogate (which UTF-8 cannot hold) is written as U+FFFD and counted as a repaired value.
   */
  setText(index: number, text: string | null): boolean {
    const slot = this.slots[index]!;
    if (slot.lastRow === this.row) return false;
    slot.lastRow = this.row;
    if (text !== null && hasLoneSurrogate(text)) this.repairedText++;
    slot.builder.append(text);
    return true;
  }

  /**
   * Sets a cell from the bytes `source[start, end)`, checked: invalid UTF-8 becomes U+FFFD (WHATWG decoding) and
   * the value is counted as repaired (once, also when the caller says it `repaired` the value itself). Returns
   * false if the cell was already set.
   */
  setUtf8(index: number, source: Uint8Array, start: number, end: number, repaired = false): boolean {
    if (isValidUtf8(source, start, end)) return this.setValidUtf8(index, source, start, end, repaired);
    const slot = this.slots[index]!;
    if (slot.lastRow === this.row) return false;
    slot.lastRow = this.row;
    this.repairedText++;
    slot.builder.append(decodeUtf8(source, start, end));
    return true;
  }

  /**
   * Sets a cell from bytes the caller has already seen to be valid UTF-8 (e.g. a JSON string without a byte
   * ≥ 0x80); `repaired` counts a value the caller itself repaired. Returns false if the cell was already set.
   */
  setValidUtf8(index: number, source: Uint8Array, start: number, end: number, repaired = false): boolean {
    const slot = this.slots[index]!;
    if (slot.lastRow === this.row) return false;
    slot.lastRow = this.row;
    if (repaired) this.repairedText++;
    slot.builder.appendUtf8(source, start, end);
    return true;
  }

  /**
   * Decodes a header name (or JSON key) from its bytes; invalid UTF-8 becomes U+FFFD and is counted once per
   * call, so a reader calls it once per distinct header.
   */
  headerText(source: Uint8Array, start: number, end: number): string {
    if (!isValidUtf8(source, start, end)) this.repairedText++;
    return decodeUtf8(source, start, end);
  }

  /** Counts a text value (or header) the reader repaired itself before handing it over as a string. */
  noteRepairedText(): void {
    this.repairedText++;
  }

  /** What the builder repaired, as `ReadResult.fixes` reports it: `{ 'text.invalid_utf8': { changed: n } }`. */
  fixes(): Record<string, FixCount> {
    return this.repairedText === 0 ? {} : { [INVALID_UTF8_FIX]: { changed: this.repairedText, nulled: 0 } };
  }

  /** Ends the current row: cells not set are null. */
  endRow(): void {
    if (!this.open) return;
    for (const slot of this.slots) {
      if (slot.lastRow !== this.row) {
        slot.lastRow = this.row;
        slot.builder.appendNull();
      }
    }
    this.open = false;
  }

  /**
   * Finishes the table: declared columns in order, then undeclared ones, then `source_file` (with `trackFiles`),
   * then `source_row`.
   */
  finish(): Table {
    this.endRow();
    this.checkRequired();
    const sourceRowSpec = this.schema.columns.find((c) => c.name === 'source_row');
    const specs = this.slots.map((s) => s.spec);
    const vectors: Vector[] = this.slots.map((s) => s.builder.finish());
    if (this.sourceFiles) {
      specs.push(sourceFileColumn);
      vectors.push(this.sourceFiles.finish());
    }
    if (sourceRowSpec) {
      specs.push(sourceRowSpec);
      vectors.push(this.sourceRows.finish());
    }
    return tableFromVectors(specs, vectors);
  }

  /**
   * Finishes the rows so far as a table (between rows) and starts an empty batch with the same columns, so a
   * big source is handed on in batches of bounded size. Column indices stay valid across batches.
   */
  finishBatch(): Table {
    const table = this.finish();
    for (const slot of this.slots) {
      slot.builder = builderFor(slot.spec.type) as TextBuilder;
      slot.lastRow = -1;
    }
    this.sourceRows = new Int64Builder();
    if (this.sourceFiles) this.sourceFiles = new DictionaryBuilder();
    this.batchRows += this.row + 1;
    this.row = -1;
    return table;
  }

  private addSlot(spec: ColumnSpec): number {
    const builder = builderFor(spec.type) as TextBuilder;
    const completed = this.open ? this.row : this.row + 1;
    for (let i = 0; i < completed; i++) builder.appendNull();
    const slot: Slot = { spec, builder, seen: false, lastRow: completed - 1 };
    this.slots.push(slot);
    this.byName.set(spec.name, this.slots.length - 1);
    return this.slots.length - 1;
  }
}

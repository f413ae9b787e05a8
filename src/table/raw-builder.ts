/**
 * Builds a raw table row by row from any source format: maps source headers to declared columns by their
 * snake_case names, keeps undeclared source columns as text, fills absent cells with null, and appends
 * `source_row`. Readers (xlsx, csv, json) feed it; it never sees files itself.
 */
import { type Table, type Vector } from 'apache-arrow';
import { InputError } from '../errors.js';
import { snakeCase } from '../schemas/names.js';
import { column, plainString, type ColumnSpec, type TableSchema } from '../schemas/types.js';
import { DictionaryBuilder, Int64Builder, Utf8Builder, builderFor } from './builders.js';
import { tableFromVectors } from './table.js';

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
  private row = -1;
  /** Rows of the batches already finished. */
  private batchRows = 0;
  private open = false;

  constructor(
    readonly schema: TableSchema,
    readonly file: string,
  ) {
    for (const spec of schema.columns) {
      if (spec.name === 'source_row') continue;
      if (spec.type.kind !== 'string') throw new InputError('schema.raw', `raw column "${spec.name}" must be text`);
      this.addSlot(spec);
    }
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
    this.sourceRows.append(BigInt(sourceRow));
  }

  /** Sets a cell of the current row; returns false (and keeps the first value) if it was already set. */
  setText(index: number, text: string | null): boolean {
    const slot = this.slots[index]!;
    if (slot.lastRow === this.row) return false;
    slot.lastRow = this.row;
    slot.builder.append(text);
    return true;
  }

  /** Sets a cell from UTF-8 bytes `source[start, end)`; returns false if it was already set. */
  setUtf8(index: number, source: Uint8Array, start: number, end: number): boolean {
    const slot = this.slots[index]!;
    if (slot.lastRow === this.row) return false;
    slot.lastRow = this.row;
    slot.builder.appendUtf8(source, start, end);
    return true;
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

  /** Finishes the table: declared columns in order, then undeclared ones, then `source_row`. */
  finish(): Table {
    this.endRow();
    this.checkRequired();
    const sourceRowSpec = this.schema.columns.find((c) => c.name === 'source_row');
    const specs = this.slots.map((s) => s.spec);
    const vectors: Vector[] = this.slots.map((s) => s.builder.finish());
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

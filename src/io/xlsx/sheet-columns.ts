/** Worksheet column number → raw table column, named by the header row. */
import { snakeCase } from '../../schemas/names.js';
import type { RawTableBuilder } from '../../table/raw-builder.js';

/** Worksheet column number → builder column, named by the header or `column_<n>` under a blank header. */
export class SheetColumns {
  private readonly byColumn: (number | undefined)[] = [];
  /** snake_case names already used by this sheet (a repeated header gets a suffix rather than losing data). */
  private readonly taken = new Set<string>(['source_row']);

  constructor(private readonly builder: RawTableBuilder) {}

  /** Maps the header cells; returns false when the header row has no non-blank cell. */
  readHeader(cells: readonly [number, string][]): boolean {
    for (const [col, text] of cells) {
      if (text.trim() !== '') this.byColumn[col] = this.add(text);
    }
    return this.byColumn.length > 0;
  }

  /** The builder column for worksheet column `col` (1-based), added on first use when it had no header. */
  indexOf(col: number): number {
    return (this.byColumn[col] ??= this.add(`column_${col}`));
  }

  private add(header: string): number {
    let label = header;
    for (let n = 2; this.taken.has(snakeCase(label)); n++) label = `${header} ${n}`;
    this.taken.add(snakeCase(label));
    return this.builder.columnFor(label);
  }
}

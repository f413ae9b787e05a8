/**
 * The vocabulary every table is declared in: a column's logical type, its nullability and meaning, and the
 * table's grain and checks. One declaration drives validation, Arrow types, Parquet types and the docs.
 */

/** Logical column types. Money is `decimal` (exact scaled integers), calendar days are `date`. */
export type ColumnType =
  | { readonly kind: 'string'; readonly dictionary: boolean }
  | { readonly kind: 'int32' }
  | { readonly kind: 'int64' }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'date' };

/** One column of a declared table. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly description: string;
  /** The header this column is read from in the source file, when it comes from one. */
  readonly source?: string;
  /** The source file must have this column (raw tables); a file without it is rejected whole. */
  readonly required?: boolean;
}

/** A declared table: where it lives, what one row means, its columns and what must hold. */
export interface TableSchema {
  readonly name: string;
  readonly layer: 'raw' | 'enriched' | 'rejects' | 'aggregates';
  /** What one row is, e.g. "one row per order line (row_id)". */
  readonly grain: string;
  /** Columns whose values together are unique, when the grain has a key. */
  readonly key?: readonly string[];
  readonly columns: readonly ColumnSpec[];
  /** Raw tables accept source columns beyond the declared ones, kept as text. */
  readonly openColumns?: boolean;
}

/** Text, dictionary-encoded in memory (for values that repeat: ids, labels). */
export const dictString = (): ColumnType => ({ kind: 'string', dictionary: true });
/** Text stored plainly (for values that are mostly distinct). */
export const plainString = (): ColumnType => ({ kind: 'string', dictionary: false });
/** 32-bit signed integer. */
export const int32 = (): ColumnType => ({ kind: 'int32' });
/** 64-bit signed integer. */
export const int64 = (): ColumnType => ({ kind: 'int64' });
/** Exact decimal stored as a scaled 64-bit integer (precision ≤ 18). */
export const decimal = (precision: number, scale: number): ColumnType => ({ kind: 'decimal', precision, scale });
/** Calendar date (days since 1970-01-01). */
export const date = (): ColumnType => ({ kind: 'date' });

/** Declares a column; the one-liner every schema file uses. */
export function column(
  name: string,
  type: ColumnType,
  description: string,
  options: { nullable?: boolean; source?: string; required?: boolean } = {},
): ColumnSpec {
  return {
    name,
    type,
    nullable: options.nullable ?? true,
    description,
    ...(options.source === undefined ? {} : { source: options.source }),
    ...(options.required === undefined ? {} : { required: options.required }),
  };
}

/** The SQL type a column reads as in DuckDB (and is documented as). */
export function sqlTypeOf(type: ColumnType): string {
  switch (type.kind) {
    case 'string':
      return 'VARCHAR';
    case 'int32':
      return 'INTEGER';
    case 'int64':
      return 'BIGINT';
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'date':
      return 'DATE';
  }
}

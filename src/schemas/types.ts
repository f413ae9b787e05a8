/**
 * The vocabulary every table is declared in: a column's logical type, its nullability and meaning, and the
 * table's grain and checks. One declaration drives validation, Arrow types, Parquet types and the docs.
 */
import { SchemaError } from '../errors.js';

/** Text, dictionary-encoded in memory (`dictionary: true`) or stored plainly. */
export interface StringType<D extends boolean = boolean> {
  readonly kind: 'string';
  readonly dictionary: D;
}
/** 32-bit signed integer. */
export interface Int32Type {
  readonly kind: 'int32';
}
/** 64-bit signed integer. */
export interface Int64Type {
  readonly kind: 'int64';
}
/** Exact decimal stored as a scaled 64-bit integer. */
export interface DecimalType<P extends number = number, S extends number = number> {
  readonly kind: 'decimal';
  readonly precision: P;
  readonly scale: S;
}
/** Calendar date (days since 1970-01-01). */
export interface DateType {
  readonly kind: 'date';
}

/**
 * Logical column types. Money is `decimal` (exact scaled integers), calendar days are `date`. Each kind is its
 * own literal type, so a declared column's type survives into `Table<…>` (see table/typed-tables.ts).
 */
export type ColumnType = StringType | Int32Type | Int64Type | DecimalType | DateType;

/** One column of a declared table; `N` and `T` keep its name and type as literal types. */
export interface ColumnSpec<N extends string = string, T extends ColumnType = ColumnType> {
  readonly name: N;
  readonly type: T;
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
export const dictString = (): StringType<true> => ({ kind: 'string', dictionary: true });
/** Text stored plainly (for values that are mostly distinct). */
export const plainString = (): StringType<false> => ({ kind: 'string', dictionary: false });
/** 32-bit signed integer. */
export const int32 = (): Int32Type => ({ kind: 'int32' });
/** 64-bit signed integer. */
export const int64 = (): Int64Type => ({ kind: 'int64' });
/** Exact decimal stored as a scaled 64-bit integer (precision ≤ 18). */
export const decimal = <const P extends number, const S extends number>(precision: P, scale: S): DecimalType<P, S> => ({
  kind: 'decimal',
  precision,
  scale,
});
/** Calendar date (days since 1970-01-01). */
export const date = (): DateType => ({ kind: 'date' });

/**
 * Declares a column; the one-liner every schema file uses. The name and type stay literal types.
 * @example
 * column('profit', decimal(18, 2), 'Profit.'); // ColumnSpec<'profit', DecimalType<18, 2>>
 */
export function column<const N extends string, const T extends ColumnType>(
  name: N,
  type: T,
  description: string,
  options: { nullable?: boolean; source?: string; required?: boolean } = {},
): ColumnSpec<N, T> {
  return {
    name,
    type,
    nullable: options.nullable ?? true,
    description,
    ...(options.source === undefined ? {} : { source: options.source }),
    ...(options.required === undefined ? {} : { required: options.required }),
  };
}

/** The names of a declared table's columns. */
export type ColumnNameOf<S extends { readonly columns: readonly ColumnSpec[] }> = S['columns'][number]['name'];

/**
 * The declared column `name` of `schema`, with its literal type.
 * @example
 * columnOf(enrichedOrders, 'country'); // ColumnSpec<'country', StringType<true>>
 */
export function columnOf<S extends TableSchema, const N extends ColumnNameOf<S>>(
  schema: S,
  name: N,
): Extract<S['columns'][number], { readonly name: N }> {
  const found = schema.columns.find((c) => c.name === name);
  if (found === undefined) {
    throw new SchemaError('table.no_column', `${schema.layer}.${schema.name} declares no column "${name}"`);
  }
  return found as Extract<S['columns'][number], { readonly name: N }>;
}

/**
 * The declared columns of `schema` but `names`, in order, typed without them.
 * @example
 * columnsExcept(enrichedOrders, ['order_year']); // every enriched/orders column but order_year
 */
export function columnsExcept<S extends TableSchema, const N extends ColumnNameOf<S>>(
  schema: S,
  names: readonly N[],
): readonly Exclude<S['columns'][number], { readonly name: N }>[] {
  return schema.columns.filter((c) => !(names as readonly string[]).includes(c.name)) as Exclude<
    S['columns'][number],
    { readonly name: N }
  >[];
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

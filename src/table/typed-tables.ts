/**
 * Typed tables: a declared schema (src/schemas) as an Arrow JS `TypeMap`, so `Table<…>` knows every declared
 * column's name and Arrow type and a column read by a name the table does not have stops compiling.
 */
import type { DataType, DateDay, Decimal, Dictionary, Int32, Int64, Table, Utf8 } from 'apache-arrow';
import type { aggregateSchemas } from '../schemas/aggregates.js';
import type { enrichedCustomers, enrichedOrders, enrichedProducts } from '../schemas/enriched.js';
import type { rawCustomers, rawOrders, rawProducts } from '../schemas/raw.js';
import type { rejectedOrders } from '../schemas/rejects.js';
import type { ColumnSpec, ColumnType } from '../schemas/types.js';

/** A text column as the tables hold it: dictionary-encoded (codes into distinct values) or plain. */
export type TextType = Dictionary<Utf8, Int32> | Utf8;

/**
 * The Arrow type a declared column type is held as (what `arrowTypeOf` returns): dictionary string →
 * `Dictionary<Utf8, Int32>`, plain string → `Utf8`, int32 → `Int32`, int64 → `Int64`, decimal → `Decimal`
 * (scaled 128-bit words), date → `DateDay`.
 */
export type ArrowTypeOf<T extends ColumnType> = T extends { readonly kind: 'string'; readonly dictionary: true }
  ? Dictionary<Utf8, Int32>
  : T extends { readonly kind: 'string'; readonly dictionary: false }
    ? Utf8
    : T extends { readonly kind: 'string' }
      ? TextType
      : T extends { readonly kind: 'int32' }
        ? Int32
        : T extends { readonly kind: 'int64' }
          ? Int64
          : T extends { readonly kind: 'decimal' }
            ? Decimal
            : T extends { readonly kind: 'date' }
              ? DateDay
              : never;

/** Declared columns (a union of `ColumnSpec`s) as an Arrow `TypeMap`: column name → Arrow type. */
export type ArrowTypeMapOfColumns<C extends ColumnSpec> = { [S in C as S['name']]: ArrowTypeOf<S['type']> };

/**
 * A declared table schema as an Arrow `TypeMap`.
 * @example
 * type M = ArrowTypeMapOf<typeof enrichedProducts>;
 * // { product_id: Dictionary<Utf8, Int32>; …; price_per_product: Decimal; source_row: Int64 }
 */
export type ArrowTypeMapOf<S extends { readonly columns: readonly ColumnSpec[] }> = ArrowTypeMapOfColumns<
  S['columns'][number]
>;

/**
 * A step's input constraint: a `TypeMap` with (at least) columns `N` of Arrow type `V`. (No index signature: a
 * generic `T extends Having<…>` then lets a reader name only T's own columns.)
 * @example
 * function f<T extends Having<'order_date', DateDay>>(lines: Table<T>) {} // any table with a date order_date
 */
export type Having<N extends string, V extends DataType> = { [K in N]: V };

/** The table of columns `C`: typed when their names are literal, an untyped `Table` when they are any string. */
export type TableOfColumns<C extends ColumnSpec> = string extends C['name'] ? Table : Table<ArrowTypeMapOfColumns<C>>;

/**
 * The table a reader gives for schema `S`: its declared columns typed (a union of schemas gives a union of
 * tables; a plain `TableSchema` an untyped `Table`). Open columns are in the table, not in the type.
 */
export type TableOfSchema<S extends { readonly columns: readonly ColumnSpec[] }> = S extends unknown
  ? TableOfColumns<S['columns'][number]>
  : never;

/** A table of exactly the columns of schema `S`. */
export type TableOf<S extends { readonly columns: readonly ColumnSpec[] }> = Table<ArrowTypeMapOf<S>>;

/**
 * raw/customers, raw/products, raw/orders: the declared source columns (text) and source_row. A source file's
 * extra columns (`openColumns`) are also in the table but not in the type: read them through an untyped `Table`.
 */
export type RawCustomersTable = TableOf<typeof rawCustomers>;
/** raw/products: see {@link RawCustomersTable}. */
export type RawProductsTable = TableOf<typeof rawProducts>;
/** raw/orders: see {@link RawCustomersTable}. */
export type RawOrdersTable = TableOf<typeof rawOrders>;

/** enriched/customers. */
export type EnrichedCustomersTable = TableOf<typeof enrichedCustomers>;
/** enriched/products. */
export type EnrichedProductsTable = TableOf<typeof enrichedProducts>;
/** enriched/orders. */
export type EnrichedOrdersTable = TableOf<typeof enrichedOrders>;

/** rejects/<table>: the three rejects tables share their columns. */
export type RejectsTable = TableOf<typeof rejectedOrders>;

/** The name of an aggregate table. */
export type AggregateTableName = keyof typeof aggregateSchemas;
/** aggregates/<name>. */
export type AggregateTable<N extends AggregateTableName> = TableOf<(typeof aggregateSchemas)[N]>;
/** aggregates/profit_summary. */
export type ProfitSummaryTable = AggregateTable<'profit_summary'>;
/** aggregates/profit_by_year. */
export type ProfitByYearTable = AggregateTable<'profit_by_year'>;
/** aggregates/profit_by_category. */
export type ProfitByCategoryTable = AggregateTable<'profit_by_category'>;
/** aggregates/profit_by_sub_category. */
export type ProfitBySubCategoryTable = AggregateTable<'profit_by_sub_category'>;
/** aggregates/profit_by_customer. */
export type ProfitByCustomerTable = AggregateTable<'profit_by_customer'>;

/**
 * A query's result as plain, exact values: DECIMAL as its exact text with every scale digit (`'12.30'`),
 * DATE as `'yyyy-mm-dd'`, integers as numbers while they are safe integers (|n| ≤ 2^53 − 1) and as exact
 * text beyond, FLOAT as its shortest float32 decimal, other types (timestamps, lists, structs…) as DuckDB
 * prints them.
 */
import { DuckDBTypeId, type DuckDBResultReader, type DuckDBType } from '@duckdb/node-api';

/** One value of a result. */
export type Cell = string | number | boolean | null;

/** One result column: its name and DuckDB type as DuckDB writes it (`DECIMAL(38,2)`, `BIGINT`, `VARCHAR`). */
export interface ResultColumn {
  readonly name: string;
  readonly type: string;
}

/**
 * What `query` returns.
 * @example
 * { columns: [{ name: 'order_year', type: 'INTEGER' }, { name: 'profit', type: 'DECIMAL(38,2)' }],
 *   rows: [[2014, '39185.75'], [2015, '63073.09']] }
 */
export interface QueryResult {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly (readonly Cell[])[];
}

const NUMERIC_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
  DuckDBTypeId.BIGNUM,
]);

/** Whether a result column's DuckDB type (as in `ResultColumn.type`) is a number (tables right-align those). */
export function isNumericType(type: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL|BIGNUM)\b/.test(
    type,
  );
}

/** Converts a fully read DuckDB result into a `QueryResult`. */
export function toQueryResult(reader: DuckDBResultReader): QueryResult {
  const types = reader.columnTypes();
  const names = reader.columnNames();
  const columns = names.map((name, i) => ({ name, type: types[i]!.toString() }));
  const convert = types.map((t) => converterFor(t));
  const rows = reader.getRows().map((row) => row.map((value, i) => convert[i]!(value)));
  return { columns, rows };
}

function converterFor(type: DuckDBType): (value: unknown) => Cell {
  const id = type.typeId;
  if (id === DuckDBTypeId.FLOAT) return (v) => (typeof v === 'number' ? shortestFloat32(v) : plain(v));
  if (NUMERIC_TYPES.has(id) || id === DuckDBTypeId.BOOLEAN || id === DuckDBTypeId.VARCHAR) return plain;
  return (v) => (v === null || v === undefined ? null : valueText(v));
}

function plain(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint')
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return valueText(v); // DuckDBDecimalValue prints its exact text with every scale digit
}

/** A DuckDB value object's own text (DuckDBDecimalValue, DuckDBDateValue, … each define toString). */
function valueText(v: unknown): string {
  return (v as { toString(): string }).toString();
}

/** The shortest decimal that reads back as the same float32 (0.1f → 0.1, not 0.10000000149011612). */
function shortestFloat32(v: number): Cell {
  if (!Number.isFinite(v)) return String(v);
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(v.toPrecision(p));
    if (Math.fround(candidate) === v) return candidate;
  }
  return v;
}

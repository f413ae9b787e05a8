/**
 * A query's result as plain, exact values: DECIMAL as its exact text with every scale digit (`'12.30'`),
 * DATE as `'yyyy-mm-dd'`, integers as numbers while they are safe integers (|n| ≤ 2^53 − 1) and as exact
 * text beyond, FLOAT as its shortest float32 decimal, other types (timestamps, lists, structs…) as DuckDB
 * prints them.
 */
import type { DuckDBPreparedStatement, DuckDBType, DuckDBValue } from '@duckdb/node-api';
// the enum's own module: importing it does not load DuckDB's native library (see duckdb-api.ts)
import { DuckDBTypeId } from '@duckdb/node-api/lib/DuckDBTypeId.js';
import { duckdb } from './duckdb-api.js';

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

/** The result columns of a prepared statement, before it runs. */
export function preparedColumns(statement: DuckDBPreparedStatement): ResultColumn[] {
  const n = statement.columnCount;
  return resultColumns(
    Array.from({ length: n }, (_, i) => statement.columnName(i)),
    Array.from({ length: n }, (_, i) => statement.columnType(i)),
  );
}

/** The result columns of DuckDB's column names and types. */
export function resultColumns(names: readonly string[], types: readonly DuckDBType[]): ResultColumn[] {
  return names.map((name, i) => ({ name, type: types[i]!.toString() }));
}

/**
 * A function that converts one row of DuckDB values of `types` into cells.
 * @example
 * rowConverter([BIGINT, DECIMAL(18, 2)])([5n, decimalValue]); // [5, '12.30']
 */
export function rowConverter(types: readonly DuckDBType[]): (row: readonly DuckDBValue[]) => Cell[] {
  const convert = types.map((t) => converterFor(t));
  return (row) => {
    const cells = new Array<Cell>(row.length);
    for (let i = 0; i < row.length; i++) cells[i] = convert[i]!(row[i]);
    return cells;
  };
}

function converterFor(type: DuckDBType): (value: unknown) => Cell {
  const id = type.typeId;
  if (id === DuckDBTypeId.FLOAT) return (v) => (typeof v === 'number' ? shortestFloat32(v) : plain(v));
  if (NUMERIC_TYPES.has(id) || id === DuckDBTypeId.BOOLEAN || id === DuckDBTypeId.VARCHAR) return plain;
  if (id === DuckDBTypeId.DATE) return date;
  return (v) => (v === null || v === undefined ? null : printed(v));
}

function plain(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint')
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return printed(v); // DuckDBDecimalValue prints its exact text with every scale digit
}

/** A date as DuckDB prints it: `yyyy-mm-dd`, and `infinity` / `-infinity` (not the far date they are stored as). */
function date(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof duckdb().DuckDBDateValue && !v.isFinite) return v.days > 0 ? 'infinity' : '-infinity';
  return printed(v);
}

/** A DuckDB value object (decimal, date, timestamp, list, struct…) as its own `toString` prints it. */
function printed(v: unknown): string {
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

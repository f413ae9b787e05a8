/**
 * `show`: a table as an aligned text grid, the way a notebook's `display` or polars' print shows it — column
 * names over short type names, numbers right-aligned, decimals with their exact scale, dates as yyyy-mm-dd,
 * the first rows and then how many more, and the shape. Pure: it returns the text, and the caller writes it where
 * it wants (`console.log(show(t))`, a stream); the core itself never prints.
 */
import { DataType, type Table, type Vector } from 'apache-arrow';
import { EcomflowError } from '../errors.js';
import { formatScaled } from './columns.js';

/** How `show` lays a table out. */
export interface ShowOptions {
  /** Rows to show from the top (default 10). */
  readonly rows?: number;
  /** A line printed above the grid, e.g. `raw.orders`. */
  readonly title?: string;
  /** Widest a cell or column name may be, in characters; longer text ends in `…` (default 40). */
  readonly maxWidth?: number;
}

/**
 * Rows with named, typed columns — what `query` returns (DuckDB type names, exact values) — which `show`
 * renders like a table. Declared here by shape so the table layer does not depend on the SQL layer.
 */
export interface ResultRows {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly (string | number | boolean | null)[])[];
}

/** What `show` lays out: per column its name, short type, alignment and cell text; and the row count. */
interface Grid {
  readonly numRows: number;
  readonly columns: readonly {
    readonly name: string;
    readonly type: string;
    readonly right: boolean;
    cell(row: number): string;
  }[];
}

/**
 * Renders a table (or a query result) as an aligned text grid: optional title, column names, type line, the
 * first `rows` rows, `… N more rows` when there are more, and the shape line. Null cells read `null`, line
 * breaks `⏎`.
 * @example
 * show(orders, { rows: 2, title: 'enriched.orders' })
 * // enriched.orders
 * // row_id │ order_id       │ order_date │    profit │ category
 * //    i64 │ str            │ date       │ dec(18,2) │ str
 * // ───────┼────────────────┼────────────┼───────────┼──────────
 * //      1 │ CA-2016-152156 │ 2016-11-08 │     41.91 │ Furniture
 * //      2 │ CA-2016-152156 │ 2016-11-08 │    219.58 │ null
 * // … 9,992 more rows
 * // (9,994 rows × 5 columns)
 */
export function show(table: Table | ResultRows, options: ShowOptions = {}): string {
  const { rows = 10, title, maxWidth = 40 } = options;
  if (!Number.isInteger(rows) || rows < 0) {
    throw new EcomflowError('show.bad_option', `rows must be a whole number ≥ 0, got ${rows}`);
  }
  if (!Number.isInteger(maxWidth) || maxWidth < 2) {
    throw new EcomflowError('show.bad_option', `maxWidth must be a whole number ≥ 2, got ${maxWidth}`);
  }
  const grid = 'schema' in table ? tableGrid(table) : resultGrid(table);
  const shown = Math.min(rows, grid.numRows);
  const columns = grid.columns.map((c) => ({
    ...c,
    name: clip(c.name, maxWidth),
    cells: Array.from({ length: shown }, (_, row) => clip(c.cell(row), maxWidth)),
  }));
  const widths = columns.map((c) => Math.max(width(c.name), width(c.type), ...c.cells.map(width)));
  const pad = (t: string, j: number): string => {
    const w = widths[j]! + t.length - width(t);
    return columns[j]!.right ? t.padStart(w) : t.padEnd(w);
  };
  const line = (texts: readonly string[]): string => texts.map(pad).join(' │ ').trimEnd();

  const out: string[] = [];
  if (title !== undefined) out.push(title);
  if (columns.length > 0) {
    out.push(line(columns.map((c) => c.name)));
    out.push(line(columns.map((c) => c.type)));
    out.push(widths.map((w) => '─'.repeat(w)).join('─┼─'));
    for (let row = 0; row < shown; row++) out.push(line(columns.map((c) => c.cells[row]!)));
  }
  const more = grid.numRows - shown;
  if (more > 0) out.push(`… ${count(more, 'more row', 'more rows')}`);
  out.push(`(${count(grid.numRows, 'row', 'rows')} × ${count(columns.length, 'column', 'columns')})`);
  return out.join('\n');
}

function tableGrid(table: Table): Grid {
  return {
    numRows: table.numRows,
    columns: table.schema.fields.map((field, i) => {
      const vector = table.getChildAt<DataType>(i)!;
      return {
        name: field.name,
        type: typeName(vector.type),
        right: isNumeric(vector.type),
        cell: (row: number) => cellText(vector, row),
      };
    }),
  };
}

function resultGrid(result: ResultRows): Grid {
  return {
    numRows: result.rows.length,
    columns: result.columns.map((c, j) => {
      const type = sqlTypeName(c.type);
      return {
        name: c.name,
        type,
        right: /^([iuf]\d+|dec\()/.test(type),
        cell: (row: number) => {
          const value = result.rows[row]![j];
          return value === null || value === undefined ? 'null' : String(value).replace(/\r\n|\r|\n/g, '⏎');
        },
      };
    }),
  };
}

const SQL_TYPES: Readonly<Record<string, string>> = {
  TINYINT: 'i8',
  SMALLINT: 'i16',
  INTEGER: 'i32',
  BIGINT: 'i64',
  HUGEINT: 'i128',
  UTINYINT: 'u8',
  USMALLINT: 'u16',
  UINTEGER: 'u32',
  UBIGINT: 'u64',
  UHUGEINT: 'u128',
  FLOAT: 'f32',
  DOUBLE: 'f64',
  VARCHAR: 'str',
  DATE: 'date',
  BOOLEAN: 'bool',
  TIMESTAMP: 'datetime',
};

/** A DuckDB type name in `show`'s short vocabulary: `DECIMAL(38,2)` → `dec(38,2)`, `BIGINT` → `i64`. */
function sqlTypeName(type: string): string {
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) return `dec(${decimal[1]},${decimal[2]})`;
  return SQL_TYPES[type] ?? type.toLowerCase();
}

/** A short type name: `str`, `i32`, `i64`, `f64`, `bool`, `dec(18,2)`, `date`, `datetime`. */
export function typeName(type: DataType): string {
  // apache-arrow types a dictionary's value type as any
  if (DataType.isDictionary(type)) return typeName(type.dictionary as DataType);
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return 'str';
  if (DataType.isInt(type)) return `${type.isSigned ? 'i' : 'u'}${type.bitWidth}`;
  if (DataType.isFloat(type)) return `f${[16, 32, 64][type.precision] ?? '?'}`;
  if (DataType.isDecimal(type)) return `dec(${type.precision},${type.scale})`;
  if (DataType.isDate(type)) return 'date';
  if (DataType.isTimestamp(type)) return 'datetime';
  if (DataType.isBool(type)) return 'bool';
  if (DataType.isNull(type)) return 'null';
  return String(type).toLowerCase();
}

function isNumeric(type: DataType): boolean {
  return DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type);
}

/** One cell as display text (before clipping). */
function cellText(vector: Vector, row: number): string {
  const value: unknown = vector.get(row);
  if (value === null || value === undefined) return 'null';
  const type = vector.type as DataType;
  if (DataType.isDecimal(type)) return formatScaled(decimalOf(value as Uint32Array), type.scale);
  if (DataType.isDate(type)) return new Date(value as number).toISOString().slice(0, 10);
  if (DataType.isTimestamp(type)) return new Date(Number(value)).toISOString().slice(0, 19).replace('T', ' ');
  return (value as { toString(): string }).toString().replace(/\r\n|\r|\n/g, '⏎');
}

/** A little-endian two's-complement decimal (32-bit words) as a bigint. */
function decimalOf(words: Uint32Array): bigint {
  let value = 0n;
  for (let k = words.length - 1; k >= 0; k--) value = (value << 32n) | BigInt(words[k]!);
  const bits = BigInt(words.length * 32);
  return words.length > 0 && words[words.length - 1]! >= 0x80000000 ? value - (1n << bits) : value;
}

/** Characters as a reader counts them (code points). */
function width(text: string): number {
  return Array.from(text).length;
}

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function count(n: number, one: string, many: string): string {
  return `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} ${n === 1 ? one : many}`;
}

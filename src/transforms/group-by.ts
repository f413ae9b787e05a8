/**
 * `groupBy`: exact, columnar grouping with sums and counts. Null keys form their own group, so the sums over
 * the groups add up to the sum over the table. Output rows are sorted by the keys (ascending, nulls last).
 */
import { DataType, Decimal, Int64, type Table, type TypeMap, type Vector } from 'apache-arrow';
import { SchemaError } from '../errors.js';
import { Int64Builder } from '../table/builders.js';
import { fieldType } from '../table/arrow-types.js';
import { bigintColumn, int32Column, isValid, type ColumnName } from '../table/columns.js';
import { tableFromVectors } from '../table/table.js';
import { column, decimal, int64, type ColumnSpec, type ColumnType } from '../schemas/types.js';
import { groupKeys, type GroupIds } from './group-keys.js';

/** An aggregation over a group: exact sum of an int/decimal column (one of `C`), or a row count. */
export type Aggregation<C extends string = string> =
  { readonly op: 'sum'; readonly column: C } | { readonly op: 'count' };

/**
 * The output `TypeMap` of `groupBy(table: Table<T>, keys: K[], aggregations: A)`: each key keeps its Arrow type;
 * a sum of a Decimal is a Decimal, of an integer an Int64; a count is an Int64.
 */
export type GroupedMap<T extends TypeMap, K extends string, A extends Readonly<Record<string, Aggregation>>> = {
  [N in K]: T[N];
} & {
  [N in keyof A & string]: A[N] extends { readonly op: 'sum'; readonly column: infer C extends keyof T }
    ? T[C] extends Decimal
      ? Decimal
      : Int64
    : Int64;
};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TWO_53 = 2 ** 53;
const TWO_32 = 2 ** 32;
const TWO_21 = 2 ** 21;

/**
 * Groups `table` by `keys` and computes `aggregations` (output column name → aggregation); pure, deterministic.
 *
 * Key columns may be text (plain or dictionary), Int32, Date (days) or Int64, and keep their Arrow type in the
 * output; a null key is its own group. After the keys come the aggregations in the given order:
 * `sum` of Decimal(p, s) → Decimal(18, s), of Int32/Int64 → Int64, exact, nulls skipped (a group whose values
 * are all null sums to 0); `count` → Int64 rows in the group. Rows are sorted by the keys ascending, nulls last,
 * text by code point. With no keys, a non-empty table gives one row; an empty table always gives no rows.
 * Throws SchemaError for an unknown column, a key of another type, a sum over a non-numeric column, a name
 * used twice, or a sum that does not fit its output type. The return type follows (see {@link GroupedMap}): a
 * typed table's keys and sums must be its own columns.
 * @example
 * groupBy(orders, ['category'], { profit: { op: 'sum', column: 'profit' }, lines: { op: 'count' } })
 * // category        │ profit  │ lines
 * // Furniture       │ 1234.56 │ 3
 * // Technology      │ -10.00  │ 1
 * // null            │ 0.30    │ 2
 */
export function groupBy<
  T extends TypeMap,
  const K extends ColumnName<T>,
  const A extends Readonly<Record<string, Aggregation<ColumnName<T>>>>,
>(table: Table<T>, keys: readonly K[], aggregations: A): Table<GroupedMap<T, K, A>> {
  const available = table.schema.names.map(String);
  const need = (name: string, role: string): void => {
    if (!available.includes(name)) {
      throw new SchemaError('groupby.no_column', `${role} column "${name}" not found (have: ${available.join(', ')})`, {
        column: name,
      });
    }
  };
  const outputs = [...keys, ...Object.keys(aggregations)];
  const twice = outputs.find((n, i) => outputs.indexOf(n) !== i);
  if (twice !== undefined)
    throw new SchemaError('groupby.duplicate', `output column "${twice}" is named twice`, { column: twice });
  for (const k of keys) need(k, 'key');
  for (const agg of Object.values(aggregations)) if (agg.op === 'sum') need(agg.column, 'sum');
  return groupRows(table as Table, keys, aggregations) as Table<GroupedMap<T, K, A>>;
}

function groupRows(table: Table, keys: readonly string[], aggregations: Readonly<Record<string, Aggregation>>): Table {
  const { keys: encoded, ids } = groupKeys(table, keys);
  const specs: ColumnSpec[] = encoded.map((k) => column(k.name, k.type, `Group key ${k.name}.`));
  const vectors: Vector[] = encoded.map((k) => k.valuesAt(ids.firstRow));
  for (const [name, agg] of Object.entries(aggregations)) {
    const { type, sums } =
      agg.op === 'count' ? { type: int64(), sums: countRows(ids) } : sumColumn(table, agg.column, ids, name);
    const description = agg.op === 'count' ? 'Rows in the group.' : `Exact sum of ${agg.column}; nulls skipped.`;
    specs.push(column(name, type, description, { nullable: false }));
    vectors.push(finishSums(sums, type, name));
  }
  return tableFromVectors(specs, vectors);
}

function countRows({ groupOf, groups }: GroupIds): Float64Array {
  const counts = new Float64Array(groups);
  for (let i = 0; i < groupOf.length; i++) counts[groupOf[i]!]!++;
  return counts;
}

/** Sums one column per group; the output type is Decimal(18, s) for decimals, Int64 for integers. */
function sumColumn(
  table: Table,
  name: string,
  ids: GroupIds,
  output: string,
): { type: ColumnType; sums: Float64Array | bigint[] } {
  const type = fieldType(table, name);
  const empty = table.numRows === 0;
  if (DataType.isInt(type) && type.isSigned && type.bitWidth === 32) {
    if (empty) return { type: int64(), sums: [] };
    const { values, validity } = int32Column(table, name);
    return {
      type: int64(),
      sums: sumNumbers(values, validity, ids) ?? sumBigints(BigInt64Array.from(values, BigInt), validity, ids),
    };
  }
  const isDecimal = DataType.isDecimal(type);
  if (isDecimal || (DataType.isInt(type) && type.isSigned && type.bitWidth === 64)) {
    const outType = isDecimal ? decimal(18, type.scale) : int64();
    if (empty) return { type: outType, sums: [] };
    const { values, validity } = bigintColumn(table, name);
    const sums = sumSmallBigints(values, validity, ids) ?? sumBigints(values, validity, ids);
    return { type: outType, sums };
  }
  const available = table.schema.names.join(', ');
  throw new SchemaError(
    'groupby.sum_type',
    `cannot sum column "${name}" (${String(type)}) into "${output}": ` +
      `only int32, int64 and decimal columns can be summed (have: ${available})`,
    { column: name },
  );
}

/** Fast path for Int32 values: double sums, or null when a partial sum might leave ±2^53. */
function sumNumbers(
  values: Int32Array,
  validity: Uint8Array | null,
  { groupOf, groups }: GroupIds,
): Float64Array | null {
  const sums = new Float64Array(groups);
  for (let i = 0; i < values.length; i++) {
    if (!isValid(validity, i)) continue;
    const s = (sums[groupOf[i]!] = sums[groupOf[i]!]! + values[i]!);
    if (s >= TWO_53 || s <= -TWO_53) return null;
  }
  return sums;
}

/**
 * Fast path for 64-bit values: each value is read as two 32-bit words (no bigint per row) and summed as a
 * double. A double sum of integers is exact while its true value is within ±2^53, and rounding is monotone,
 * so a computed |partial sum| < 2^53 proves every step was exact; otherwise returns null (use bigints).
 */
function sumSmallBigints(
  values: BigInt64Array,
  validity: Uint8Array | null,
  { groupOf, groups }: GroupIds,
): Float64Array | null {
  if (!littleEndian()) return null;
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  const sums = new Float64Array(groups);
  for (let i = 0; i < values.length; i++) {
    if (!isValid(validity, i)) continue;
    const high = words[2 * i + 1]!;
    if (high >= TWO_21 || high < -TWO_21) return null; // |value| ≥ 2^53
    const s = (sums[groupOf[i]!] = sums[groupOf[i]!]! + (high * TWO_32 + (words[2 * i]! >>> 0)));
    if (s >= TWO_53 || s <= -TWO_53) return null;
  }
  return sums;
}

/** The exact fallback: arbitrary-precision bigint sums per group. */
function sumBigints(values: BigInt64Array, validity: Uint8Array | null, { groupOf, groups }: GroupIds): bigint[] {
  const sums = new Array<bigint>(groups).fill(0n);
  for (let i = 0; i < values.length; i++) if (isValid(validity, i)) sums[groupOf[i]!]! += values[i]!;
  return sums;
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
}

/** Builds the output vector, checking each sum fits Int64 or, for decimals, 18 digits. */
function finishSums(sums: Float64Array | bigint[], type: ColumnType, name: string): Vector {
  const limit = type.kind === 'decimal' ? 10n ** 18n - 1n : INT64_MAX;
  const lowest = type.kind === 'decimal' ? -limit : INT64_MIN;
  const b = new Int64Builder(type.kind === 'decimal' ? new Decimal(type.scale, 18, 128) : new Int64());
  if (sums instanceof Float64Array) {
    // the fast paths' sums are exact integers within ±2^53, inside both limits: no BigInt per group
    for (const s of sums) b.appendNumber(s);
    return b.finish();
  }
  for (const v of sums) {
    if (v > limit || v < lowest) {
      throw new SchemaError(
        'groupby.overflow',
        `sum "${name}" = ${v} does not fit ${type.kind === 'decimal' ? 'DECIMAL(18)' : 'INT64'}`,
        {
          column: name,
        },
      );
    }
    b.append(v);
  }
  return b.finish();
}

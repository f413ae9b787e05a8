/**
 * Parquet reading with hyparquet: a Parquet file (ours or DuckDB's) becomes an Arrow table with exact values.
 * hyparquet is asked for physical values only (its own conversions would turn DECIMAL into floats), and this
 * module maps them itself: STRING → Utf8 or Dictionary, INT32 → Int32, INT64 → Int64,
 * DECIMAL → Decimal128 holding the exact scaled integers, DATE → DateDay.
 */
import { readFile } from 'node:fs/promises';
import type { Table } from 'apache-arrow';
import { parquetMetadata, parquetRead, type FileMetaData, type SchemaElement } from 'hyparquet';
import { InputError } from '../../errors.js';
import {
  column,
  date,
  decimal,
  int32,
  int64,
  plainString,
  type ColumnSpec,
  type ColumnType,
  type TableSchema,
} from '../../schemas/types.js';
import { DictionaryBuilder, Int32Builder, Utf8Builder, builderFor } from '../../table/builders.js';
import { tableFromVectors } from '../../table/table.js';
import type { TableOfSchema } from '../../table/typed-tables.js';

/** One top-level column of the file: its Parquet element and the column it is read as. */
interface FileColumn {
  readonly element: SchemaElement;
  readonly spec: ColumnSpec;
}

type Values = ArrayLike<unknown>;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Reads a Parquet file into an Arrow table; `schema` (optional) decides dictionary vs plain strings, checks columns
 * and types the table (`TableOfSchema`).
 * @example
 * const orders = await readParquet('warehouse/enriched/orders.parquet', enrichedOrders);
 * tableRows(orders)[0]; // { row_id: 1n, order_id: 'CA-2016-152156', profit: '41.91', order_date: 17122, … }
 */
export async function readParquet<S extends TableSchema = TableSchema>(
  file: string,
  schema?: S,
): Promise<TableOfSchema<S>> {
  const buffer = await readBytes(file);
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(buffer);
  } catch (error) {
    throw new InputError('parquet.corrupt', `not a readable Parquet file (${messageOf(error)})`, { file });
  }
  const columns = fileColumns(metadata, file, schema);
  const chunks = new Map<string, { rowStart: number; data: Values }[]>(columns.map((c) => [c.spec.name, []]));
  try {
    await parquetRead({
      file: { byteLength: buffer.byteLength, slice: (start, end) => buffer.slice(start, end) },
      metadata: physicalOnly(metadata),
      utf8: false,
      onChunk: ({ columnName, columnData, rowStart }) => chunks.get(columnName)?.push({ rowStart, data: columnData }),
    });
  } catch (error) {
    throw new InputError('parquet.corrupt', `cannot decode Parquet data (${messageOf(error)})`, { file });
  }
  const vectors = columns.map((c) => {
    const parts = chunks.get(c.spec.name)!.sort((a, b) => a.rowStart - b.rowStart);
    return buildColumn(
      c,
      parts.map((p) => p.data),
      file,
    );
  });
  const table: Table = tableFromVectors(
    columns.map((c) => c.spec),
    vectors,
  );
  return table as TableOfSchema<S>; // with a schema, each declared column is built by its declared type
}

async function readBytes(file: string): Promise<ArrayBuffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputError(
      missing ? 'parquet.missing' : 'parquet.unreadable',
      missing ? 'file not found' : `cannot read file (${messageOf(error)})`,
      {
        file,
      },
    );
  }
  const whole =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? (bytes.buffer as ArrayBuffer) : new Uint8Array(bytes).buffer;
}

/** The metadata with type annotations removed, so hyparquet hands back raw physical values (bytes, ints). */
function physicalOnly(metadata: FileMetaData): FileMetaData {
  const schema = metadata.schema.map((element, i) => {
    if (i === 0) return element;
    const { converted_type, logical_type, ...physical } = element;
    return physical;
  });
  return { ...metadata, schema };
}

/** The file's columns, typed from their Parquet annotations and checked against `schema` when given. */
function fileColumns(metadata: FileMetaData, file: string, schema: TableSchema | undefined): FileColumn[] {
  const [root, ...elements] = metadata.schema;
  if (!root || elements.length !== (root.num_children ?? 0) || elements.some((e) => e.num_children !== undefined)) {
    throw new InputError('parquet.unsupported_type', 'nested Parquet columns are not supported', { file });
  }
  const declared = new Map((schema?.columns ?? []).map((c) => [c.name, c]));
  const columns = elements.map((element): FileColumn => {
    const where = { file, column: element.name };
    const found = columnTypeOf(element);
    if (found === null) {
      throw new InputError('parquet.unsupported_type', `Parquet type ${describe(element)} is not supported`, where);
    }
    const nullable = element.repetition_type !== 'REQUIRED';
    const spec = declared.get(element.name);
    if (spec === undefined) {
      if (schema !== undefined && !schema.openColumns) {
        throw new InputError('parquet.extra_column', `column is not declared in ${schema.layer}.${schema.name}`, where);
      }
      return { element, spec: column(element.name, found, `Read from ${file}.`, { nullable }) };
    }
    if (!sameType(spec.type, found)) {
      throw new InputError(
        'parquet.type_mismatch',
        `column is ${describe(element)}, declared ${JSON.stringify(spec.type)}`,
        where,
      );
    }
    return { element, spec };
  });
  for (const spec of declared.values()) {
    if (!elements.some((e) => e.name === spec.name)) {
      throw new InputError('parquet.missing_column', `declared column "${spec.name}" is missing`, {
        file,
        column: spec.name,
      });
    }
  }
  return columns;
}

/** The logical column type a Parquet element is read as, or null when ecomflow does not read it. */
function columnTypeOf(e: SchemaElement): ColumnType | null {
  const ctype = e.converted_type;
  const ltype = e.logical_type;
  if (ctype === 'DECIMAL' || ltype?.type === 'DECIMAL') {
    const precision = ltype?.type === 'DECIMAL' ? ltype.precision : e.precision;
    const scale = ltype?.type === 'DECIMAL' ? ltype.scale : (e.scale ?? 0);
    if (precision === undefined || !['INT32', 'INT64', 'FIXED_LEN_BYTE_ARRAY', 'BYTE_ARRAY'].includes(e.type ?? ''))
      return null;
    return decimal(precision, scale);
  }
  if (ctype === 'DATE' || ltype?.type === 'DATE') return e.type === 'INT32' ? date() : null;
  if (ctype === 'UTF8' || ltype?.type === 'STRING') return e.type === 'BYTE_ARRAY' ? plainString() : null;
  return integerTypeOf(e);
}

/** Signed integers of up to 32 bits (and small unsigned ones) read as int32; signed 64-bit as int64. */
function integerTypeOf(e: SchemaElement): ColumnType | null {
  const { converted_type: ctype, logical_type: ltype } = e;
  let bits: number;
  let signed: boolean;
  if (ltype?.type === 'INTEGER') {
    bits = ltype.bitWidth;
    signed = ltype.isSigned;
  } else if (ltype !== undefined) {
    return null;
  } else if (ctype === undefined) {
    bits = e.type === 'INT32' ? 32 : 64;
    signed = true;
  } else {
    const match = /^(U?)INT_(\d+)$/.exec(ctype);
    if (!match) return null;
    bits = Number(match[2]);
    signed = match[1] === '';
  }
  if (e.type === 'INT32' && (signed ? bits <= 32 : bits < 32)) return int32();
  if (e.type === 'INT64' && signed && bits === 64) return int64();
  return null;
}

function sameType(declared: ColumnType, found: ColumnType): boolean {
  if (declared.kind === 'string') return found.kind === 'string';
  if (declared.kind === 'decimal') {
    return found.kind === 'decimal' && found.precision === declared.precision && found.scale === declared.scale;
  }
  return declared.kind === found.kind;
}

function describe(e: SchemaElement): string {
  const annotation = e.logical_type?.type ?? e.converted_type;
  return annotation ? `${e.type ?? 'group'} (${annotation})` : (e.type ?? 'group');
}

/** Appends every chunk of one column into its builder and finishes the Arrow vector. */
function buildColumn({ element, spec }: FileColumn, parts: readonly Values[], file: string) {
  const where = { file, column: spec.name };
  const builder = builderFor(spec.type);
  const nullCheck = !spec.nullable;
  const rejectNull = (): never => {
    throw new InputError('parquet.null_in_required', 'column holds nulls but is declared not null', where);
  };
  if (builder instanceof Utf8Builder) {
    for (const values of parts) {
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as Uint8Array | null | undefined;
        if (v == null) {
          if (nullCheck) rejectNull();
          builder.appendNull();
        } else builder.appendUtf8(v, 0, v.length);
      }
    }
  } else if (builder instanceof DictionaryBuilder) {
    appendDictionary(builder, parts, nullCheck ? rejectNull : null);
  } else if (builder instanceof Int32Builder) {
    for (const values of parts) {
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as number | null | undefined;
        if (v == null && nullCheck) rejectNull();
        builder.append(v ?? null);
      }
    }
  } else {
    const toBigint = scaledReader(element, where);
    for (const values of parts) {
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v == null) {
          if (nullCheck) rejectNull();
          builder.appendNull();
        } else builder.append(toBigint(v));
      }
    }
  }
  return builder.finish();
}

/** Dictionary strings: hyparquet hands back one shared byte array per dictionary entry, so decode each once. */
function appendDictionary(
  builder: DictionaryBuilder,
  parts: readonly Values[],
  rejectNull: (() => never) | null,
): void {
  const decoder = new TextDecoder();
  let decoded = new Map<Uint8Array, string>();
  for (const values of parts) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as Uint8Array | null | undefined;
      if (v == null) {
        rejectNull?.();
        builder.appendNull();
        continue;
      }
      let s = decoded.get(v);
      if (s === undefined) {
        s = decoder.decode(v);
        // plain-encoded pages give a fresh array per row: keep the cache bounded
        if (decoded.size >= 65_536) decoded = new Map();
        decoded.set(v, s);
      }
      builder.append(s);
    }
  }
}

/** Converts one physical value (INT32 number, INT64 bigint, or big-endian two's-complement bytes) to a bigint. */
function scaledReader(element: SchemaElement, where: { file: string; column: string }): (v: unknown) => bigint {
  const check = (x: bigint): bigint => {
    if (x < INT64_MIN || x > INT64_MAX) {
      throw new InputError('parquet.decimal_range', `value ${x} does not fit a 64-bit scaled integer`, where);
    }
    return x;
  };
  if (element.type === 'INT64') return (v) => v as bigint;
  if (element.type === 'INT32') return (v) => BigInt(v as number);
  return (v) => check(bigintFromBytes(v as Uint8Array));
}

function bigintFromBytes(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return bytes[0]! & 0x80 ? value - (1n << BigInt(bytes.length * 8)) : value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Parquet writing with hyparquet-writer: an Arrow table becomes a Parquet file whose physical and logical
 * types follow the Arrow field types exactly (text → STRING, Int32 → INT32, Int64 → INT64,
 * Decimal → INT64 DECIMAL(p,s), DateDay → INT32 DATE), written atomically and byte-for-byte deterministic.
 */
import { DataType, DateUnit, Table, Type, type Field } from 'apache-arrow';
import type { DecodedArray } from 'hyparquet';
import { ByteWriter, parquetWrite, type ColumnSource, type SchemaElement, type Writer } from 'hyparquet-writer';
import { SchemaError } from '../src/errors.js';
import { bigintColumn, codedColumn, int32Column, isValid } from '../src/table/columns.js';
import { writeFileAtomic } from '../src/io/files/atomic-file.js';

/** Rows per row group unless the caller says otherwise. */
export const DEFAULT_ROW_GROUP_SIZE = 100_000;

/** Written into every file's `created_by`; fixed so the same table always gives the same bytes. */
const CREATED_BY = 'ecomflow';

/** Largest decimal precision a scaled 64-bit integer (Parquet INT64 DECIMAL) holds. */
const MAX_INT64_PRECISION = 18;

const encoder = new TextEncoder();

/**
 * Writes an Arrow table to a Parquet file atomically (temp file + rename), with exact logical types.
 * @example
 * await writeParquet('warehouse/enriched/orders.parquet', orders);
 * // duckdb> DESCRIBE 'warehouse/enriched/orders.parquet'  →  row_id BIGINT, profit DECIMAL(18,2), order_date DATE …
 */
export async function writeParquet(file: string, table: Table, options: { rowGroupSize?: number } = {}): Promise<void> {
  const { rowGroupSize = DEFAULT_ROW_GROUP_SIZE } = options;
  if (!Number.isInteger(rowGroupSize) || rowGroupSize < 1) {
    throw new SchemaError('parquet.row_group_size', `rowGroupSize must be a positive integer, got ${rowGroupSize}`);
  }
  const fields = table.schema.fields;
  const schema: SchemaElement[] = [{ name: 'root', num_children: fields.length }, ...fields.map(schemaElementOf)];
  const columnData: ColumnSource[] = fields.map((f) => ({ name: f.name, data: columnDataOf(table, f) }));
  await writeFileAtomic(file, async (handle) => {
    const bytes = new ByteWriter(1 << 20);
    // flush each finished row group to the file so the whole output never sits in memory at once
    const flush = async (): Promise<void> => {
      const chunk = bytes.getBytes().slice();
      bytes.index = 0;
      await handle.write(chunk);
    };
    const writer: Writer = Object.assign(bytes, { flush, finish: flush });
    await parquetWrite({ writer, schema, columnData, codec: 'SNAPPY', rowGroupSize, createdBy: CREATED_BY });
  });
}

/** The Parquet schema element an Arrow field is written as. */
export function schemaElementOf(field: Field): SchemaElement {
  const { name, type } = field;
  const repetition_type = field.nullable ? 'OPTIONAL' : 'REQUIRED';
  if (DataType.isUtf8(type) || (DataType.isDictionary(type) && DataType.isUtf8(type.dictionary))) {
    return { name, repetition_type, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
  }
  if (DataType.isInt(type) && type.isSigned && (type.bitWidth === 32 || type.bitWidth === 64)) {
    return { name, repetition_type, type: type.bitWidth === 32 ? 'INT32' : 'INT64' };
  }
  if (DataType.isDecimal(type) && type.precision <= MAX_INT64_PRECISION) {
    const { precision, scale } = type;
    return {
      name,
      repetition_type,
      type: 'INT64',
      converted_type: 'DECIMAL',
      precision,
      scale,
      logical_type: { type: 'DECIMAL', precision, scale },
    };
  }
  if (DataType.isDate(type) && type.unit === DateUnit.DAY) {
    return { name, repetition_type, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } };
  }
  throw new SchemaError(
    'parquet.unsupported_type',
    `column "${name}" has type ${String(type)}, which ecomflow does not write`,
  );
}

/** A column's values as hyparquet-writer takes them: typed arrays when nothing is null, else arrays with nulls. */
function columnDataOf(table: Table, field: Field): DecodedArray {
  const parts = table.batches.map((batch) => batchColumn(new Table(batch), field));
  return concatParts(parts);
}

function batchColumn(table: Table, field: Field): DecodedArray {
  const { name, type } = field;
  if (table.numRows === 0) return [];
  switch (type.typeId) {
    case Type.Dictionary: {
      const { codes, dictionary } = codedColumn(table, name);
      const bytes = dictionary.map((s) => encoder.encode(s));
      // every row with the same code shares one byte array, so the writer's dictionary lookup is by identity
      return Array.from(codes, (c) => (c < 0 ? null : bytes[c]!));
    }
    case Type.Utf8:
      return utf8Values(table, name);
    case Type.Int:
    case Type.Date: {
      if (DataType.isInt(type) && type.bitWidth === 64) return withNulls(bigintColumn(table, name));
      return withNulls(int32Column(table, name));
    }
    case Type.Decimal:
      return withNulls(bigintColumn(table, name));
    default:
      throw new SchemaError(
        'parquet.unsupported_type',
        `column "${name}" has type ${String(type)}, which ecomflow does not write`,
      );
  }
}

function withNulls<T extends Int32Array | BigInt64Array>(column: {
  values: T;
  validity: Uint8Array | null;
}): DecodedArray {
  const { values, validity } = column;
  if (validity === null) return values;
  return Array.from(values as ArrayLike<number | bigint>, (v, i) => (isValid(validity, i) ? v : null));
}

/** Plain UTF-8 strings as views into the Arrow byte buffer: no decoding, no re-encoding. */
function utf8Values(table: Table, name: string): DecodedArray {
  const vector = table.getChild(name)!;
  const data = vector.data[0]!;
  const offsets = data.valueOffsets as Int32Array | undefined;
  const bytes = data.values as Uint8Array | undefined;
  if (vector.data.length !== 1 || data.offset !== 0 || !(offsets instanceof Int32Array) || !bytes) {
    // unusual layout (sliced or chunked): decode row by row
    return Array.from({ length: vector.length }, (_, i) => {
      const s = vector.get(i) as string | null;
      return s === null ? null : encoder.encode(s);
    });
  }
  const validity = data.nullCount > 0 ? (data.nullBitmap ?? null) : null;
  const out = new Array<Uint8Array | null>(data.length);
  for (let i = 0; i < data.length; i++) {
    out[i] = isValid(validity, i) ? bytes.subarray(offsets[i]!, offsets[i + 1]!) : null;
  }
  return out;
}

function concatParts(parts: DecodedArray[]): DecodedArray {
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 0) return [];
  const out: unknown[] = [];
  for (const part of parts) for (let i = 0; i < part.length; i++) out.push(part[i]);
  return out;
}

/**
 * Parquet writing straight from Arrow buffers (`src/io/parquet/`): an Arrow table becomes a Parquet file whose
 * physical and logical types follow the Arrow field types exactly (text → STRING, Int32 → INT32,
 * Int64 → INT64, Decimal → INT64 DECIMAL(p,s), DateDay → INT32 DATE), written atomically and byte-for-byte
 * deterministic. Dictionary text becomes RLE_DICTIONARY pages, everything else PLAIN; pages are SNAPPY.
 */
import { DataType, DateUnit, type Field, type Table } from 'apache-arrow';
import type { SchemaElement } from 'hyparquet';
import { SchemaError } from '../../errors.js';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tempNameFor, writeFileAtomic } from '../files/atomic-file.js';
import { packageVersion } from '../files/package-version.js';
import { ParquetFileWriter, writeTableTo } from './file-writer.js';
import type { Codec } from './format.js';

/** Rows per row group unless the caller says otherwise. */
export const DEFAULT_ROW_GROUP_SIZE = 100_000;

/** Every file's `created_by` (`ecomflow version 0.1.0`): the same for every write, so output stays deterministic. */
const createdBy = (): string => `ecomflow version ${packageVersion()}`;

/** Largest decimal precision a scaled 64-bit integer (Parquet INT64 DECIMAL) holds. */
const MAX_INT64_PRECISION = 18;

/** How a table is written: rows per row group and page compression. */
export interface ParquetWriteOptions {
  /** Rows per row group (default 100,000). */
  readonly rowGroupSize?: number;
  /** Page compression (default SNAPPY). */
  readonly codec?: Codec;
}

/**
 * Writes an Arrow table to a Parquet file atomically (temp file + rename), with exact logical types.
 * @example
 * await writeParquet('warehouse/enriched/orders.parquet', orders);
 * // duckdb> DESCRIBE 'warehouse/enriched/orders.parquet'  →  row_id BIGINT, profit DECIMAL(18,2), order_date DATE …
 */
export async function writeParquet(file: string, table: Table, options: ParquetWriteOptions = {}): Promise<void> {
  const { rowGroupSize = DEFAULT_ROW_GROUP_SIZE, codec = 'SNAPPY' } = options;
  checkRowGroupSize(rowGroupSize);
  const schema = parquetSchemaOf(table);
  await writeFileAtomic(file, (handle) =>
    writeTableTo(handle, table, schema, { rowGroupSize, codec, createdBy: createdBy() }),
  );
}

/** A Parquet file being written as a stream of tables of one schema; renamed into place by `close`. */
export interface ParquetStream {
  /** Appends a table's rows (same column names and types as the first table). */
  append(table: Table): Promise<void>;
  /** Writes the footer and renames the file into place. */
  close(): Promise<void>;
  /** Removes the unfinished file. */
  abort(): Promise<void>;
}

/**
 * Opens a Parquet file to be written batch by batch (bounded memory: each batch is written as it comes), with
 * the columns of `columns` (an empty table of the schema, or the first batch); atomic like `writeParquet`.
 * @example
 * const out = await openParquetStream('warehouse/raw/orders.parquet', firstBatch);
 * for await (const batch of batches) await out.append(batch);
 * await out.close();
 */
export async function openParquetStream(
  file: string,
  columns: Table,
  options: ParquetWriteOptions = {},
): Promise<ParquetStream> {
  const { rowGroupSize = DEFAULT_ROW_GROUP_SIZE, codec = 'SNAPPY' } = options;
  checkRowGroupSize(rowGroupSize);
  const fields = columns.schema.fields;
  const schema = parquetSchemaOf(columns);
  const signature = fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable}`).join(',');
  await mkdir(dirname(file), { recursive: true });
  const temp = tempNameFor(file);
  const handle = await open(temp, 'wx');
  const writer = new ParquetFileWriter(handle, schema, { rowGroupSize, codec, createdBy: createdBy() });
  const abort = async (): Promise<void> => {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
  };
  return {
    async append(table) {
      const got = table.schema.fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable}`).join(',');
      if (got !== signature) {
        throw new SchemaError('parquet.stream_schema', `batch columns (${got}) differ from the file's (${signature})`);
      }
      await writer.append(table);
    },
    async close() {
      try {
        await writer.finish();
        await handle.sync();
        await handle.close();
        await rename(temp, file);
      } catch (error) {
        await abort();
        throw error;
      }
    },
    abort,
  };
}

function checkRowGroupSize(rowGroupSize: number): void {
  if (!Number.isInteger(rowGroupSize) || rowGroupSize < 1) {
    throw new SchemaError('parquet.row_group_size', `rowGroupSize must be a positive integer, got ${rowGroupSize}`);
  }
}

/** The file's schema elements (root first); a table with no columns is refused (readers cannot open such a file). */
function parquetSchemaOf(table: Table): SchemaElement[] {
  const fields = table.schema.fields;
  if (fields.length === 0) {
    throw new SchemaError('parquet.no_columns', 'a table with no columns cannot be written as Parquet');
  }
  return [{ name: 'root', num_children: fields.length }, ...fields.map(schemaElementOf)];
}

/** The Parquet schema element an Arrow field is written as. */
export function schemaElementOf(field: Field): SchemaElement {
  const name = field.name;
  const type = field.type as DataType; // apache-arrow types an untyped Field's type as any
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

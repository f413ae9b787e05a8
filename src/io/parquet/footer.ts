/**
 * The file footer: FileMetaData (schema, row groups with column chunk metadata and statistics, created_by,
 * column orders) in Thrift compact protocol, its 4-byte length, and the closing magic.
 */
import type { SchemaElement } from 'hyparquet';
import type { ByteSink } from './byte-sink.js';
import type { ChunkMeta } from './column-chunk.js';
import { ConvertedType, MAGIC, PhysicalType, Repetition, type Codec } from './format.js';
import { codecNumber } from './pages.js';
import { CompactWriter, ThriftType } from './thrift.js';

/** A written row group: where it starts, its rows and its column chunks in schema order. */
export interface RowGroupMeta {
  readonly fileOffset: number;
  readonly numRows: number;
  readonly columns: readonly ChunkMeta[];
}

/** Everything the footer describes. */
export interface FileMeta {
  /** Root element first, then one element per column. */
  readonly schema: readonly SchemaElement[];
  readonly numRows: number;
  readonly rowGroups: readonly RowGroupMeta[];
  readonly codec: Codec;
  readonly createdBy: string;
}

/** Appends FileMetaData, its length and `PAR1` to `out`. */
export function writeFooter(out: ByteSink, meta: FileMeta): void {
  const start = out.length;
  const w = new CompactWriter(out);
  const columns = meta.schema.slice(1);
  w.structValue(() => {
    w.i32(1, 2);
    w.list(2, ThriftType.STRUCT, meta.schema.length);
    for (const element of meta.schema) {
      w.structValue(() => {
        writeSchemaElement(w, element);
      });
    }
    w.i64(3, meta.numRows);
    w.list(4, ThriftType.STRUCT, meta.rowGroups.length);
    for (const group of meta.rowGroups) {
      w.structValue(() => {
        writeRowGroup(w, group, columns, meta.codec);
      });
    }
    w.binary(6, meta.createdBy);
    // TYPE_ORDER for every column: min_value / max_value follow each type's natural order
    w.list(7, ThriftType.STRUCT, columns.length);
    for (let i = 0; i < columns.length; i++) {
      w.structValue(() => {
        w.struct(1, () => undefined);
      });
    }
  });
  out.u32(out.length - start);
  out.append(MAGIC);
}

function writeSchemaElement(w: CompactWriter, element: SchemaElement): void {
  if (element.type !== undefined) w.i32(1, physicalTypeOf(element));
  if (element.repetition_type !== undefined) w.i32(3, Repetition[element.repetition_type as keyof typeof Repetition]);
  w.binary(4, element.name);
  if (element.num_children !== undefined) w.i32(5, element.num_children);
  if (element.converted_type !== undefined)
    w.i32(6, ConvertedType[element.converted_type as keyof typeof ConvertedType]);
  if (element.scale !== undefined) w.i32(7, element.scale);
  if (element.precision !== undefined) w.i32(8, element.precision);
  const logical = element.logical_type;
  if (logical === undefined) return;
  // LogicalType union: STRING = 1, DECIMAL = 5 { scale, precision }, DATE = 6
  w.struct(10, () => {
    if (logical.type === 'STRING') w.struct(1, () => undefined);
    else if (logical.type === 'DECIMAL') {
      w.struct(5, () => {
        w.i32(1, logical.scale);
        w.i32(2, logical.precision);
      });
    } else if (logical.type === 'DATE') w.struct(6, () => undefined);
    else throw new Error(`logical type ${logical.type} is not written by ecomflow`);
  });
}

function physicalTypeOf(element: SchemaElement): number {
  const name = element.type;
  if (name !== undefined && name in PhysicalType) return PhysicalType[name as keyof typeof PhysicalType];
  throw new Error(`physical type ${String(name)} is not written by ecomflow`);
}

function writeRowGroup(w: CompactWriter, group: RowGroupMeta, columns: readonly SchemaElement[], codec: Codec): void {
  w.list(1, ThriftType.STRUCT, group.columns.length);
  let uncompressed = 0;
  let compressed = 0;
  group.columns.forEach((chunk, i) => {
    uncompressed += chunk.uncompressedSize;
    compressed += chunk.compressedSize;
    w.structValue(() => {
      w.i64(2, chunk.dictionaryPageOffset ?? chunk.dataPageOffset);
      w.struct(3, () => {
        writeColumnMeta(w, chunk, columns[i]!.name, codec);
      });
    });
  });
  w.i64(2, uncompressed);
  w.i64(3, group.numRows);
  w.i64(5, group.fileOffset);
  w.i64(6, compressed);
}

function writeColumnMeta(w: CompactWriter, chunk: ChunkMeta, name: string, codec: Codec): void {
  w.i32(1, chunk.physicalType);
  w.list(2, ThriftType.I32, chunk.encodings.length);
  for (const e of chunk.encodings) w.i32Value(e);
  w.list(3, ThriftType.BINARY, 1);
  w.binaryValue(name);
  w.i32(4, codecNumber(codec));
  w.i64(5, chunk.numValues);
  w.i64(6, chunk.uncompressedSize);
  w.i64(7, chunk.compressedSize);
  w.i64(9, chunk.dataPageOffset);
  if (chunk.dictionaryPageOffset !== null) w.i64(11, chunk.dictionaryPageOffset);
  w.struct(12, () => {
    w.i64(3, chunk.nullCount);
    if (chunk.minMax !== null) {
      w.binary(5, chunk.minMax.max);
      w.binary(6, chunk.minMax.min);
    }
  });
}

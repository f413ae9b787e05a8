/**
 * A raw table sent between threads without a copy: its columns' buffers (offsets, bytes, codes, validity) are
 * transferred as they are, where `tableToIPC` would first copy them all into one IPC message. Raw tables hold
 * only text (`Utf8`), dictionary text (`Dictionary<Utf8, Int32>`) and `Int64` (source_row); a table with another
 * type is not packed (`packTable` returns null) and goes as IPC. A buffer shared with anything else (a view of a
 * larger ArrayBuffer) is copied, never transferred, so nothing else is ever detached.
 */
import {
  Data,
  DataType,
  Dictionary,
  Field,
  Int32,
  Int64,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Utf8,
  makeData,
  makeVector,
  type Vector,
} from 'apache-arrow';

/** The column types a packed table may hold. */
type PackedType = 'utf8' | 'dict' | 'int64';

/** One column's data as plain typed arrays (structured-clone friendly). */
interface PackedData {
  readonly type: PackedType;
  readonly length: number;
  readonly nullCount: number;
  readonly nullBitmap: Uint8Array | null;
  readonly valueOffsets: Int32Array | null;
  /** Utf8: the bytes; dict: the Int32 codes; int64: the BigInt64 values. */
  readonly values: Uint8Array | Int32Array | BigInt64Array;
  /** dict only: the dictionary's text. */
  readonly dictionary: PackedData | null;
}

/** A table as plain data: its fields and one packed column each. */
export interface PackedTable {
  readonly length: number;
  readonly fields: readonly { readonly name: string; readonly nullable: boolean }[];
  readonly columns: readonly PackedData[];
}

/**
 * Packs `table` for `postMessage`; `transfer` lists the buffers to move. After the message is posted the table's
 * moved buffers are detached: the sender must not read it again. Null when a column's type cannot be packed, or
 * a column is in more than one chunk.
 */
export function packTable(table: Table): { packed: PackedTable; transfer: ArrayBuffer[] } | null {
  if (table.batches.length > 1) return null;
  const transfer = new Set<ArrayBuffer>();
  const columns: PackedData[] = [];
  for (let i = 0; i < table.numCols; i++) {
    const vector = table.getChildAt(i);
    if (vector === null || vector.data.length > 1) return null;
    const data = vector.data[0] ?? makeData({ type: vector.type as DataType, length: 0 });
    const packed = packData(data as Data, transfer);
    if (packed === null) return null;
    columns.push(packed);
  }
  const fields = table.schema.fields.map((f) => ({ name: f.name, nullable: f.nullable }));
  return { packed: { length: table.numRows, fields, columns }, transfer: [...transfer] };
}

/** Rebuilds the table `packTable` packed (its arrays are used as they are, not copied). */
export function unpackTable(packed: PackedTable): Table {
  const children = packed.columns.map(unpackData);
  const fields = packed.fields.map((f, i) => new Field(f.name, children[i]!.type, f.nullable));
  const schema = new Schema(fields);
  const data = makeData({ type: new Struct(fields), length: packed.length, nullCount: 0, children });
  return new Table(schema, [new RecordBatch(schema, data)]);
}

function packData(data: Data, transfer: Set<ArrayBuffer>): PackedData | null {
  const type = data.type;
  const common = {
    length: data.length,
    nullCount: data.nullCount,
    nullBitmap: data.nullCount > 0 ? owned(data.nullBitmap, transfer) : null,
  };
  if (DataType.isUtf8(type)) {
    return {
      type: 'utf8',
      ...common,
      valueOffsets: owned(data.valueOffsets as Int32Array, transfer),
      values: owned(data.values as Uint8Array, transfer),
      dictionary: null,
    };
  }
  if (DataType.isInt(type) && type.bitWidth === 64 && type.isSigned) {
    return {
      type: 'int64',
      ...common,
      valueOffsets: null,
      values: owned(data.values as BigInt64Array, transfer),
      dictionary: null,
    };
  }
  if (DataType.isDictionary(type) && DataType.isUtf8(type.dictionary) && type.indices.bitWidth === 32) {
    const dictionary = data.dictionary as Vector<Utf8> | undefined; // apache-arrow types it Vector<any>
    if (dictionary === undefined || dictionary.data.length !== 1) return null;
    const text = packData(dictionary.data[0]!, transfer);
    if (text === null) return null;
    return {
      type: 'dict',
      ...common,
      valueOffsets: null,
      values: owned(data.values as Int32Array, transfer),
      dictionary: text,
    };
  }
  return null;
}

function unpackUtf8(p: PackedData): Data<Utf8> {
  const nullBitmap = p.nullBitmap ?? undefined;
  const common = { length: p.length, nullCount: p.nullCount, ...(nullBitmap ? { nullBitmap } : {}) };
  return makeData({ type: new Utf8(), ...common, valueOffsets: p.valueOffsets!, data: p.values as Uint8Array });
}

function unpackData(p: PackedData): Data {
  const nullBitmap = p.nullBitmap ?? undefined;
  const common = { length: p.length, nullCount: p.nullCount, ...(nullBitmap ? { nullBitmap } : {}) };
  switch (p.type) {
    case 'utf8':
      return unpackUtf8(p);
    case 'int64':
      return makeData({ type: new Int64(), ...common, data: p.values as BigInt64Array });
    case 'dict': {
      const dictionary = makeVector(unpackUtf8(p.dictionary!));
      const type = new Dictionary(new Utf8(), new Int32());
      return makeData({ type, ...common, data: p.values as Int32Array, dictionary });
    }
  }
}

/**
 * `array` itself when it alone covers its ArrayBuffer (that buffer is then moved), else a copy that does; each
 * buffer is listed once.
 */
function owned<T extends Uint8Array | Int32Array | BigInt64Array>(array: T, transfer: Set<ArrayBuffer>): T {
  const buffer = array.buffer;
  const whole = buffer instanceof ArrayBuffer && array.byteOffset === 0 && array.byteLength === buffer.byteLength;
  if (whole && !transfer.has(buffer)) {
    transfer.add(buffer);
    return array;
  }
  const copy = array.slice() as T;
  transfer.add(copy.buffer as ArrayBuffer);
  return copy;
}

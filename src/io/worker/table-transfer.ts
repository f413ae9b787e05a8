/**
 * A table copied to another thread in one buffer: every column buffer (offsets, values, validity, type ids, a
 * dictionary's own buffers, children) is copied once into one ArrayBuffer, which is transferred; the receiver
 * rebuilds the same Arrow data over views of it (no second copy, no IPC encoding). The sender's table is not
 * touched, so it may go on using it. The field types travel as an IPC schema message (no rows); a table holding
 * a view type (variadic buffers) goes as plain Arrow IPC instead.
 */
import { Data, RecordBatch, Struct, Table, Vector, tableFromIPC, tableToIPC, type DataType } from 'apache-arrow';

/** The typed-array kinds a column buffer can be. */
const ARRAYS = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type ArrayKind = keyof typeof ARRAYS;
type AnyArray = InstanceType<(typeof ARRAYS)[ArrayKind]>;

/** Where one buffer sits in the packed bytes. */
interface BufferSpan {
  readonly kind: ArrayKind;
  readonly byteOffset: number;
  readonly length: number;
}

/** One Data's layout: its counts and where its buffers, children and dictionary sit in the packed bytes. */
interface DataLayout {
  readonly offset: number;
  readonly length: number;
  readonly nullCount: number;
  /** Indexed by Arrow's BufferType: offsets, values, validity, type ids. */
  readonly buffers: readonly (BufferSpan | null)[];
  readonly children: readonly DataLayout[];
  /** Dictionary columns: the dictionary vector's chunks. */
  readonly dictionary: readonly DataLayout[] | null;
}

/** A table ready for `postMessage` (structured-clone friendly); `bytes` is the one buffer to transfer. */
export type PackedTable =
  | {
      /** `bytes` may be longer than the buffers in it (a reused buffer). */
      readonly kind: 'packed';
      readonly schema: Uint8Array;
      /** Per record batch: its row count and one layout per column. */
      readonly batches: readonly { readonly length: number; readonly columns: readonly DataLayout[] }[];
      readonly bytes: ArrayBuffer;
    }
  | { readonly kind: 'ipc'; readonly bytes: ArrayBuffer };

/** Every buffer start is a multiple of this (BigInt64Array needs 8). */
const ALIGN = 8;

/**
 * Copies `table` into one transferable buffer — `spare` when it is large enough (a buffer the receiver sent back,
 * so a stream of batches reuses the same memory), else a new one; post `packed` with `[packed.bytes]` as the
 * transfer list. The table itself is left as it was.
 */
export function packTable(table: Table, spare?: ArrayBuffer): PackedTable {
  const all = table.batches.flatMap((b) => b.data.children);
  if (!all.every(plain)) {
    const ipc = tableToIPC(table, 'stream');
    return { kind: 'ipc', bytes: ownBuffer(ipc) };
  }
  let size = 0;
  const spans = new Map<AnyArray, number>();
  const place = (array: AnyArray): void => {
    if (spans.has(array)) return;
    size = Math.ceil(size / ALIGN) * ALIGN;
    spans.set(array, size);
    size += array.byteLength;
  };
  for (const data of all) visit(data, place);
  // a little headroom, so the next batch of a stream (a few rows more) fits the same buffer
  const bytes = spare !== undefined && spare.byteLength >= size ? spare : new ArrayBuffer(Math.ceil(size * 1.125));
  const target = new Uint8Array(bytes);
  for (const [array, at] of spans) target.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
  const layout = (data: Data): DataLayout => ({
    offset: data.offset,
    length: data.length,
    nullCount: data.nullCount,
    buffers: [data.valueOffsets, data.values, data.nullBitmap, data.typeIds].map((array) =>
      spanOf(array as AnyArray | undefined, spans),
    ),
    children: data.children.map(layout),
    dictionary: data.dictionary === undefined ? null : data.dictionary.data.map(layout),
  });
  return {
    kind: 'packed',
    schema: tableToIPC(new Table(table.schema), 'stream'),
    batches: table.batches.map((b) => ({ length: b.numRows, columns: b.data.children.map(layout) })),
    bytes,
  };
}

/** Rebuilds the table `packTable` packed, over views of its buffer (nothing is copied). */
export function unpackTable(packed: PackedTable): Table {
  if (packed.kind === 'ipc') return tableFromIPC(new Uint8Array(packed.bytes));
  const schema = tableFromIPC(packed.schema).schema;
  const fields = schema.fields;
  const batches = packed.batches.map(({ length, columns }) => {
    const children = columns.map((c, i) => rebuild(fields[i]!.type as DataType, c, packed.bytes));
    const data = new Data(new Struct(fields), 0, length, 0, undefined, children);
    return new RecordBatch(schema, data);
  });
  return new Table(schema, batches);
}

/** Whether a column and everything under it has only the four classic buffers (no view types). */
function plain(data: Data): boolean {
  if ((data.variadicBuffers?.length ?? 0) > 0) return false;
  return data.children.every(plain) && (data.dictionary?.data.every(plain) ?? true);
}

/** Calls `place` on every buffer of `data`, its children and its dictionary. */
function visit(data: Data, place: (array: AnyArray) => void): void {
  for (const array of [data.valueOffsets, data.values, data.nullBitmap, data.typeIds]) {
    if (isArray(array)) place(array);
  }
  for (const child of data.children) visit(child, place);
  for (const chunk of data.dictionary?.data ?? []) visit(chunk, place);
}

function isArray(array: unknown): array is AnyArray {
  return ArrayBuffer.isView(array) && kindOf(array as AnyArray) !== null;
}

function kindOf(array: AnyArray): ArrayKind | null {
  const name = array.constructor.name;
  return name in ARRAYS ? (name as ArrayKind) : null;
}

function spanOf(array: AnyArray | undefined, spans: ReadonlyMap<AnyArray, number>): BufferSpan | null {
  if (!isArray(array)) return null;
  return { kind: kindOf(array)!, byteOffset: spans.get(array)!, length: array.length };
}

function rebuild(type: DataType, layout: DataLayout, bytes: ArrayBuffer): Data {
  // indexed like Arrow's Buffers (BufferType.OFFSET, DATA, VALIDITY, TYPE), which is what Data's constructor reads
  const buffers = Object.assign(
    {},
    layout.buffers.map((span) =>
      span === null ? undefined : new ARRAYS[span.kind](bytes, span.byteOffset, span.length),
    ),
  ) as ConstructorParameters<typeof Data>[4];
  const childTypes = (type.children ?? []).map((f) => f.type as DataType);
  const children = layout.children.map((c, i) => rebuild(childTypes[i]!, c, bytes));
  const valueType = (type as { dictionary?: DataType }).dictionary;
  const dictionary =
    layout.dictionary === null || valueType === undefined
      ? undefined
      : new Vector(layout.dictionary.map((d) => rebuild(valueType, d, bytes)));
  return new Data(type, layout.offset, layout.length, layout.nullCount, buffers, children, dictionary);
}

/** `view`'s bytes as an ArrayBuffer of their own (the view itself when it spans its whole buffer). */
function ownBuffer(view: Uint8Array): ArrayBuffer {
  const whole =
    view.buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength;
  return whole ? (view.buffer as ArrayBuffer) : (view.slice().buffer as ArrayBuffer);
}

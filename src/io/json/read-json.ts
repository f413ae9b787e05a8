/**
 * Reads orders from JSON: a top-level array of objects, or NDJSON (one object per line). The file is streamed
 * in chunks through a byte-level reader (`tokenizer.ts`, one scanner per token kind in `scan.ts`) straight into a
 * raw table, so files far larger than a JavaScript string can hold are read in bounded memory (one chunk plus the
 * row being read).
 */
import { open } from 'node:fs/promises';
import { InputError, type RowIssue } from '../../errors.js';
import type { Table } from 'apache-arrow';
import type { TableSchema } from '../../schemas/types.js';
import { RawTableBuilder } from '../../table/raw-builder.js';
import { JsonRowReader, type JsonLayout } from './tokenizer.js';
import { fileSize } from '../files/file-info.js';
import { sourceReadFault } from '../files/fs-errors.js';
import type { FileRead, ReadResult } from '../read-result.js';

/** Options of `readJson`. */
export interface ReadJsonOptions {
  /** `auto` (default): `.ndjson`/`.jsonl` files are NDJSON, others by their first byte (`[` array, `{` NDJSON). */
  format?: 'auto' | 'array' | 'ndjson';
  /** Bytes read per I/O call (default 1 MiB); tests use tiny chunks to split every token. */
  chunkSize?: number;
  /**
   * Hands the rows on in batches of about this many rows to `onBatch` (awaited before reading on), so a file
   * of any size is read in bounded memory; the returned `table` is then empty (it only carries the columns).
   */
  batchRows?: number;
  /** Receives each batch (see `batchRows`). */
  onBatch?: (batch: Table) => Promise<void>;
  /** Told the bytes read so far and the file's size, after each chunk. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Stops the read before the next chunk: the file is closed and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

const DEFAULT_CHUNK = 1 << 20;

/**
 * Streams a JSON array of objects, or NDJSON, into a raw table declared by `schema`.
 * Values keep their source text (numbers their exact lexeme, nested values their JSON text); a row that is not
 * an object or repeats a key is skipped with a `RowIssue`; a malformed file throws `InputError` naming the byte.
 * @example
 * const { table, issues } = await readJson('Orders.json', rawOrders);
 * // table: row_id "1", order_id "CA-2016-122581", order_date "21/8/2016", …, profit "63.69", source_row 1n
 */
export async function readJson(file: string, schema: TableSchema, options: ReadJsonOptions = {}): Promise<ReadResult> {
  return readJsonFiles([file], schema, options);
}

/**
 * Streams several JSON files, one after another, into one raw table (the same batches): each file's layout is
 * decided on its own, `source_row` counts within each file, and — with more than one file — the column
 * `source_file` names each row's file, every issue names its file, and `files` tells each file's rows and bytes.
 * One file reads exactly as `readJson`. `label` names the whole source in the result (default: the first file).
 * @example
 * const { table, files } = await readJsonFiles(['Orders_2016.json', 'Orders_2017.ndjson'], rawOrders);
 * // table: …, source_file 'Orders_2016.json', source_row 1n; files: [{ file: 'Orders_2016.json', rowsRead: 9, … }, …]
 */
export async function readJsonFiles(
  files: readonly string[],
  schema: TableSchema,
  options: ReadJsonOptions & { label?: string } = {},
): Promise<ReadResult> {
  const { format = 'auto', chunkSize = DEFAULT_CHUNK, batchRows = Infinity, onBatch, onProgress, signal } = options;
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  if (files.length === 0) throw new RangeError('readJsonFiles needs at least one file');
  const sizes: number[] = [];
  for (const file of files) sizes.push(await fileSize(file));
  const total = sizes.reduce((a, b) => a + b, 0);
  const several = files.length > 1;
  const builder = new RawTableBuilder(schema, files[0]!);
  if (several) builder.trackFiles();
  const issues: RowIssue[] = [];
  const parts: FileRead[] = [];
  let before = 0; // bytes of the files already read
  for (const file of files) {
    builder.setFile(file);
    const rowsBefore = builder.rowCount;
    const reader = new JsonRowReader(builder, file, layoutOf(file, format), chunkSize);
    const handle = await open(file, 'r');
    let size = 0;
    try {
      size = (await handle.stat()).size;
      let done = 0;
      for (;;) {
        signal?.throwIfAborted();
        const at = reader.reserve(chunkSize);
        const { bytesRead } = await handle.read(reader.buffer, at, chunkSize, null).catch((error: unknown) => {
          throw sourceReadFault(error, file); // a FileHandle's error names no path: name the source, not the warehouse
        });
        if (bytesRead === 0) break;
        reader.append(bytesRead);
        reader.run(false);
        done += bytesRead;
        onProgress?.(before + done, several ? total : size);
        // between chunks no row is open, so a batch ends on a row boundary
        if (onBatch && builder.batchRowCount >= batchRows) await onBatch(builder.finishBatch());
      }
      reader.run(true);
    } finally {
      await handle.close();
    }
    const first = reader.issues[0];
    const noRows = builder.rowCount === rowsBefore;
    if (first !== undefined && noRows && reader.issues.every((i) => i.rule === 'json.not_an_object')) {
      throw new InputError(
        'json.no_objects',
        `expected an array of objects (or one object per line), but no row is an object: ${first.message}`,
        { file, row: first.row },
      );
    }
    for (const issue of reader.issues) issues.push(several ? { ...issue, file } : issue);
    parts.push({ file, rowsRead: reader.rowsRead, bytes: size });
    before += size;
  }
  let table = builder.finishBatch();
  if (onBatch) {
    if (table.numRows > 0) await onBatch(table);
    table = builder.finishBatch();
  }
  const rowsRead = parts.reduce((a, p) => a + p.rowsRead, 0);
  const bytes = parts.reduce((a, p) => a + p.bytes, 0);
  return {
    table,
    issues,
    file: options.label ?? files[0]!,
    rowsRead,
    bytes,
    fixes: builder.fixes(),
    ...(several ? { files: parts } : {}),
  };
}

/** The layout fixed by the option or the file name; null when the first byte decides. */
function layoutOf(file: string, format: 'auto' | 'array' | 'ndjson'): JsonLayout | null {
  if (format !== 'auto') return format;
  return /\.(ndjson|jsonl)$/i.test(file) ? 'ndjson' : null;
}

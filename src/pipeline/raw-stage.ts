/**
 * Stage 1 — raw: read each source, every source row kept, values as read. Customers and products are read
 * whole; orders — by far the largest source — stream in batches of bounded size, parsed on a worker thread
 * when the file is large (and the build is running), so parsing overlaps everything the main thread does.
 */
import type { Table } from 'apache-arrow';
import type { RowIssue } from '../errors.js';
import { readCsv } from '../io/csv/read-csv.js';
import { checkReadable } from '../io/files/file-info.js';
import { Handoff } from '../io/worker/handoff.js';
import { readJsonFiles } from '../io/json/read-json.js';
import { readInWorker, workersAvailable, type ReadBatch } from '../io/worker/read-in-worker.js';
import type { ReadResult } from '../io/read-result.js';
import { readXlsx } from '../io/xlsx/read-xlsx.js';
import { rawCustomers, rawOrders, rawProducts } from '../schemas/raw.js';

/** A raw table with where it came from and what could not be read. */
export interface RawSource {
  readonly table: Table;
  readonly file: string;
  readonly bytes: number;
  readonly rowsRead: number;
  readonly issues: readonly RowIssue[];
  /** Repairs the reader made to keep rows (see `ReadResult.fixes`). */
  readonly fixes: ReadResult['fixes'];
  /** Workbooks: the worksheet read. */
  readonly sheet?: string;
  /** Orders of several files: each file's rows and bytes, in read order (see `ReadResult.files`). */
  readonly files?: ReadResult['files'];
}

/** Orders of several files: the source as named (a folder or a glob) and its files in read order. */
export interface OrderFiles {
  readonly label: string;
  readonly files: readonly string[];
}

/** Order lines arriving in batches (each with how far into the file it ends), and the reader's totals at the end. */
export interface OrderStream {
  readonly batches: AsyncIterable<ReadBatch>;
  /** Size of the orders file in bytes. */
  readonly bytes: number;
  /** True when the reader itself writes the raw Parquet file (the worker does, off the main thread). */
  readonly writesRaw: boolean;
  /** Issues, rows read and bytes; `table` is empty (it only carries the columns). */
  readonly result: Promise<RawSource>;
  /** Stops the read with `reason`; resolves once it has stopped and closed its file. */
  cancel(reason?: unknown): Promise<void>;
}

/** Rows per orders batch: small enough to bound memory, large enough to amortise per-batch work. */
export const ORDER_BATCH_ROWS = Number(process.env['ECOMFLOW_BATCH_ROWS'] ?? 250_000);

/**
 * Orders files smaller than this are read on this thread: starting a worker costs more than it saves.
 * `ECOMFLOW_WORKER_MIN_BYTES` overrides it (tests use 0 to exercise the worker on small files).
 */
const WORKER_MIN_BYTES = Number(process.env['ECOMFLOW_WORKER_MIN_BYTES'] ?? 32 * 2 ** 20);

/** A reader's result as a raw source. */
export const asSource = (r: ReadResult): RawSource => ({
  table: r.table,
  file: r.file,
  bytes: r.bytes,
  rowsRead: r.rowsRead,
  issues: r.issues,
  fixes: r.fixes,
  ...(r.sheet === undefined ? {} : { sheet: r.sheet }),
  ...(r.files === undefined ? {} : { files: r.files }),
});

/** Reads the customers workbook and the products file into raw tables. */
export async function readCustomersAndProducts(files: {
  customers: string;
  products: string;
}): Promise<{ customers: RawSource; products: RawSource }> {
  const customers = asSource(await readXlsx(files.customers, rawCustomers));
  const products = asSource(await readCsv(files.products, rawProducts));
  return { customers, products };
}

/**
 * Starts reading the orders file — or the order files, one after another into the same batches — in batches
 * (see the module comment); `onProgress` hears bytes read (of all the files).
 */
export async function streamOrders(
  source: string | OrderFiles,
  onProgress?: (done: number, total: number) => void,
  batchRows: number = ORDER_BATCH_ROWS,
  rawParquet?: string,
): Promise<OrderStream> {
  const { label: file, files } = typeof source === 'string' ? { label: source, files: [source] } : source;
  let bytes = 0;
  for (const f of files) bytes += await checkReadable(f);
  if (workersAvailable() && bytes >= WORKER_MIN_BYTES) {
    const request = {
      reader: 'json',
      file,
      ...(files.length > 1 ? { files } : {}),
      table: 'orders',
      batchRows,
      ...(rawParquet === undefined ? {} : { rawParquet }),
    } as const;
    const read = readInWorker(request, onProgress);
    const result = read.result.then(asSource);
    result.catch(() => undefined); // a failure also ends `batches`, which the caller reads first
    const cancel = (reason?: unknown): Promise<void> => read.cancel(reason);
    return { batches: read.batches, bytes, writesRaw: rawParquet !== undefined, result, cancel };
  }
  const batches = new Handoff<ReadBatch>();
  const stop = new AbortController();
  let bytesRead = 0; // the reader calls onProgress right before it cuts a batch
  const result = readJsonFiles(files, rawOrders, {
    label: file,
    batchRows,
    signal: stop.signal,
    // batches end between chunks: small batches (tests) need small chunks to be cut where asked
    chunkSize: Math.min(2 ** 20, Math.max(64, batchRows * 32)),
    onBatch: (table) => batches.push({ table, bytesRead }),
    onProgress: (done, total) => {
      bytesRead = done;
      onProgress?.(done, total);
    },
  }).then(
    (r) => {
      batches.end();
      return asSource(r);
    },
    (error: unknown) => {
      batches.fail(error);
      throw error;
    },
  );
  result.catch(() => undefined); // observed through `batches` or by the caller
  const cancel = async (reason: unknown = new Error(`${file}: the read was cancelled`)): Promise<void> => {
    const error = reason instanceof Error ? reason : new Error(String(reason));
    stop.abort(error);
    batches.cancel(error); // a read waiting for its batch to be taken stops too
    await result.catch(() => undefined); // the read has stopped and closed its file
  };
  return { batches, bytes, writesRaw: false, result, cancel };
}

/** Runs a reader on a worker thread (see read-worker.ts) and hands its result back as if it had run here. */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { tableFromIPC, type Table } from 'apache-arrow';
import type { RowIssue } from '../../errors.js';
import type { rawSchemas } from '../../schemas/raw.js';
import type { ParquetStream, ParquetWriteOptions } from '../parquet/write-parquet.js';
import { Handoff } from './handoff.js';
import { openPortParquetStream, type PortParquetStream } from './port-parquet-stream.js';
import { reviveError, type ErrorData } from './worker-errors.js';
import type { ReadResult } from '../read-result.js';

/** What the main thread asks a worker to read. */
export interface WorkerRequest {
  readonly reader: 'json' | 'csv' | 'xlsx';
  readonly file: string;
  /** JSON only: several files read one after another into the same batches (`file` then labels the source). */
  readonly files?: readonly string[];
  readonly table: keyof typeof rawSchemas;
  /** JSON only: hand the rows on in batches of about this many rows. */
  readonly batchRows?: number;
  /** JSON batches only: the worker also writes every batch to this Parquet file (the raw table). */
  readonly rawParquet?: string;
  /**
   * How many Parquet files the main thread will have this worker write (`WorkerRead.openParquet`): after the
   * read, the thread stays up until that many were opened and each is closed or aborted (or the read is cancelled).
   */
  readonly parquetWrites?: number;
}

/** Messages to the worker; `write` hands it the port of a Parquet stream to write (see parquet-writes.ts). */
export type ToWorker =
  | { readonly type: 'read'; readonly request: WorkerRequest }
  | { readonly type: 'ack' }
  | { readonly type: 'write'; readonly port: MessagePort };

/** Messages from the worker. */
export type ToMain =
  | { readonly type: 'batch'; readonly ipc: Uint8Array; readonly bytesRead: number }
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | {
      readonly type: 'done';
      readonly ipc: Uint8Array;
      readonly issues: RowIssue[];
      readonly rowsRead: number;
      readonly bytes: number;
      readonly fixes: ReadResult['fixes'];
      readonly sheet?: string;
      readonly files?: ReadResult['files'];
    }
  | ({ readonly type: 'error' } & ErrorData);

/** One batch of rows, and how many bytes of the file the reader had read when it cut it. */
export interface ReadBatch {
  readonly table: Table;
  readonly bytesRead: number;
}

/**
 * Whether a worker can load the reader: from the build (dist/*.js) yes; from TypeScript sources (tsx, vitest) no —
 * Node 20 does not hand a loader registered with --import to worker threads — so reads stay on this thread.
 */
export function workersAvailable(): boolean {
  return !import.meta.url.endsWith('.ts');
}

/** A read running on a worker thread: its batches (when asked for), its result, and a way to stop it. */
export interface WorkerRead {
  readonly batches: AsyncIterable<ReadBatch>;
  readonly result: Promise<ReadResult>;
  /** Stops the worker; the batches and the result fail with `reason`. Resolves once the thread has exited. */
  cancel(reason?: unknown): Promise<void>;
  /**
   * Opens a Parquet file written by the worker thread, with the columns of `columns` (the same writer, so the same
   * bytes, as `openParquetStream` here); the worker stays up until every such file is closed or aborted.
   */
  openParquet(file: string, columns: Table, options?: ParquetWriteOptions): ParquetStream;
}

/** Reads `file` on a worker thread with the named reader into the raw table `table`. */
export function readInWorker(request: WorkerRequest, onProgress?: (done: number, total: number) => void): WorkerRead {
  const worker = new Worker(new URL('./read-worker.js', import.meta.url));
  const batches = new Handoff<ReadBatch>();
  const writers = new Set<PortParquetStream>();
  let readDone = false;
  let opened = 0;
  let exited: { reason: unknown } | null = null;
  let stop: (reason: unknown) => void = () => undefined;
  // the thread ends when the read is done and no file it writes is still open
  const exitIfIdle = (): void => {
    if (readDone && writers.size === 0 && opened >= (request.parquetWrites ?? 0)) void worker.terminate();
  };
  const stopWriters = (reason: unknown): void => {
    exited ??= { reason };
    for (const w of [...writers]) w.stop(reason);
  };
  worker.once('exit', () => stopWriters(new Error('the orders worker stopped')));
  const result = new Promise<ReadResult>((resolve, reject) => {
    stop = reject;
    worker.on('message', (reply: ToMain) => {
      switch (reply.type) {
        case 'batch':
          void batches.push({ table: tableFromIPC(reply.ipc), bytesRead: reply.bytesRead }).then(() => {
            worker.postMessage({ type: 'ack' } satisfies ToWorker);
          });
          return;
        case 'progress':
          onProgress?.(reply.done, reply.total);
          return;
        case 'done':
          readDone = true;
          exitIfIdle();
          batches.end();
          resolve({
            table: tableFromIPC(reply.ipc),
            issues: reply.issues,
            file: request.file,
            rowsRead: reply.rowsRead,
            bytes: reply.bytes,
            fixes: reply.fixes,
            ...(reply.sheet === undefined ? {} : { sheet: reply.sheet }),
            ...(reply.files === undefined ? {} : { files: reply.files }),
          });
          return;
        case 'error': {
          const error = reviveError(reply);
          stopWriters(error);
          void worker.terminate();
          batches.fail(error);
          reject(error);
        }
      }
    });
    worker.once('error', (error) => {
      stopWriters(error);
      batches.fail(error);
      reject(error);
    });
  });
  result.catch(() => undefined); // observed through `batches` or by the caller
  worker.postMessage({ type: 'read', request } satisfies ToWorker);
  const cancel = async (reason: unknown = new Error('read cancelled')): Promise<void> => {
    batches.fail(reason);
    stop(reason);
    stopWriters(reason);
    await worker.terminate();
  };
  const openParquet = (file: string, columns: Table, options: ParquetWriteOptions = {}): ParquetStream => {
    if (exited !== null) throw exited.reason;
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ type: 'write', port: port2 } satisfies ToWorker, [port2]);
    const stream = openPortParquetStream(port1, file, columns, options, () => {
      writers.delete(stream);
      exitIfIdle();
    });
    writers.add(stream);
    opened++;
    return stream;
  };
  return { batches, result, cancel, openParquet };
}

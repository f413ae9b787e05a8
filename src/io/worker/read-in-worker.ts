/** Runs a reader on a worker thread (see read-worker.ts) and hands its result back as if it had run here. */
import { Worker } from 'node:worker_threads';
import { tableFromIPC, type Table } from 'apache-arrow';
import { EcomflowError, InputError, type RowIssue, type RuleName, type Where } from '../../errors.js';
import type { rawSchemas } from '../../schemas/raw.js';
import { Handoff } from './handoff.js';
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
}

/** Messages to the worker. */
export type ToWorker = { readonly type: 'read'; readonly request: WorkerRequest } | { readonly type: 'ack' };

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
  | {
      readonly type: 'error';
      readonly typed: boolean;
      readonly name: string;
      readonly rule: RuleName;
      readonly message: string;
      readonly where: Where;
      /** Untyped errors: the worker's stack, and a Node error's errno code, system call and path. */
      readonly stack?: string;
      readonly code?: string;
      readonly syscall?: string;
      readonly path?: string;
    };

/** One batch of rows, and how many bytes of the file the reader had read when it cut it. */
export interface ReadBatch {
  readonly table: Table;
  readonly bytesRead: number;
}

/** Rebuilds the typed error a worker reported (its message already names file, row and column). */
function reviveError(reply: Extract<ToMain, { type: 'error' }>): Error {
  if (!reply.typed) {
    // a Node error keeps its errno code, system call and path, so the caller can tell a full disk from a bug
    const { code, syscall, path, stack } = reply;
    const error = Object.assign(new Error(reply.message), {
      ...(code === undefined ? {} : { code }),
      ...(syscall === undefined ? {} : { syscall }),
      ...(path === undefined ? {} : { path }),
    });
    if (stack !== undefined) error.stack = stack;
    return error;
  }
  const error =
    reply.name === 'InputError'
      ? new InputError(reply.rule, reply.message)
      : new EcomflowError(reply.rule, reply.message);
  Object.defineProperty(error, 'where', { value: reply.where });
  return error;
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
}

/** Reads `file` on a worker thread with the named reader into the raw table `table`. */
export function readInWorker(request: WorkerRequest, onProgress?: (done: number, total: number) => void): WorkerRead {
  const worker = new Worker(new URL('./read-worker.js', import.meta.url));
  const batches = new Handoff<ReadBatch>();
  let stop: (reason: unknown) => void = () => undefined;
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
          void worker.terminate();
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
          void worker.terminate();
          const error = reviveError(reply);
          batches.fail(error);
          reject(error);
        }
      }
    });
    worker.once('error', (error) => {
      batches.fail(error);
      reject(error);
    });
  });
  result.catch(() => undefined); // observed through `batches` or by the caller
  worker.postMessage({ type: 'read', request } satisfies ToWorker);
  const cancel = async (reason: unknown = new Error('read cancelled')): Promise<void> => {
    batches.fail(reason);
    stop(reason);
    await worker.terminate();
  };
  return { batches, result, cancel };
}

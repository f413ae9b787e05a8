/** Runs a reader on a worker thread (see read-worker.ts) and returns its result as if it had run here. */
import { Worker } from 'node:worker_threads';
import { tableFromIPC } from 'apache-arrow';
import { EcomflowError, InputError, type RowIssue, type Where } from '../errors.js';
import type { rawSchemas } from '../schemas/raw.js';
import type { ReadResult } from './read-result.js';

/** What the main thread asks a worker to read. */
export interface WorkerRequest {
  readonly reader: 'json' | 'csv' | 'xlsx';
  readonly file: string;
  readonly table: keyof typeof rawSchemas;
}

/** What a worker answers: the table as Arrow IPC, or the error it hit. */
export type WorkerReply =
  | { readonly ok: true; readonly ipc: Uint8Array; readonly issues: RowIssue[]; readonly rowsRead: number; readonly bytes: number }
  | { readonly ok: false; readonly typed: boolean; readonly name: string; readonly rule: string; readonly message: string; readonly where: Where };

/** Rebuilds the typed error a worker reported (its message already names file, row and column). */
function reviveError(reply: Extract<WorkerReply, { ok: false }>): Error {
  if (!reply.typed) return new Error(reply.message);
  const prefix = reply.message; // keep the worker's exact text: build without re-prefixing `where`
  const error = reply.name === 'InputError' ? new InputError(reply.rule, prefix) : new EcomflowError(reply.rule, prefix);
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

/** A read running on a worker thread: its result, and a way to stop it when the run fails elsewhere. */
export interface WorkerRead {
  readonly result: Promise<ReadResult>;
  cancel(): void;
}

/** Reads `file` on a worker thread with the named reader into the raw table `table`. */
export function readInWorker(request: WorkerRequest): WorkerRead {
  const worker = new Worker(new URL('./read-worker.js', import.meta.url));
  const result = new Promise<ReadResult>((resolve, reject) => {
    worker.once('message', (reply: WorkerReply) => {
      void worker.terminate();
      if (!reply.ok) return reject(reviveError(reply));
      resolve({ table: tableFromIPC(reply.ipc), issues: reply.issues, file: request.file, rowsRead: reply.rowsRead, bytes: reply.bytes });
    });
    worker.once('error', reject);
    worker.postMessage(request);
  });
  return { result, cancel: () => void worker.terminate() };
}

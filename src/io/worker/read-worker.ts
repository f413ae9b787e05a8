/**
 * Worker-thread entry: reads one source file with its reader and sends the raw table back as Arrow IPC (its
 * buffer transferred, not copied), so a big orders file is parsed on the second core while the main thread
 * works. With `batchRows`, the orders are sent batch by batch, parsing at most a few batches ahead of the main
 * thread (bounded memory). Errors travel back as data and are re-raised as the same typed error.
 */
import { parentPort } from 'node:worker_threads';
import { tableToIPC, type Table } from 'apache-arrow';
import { EcomflowError } from '../../errors.js';
import { RawBatchWriter } from '../parquet/raw-batch-writer.js';
import { rawSchemas } from '../../schemas/raw.js';
import { readCsv } from '../csv/read-csv.js';
import { readJsonFiles } from '../json/read-json.js';
import { readXlsx } from '../xlsx/read-xlsx.js';
import type { ToMain, ToWorker } from './read-in-worker.js';

const port = parentPort!;
/** Batches sent but not yet taken by the main thread; parsing pauses at this many (bounded memory). */
const MAX_IN_FLIGHT = 4;
let inFlight = 0;
let acked: (() => void) | null = null;

const send = (message: ToMain, transfer: ArrayBuffer[] = []): void => {
  port.postMessage(message, transfer);
};
const ipcOf = (table: Table): Uint8Array => tableToIPC(table, 'stream');

port.on('message', (message: ToWorker) => {
  if (message.type === 'ack') {
    inFlight--;
    acked?.();
    acked = null;
    return;
  }
  void (async () => {
    const { request } = message;
    const raw = request.rawParquet === undefined ? null : new RawBatchWriter(request.rawParquet, request.file);
    try {
      let lastProgress = 0;
      let bytesRead = 0; // where the reader is: a batch is cut right after a progress call
      const result =
        request.reader === 'json'
          ? await readJsonFiles(request.files ?? [request.file], rawSchemas[request.table], {
              label: request.file,
              ...(request.batchRows === undefined
                ? {}
                : {
                    batchRows: request.batchRows,
                    onBatch: async (batch: Table) => {
                      await raw?.append(batch);
                      const ipc = ipcOf(batch);
                      inFlight++;
                      send({ type: 'batch', ipc, bytesRead }, [ipc.buffer as ArrayBuffer]);
                      if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (acked = resolve));
                    },
                  }),
              onProgress: (done, total) => {
                bytesRead = done;
                const now = Date.now();
                if (now - lastProgress < 100 && done < total) return;
                lastProgress = now;
                send({ type: 'progress', done, total });
              },
            })
          : await (request.reader === 'csv' ? readCsv : readXlsx)(request.file, rawSchemas[request.table]);
      await raw?.close(result.table);
      const ipc = ipcOf(result.table);
      send(
        {
          type: 'done',
          ipc,
          issues: [...result.issues],
          rowsRead: result.rowsRead,
          bytes: result.bytes,
          fixes: result.fixes,
          ...(result.sheet === undefined ? {} : { sheet: result.sheet }),
          ...(result.files === undefined ? {} : { files: [...result.files] }),
        },
        [ipc.buffer as ArrayBuffer],
      );
    } catch (error) {
      await raw?.abort();
      send(
        error instanceof EcomflowError
          ? {
              type: 'error',
              typed: true,
              name: error.name,
              rule: error.rule,
              message: error.message,
              where: { ...error.where },
            }
          : {
              type: 'error',
              typed: false,
              name: 'Error',
              rule: 'internal',
              message: error instanceof Error ? error.message : String(error),
              where: {},
              ...nodeFields(error),
            },
      );
    }
  })();
});

/** The fields of a Node error that say what failed (errno code, system call, path) and where in the worker's code. */
function nodeFields(error: unknown): { stack?: string; code?: string; syscall?: string; path?: string } {
  const e = (error ?? {}) as { stack?: unknown; code?: unknown; syscall?: unknown; path?: unknown };
  const fields: { stack?: string; code?: string; syscall?: string; path?: string } = {};
  if (typeof e.stack === 'string') fields.stack = e.stack;
  if (typeof e.code === 'string') fields.code = e.code;
  if (typeof e.syscall === 'string') fields.syscall = e.syscall;
  if (typeof e.path === 'string') fields.path = e.path;
  return fields;
}

/**
 * Worker-thread entry: reads one source file with its reader and sends the raw table back as Arrow IPC (its
 * buffer transferred, not copied), so a big orders file is parsed on the second core while the main thread
 * reads and cleans the other sources. Errors travel back as data and are re-raised as the same typed error.
 */
import { parentPort } from 'node:worker_threads';
import { tableToIPC } from 'apache-arrow';
import { EcomflowError } from '../errors.js';
import { rawSchemas } from '../schemas/raw.js';
import { readCsv } from './csv.js';
import { readJson } from './json.js';
import { readXlsx } from './xlsx.js';
import type { WorkerReply, WorkerRequest } from './read-in-worker.js';

const readers = { json: readJson, csv: readCsv, xlsx: readXlsx } as const;

parentPort!.on('message', (request: WorkerRequest) => {
  void (async () => {
    try {
      const result = await readers[request.reader](request.file, rawSchemas[request.table]);
      const ipc = tableToIPC(result.table, 'stream');
      const reply: WorkerReply = { ok: true, ipc, issues: [...result.issues], rowsRead: result.rowsRead, bytes: result.bytes };
      parentPort!.postMessage(reply, [ipc.buffer as ArrayBuffer]);
    } catch (error) {
      const reply: WorkerReply =
        error instanceof EcomflowError
          ? { ok: false, typed: true, name: error.name, rule: error.rule, message: error.message, where: { ...error.where } }
          : { ok: false, typed: false, name: 'Error', rule: 'internal', message: String((error as Error)?.stack ?? error), where: {} };
      parentPort!.postMessage(reply);
    }
  })();
});

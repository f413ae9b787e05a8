/**
 * Worker-thread entry of a Parquet writer thread: each `write` message hands it the port of one Parquet stream,
 * served by parquet-writes.ts (see write-in-worker.ts for the other side).
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { serveParquetWrites } from './parquet-writes.js';

parentPort!.on('message', (message: { readonly type: 'write'; readonly port: MessagePort }) => {
  serveParquetWrites(message.port);
});

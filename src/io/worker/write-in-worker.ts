/** A Parquet file written batch by batch on a thread of its own (write-worker.ts), off this thread. */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { Table } from 'apache-arrow';
import type { ParquetWriteOptions } from '../parquet/write-parquet.js';
import { openPortParquetStream, type PortParquetStream } from './port-parquet-stream.js';

/**
 * Opens `file` on a new writer thread, with the columns of `columns` (the same writer, so the same bytes, as
 * `openParquetStream` here); the thread ends when the file is closed or aborted, or `stop` is called.
 */
export function openParquetInWorker(
  file: string,
  columns: Table,
  options: ParquetWriteOptions = {},
): PortParquetStream {
  const worker = new Worker(new URL('./write-worker.js', import.meta.url));
  const { port1, port2 } = new MessageChannel();
  worker.postMessage({ type: 'write', port: port2 }, [port2]);
  const stream = openPortParquetStream(port1, file, columns, options, () => void worker.terminate());
  worker.once('error', (error) => stream.stop(error));
  worker.once('exit', () => stream.stop(new Error(`${file}: the thread writing it stopped`)));
  return stream;
}

/**
 * The writing end of a Parquet stream written on another thread: messages on a MessagePort open one Parquet file,
 * append tables to it (packed by table-transfer.ts) and close or abort it, one after another in arrival order,
 * with the same writer (`openParquetStream`) as on the main thread — so the bytes are the same. Each append is
 * answered once written, with its buffer sent back for the next append (the sender bounds how many are queued,
 * and memory is reused, not left to two garbage collectors); the first failure is answered as error data,
 * the unfinished file removed, and every later message but `abort` ignored.
 */
import type { MessagePort } from 'node:worker_threads';
import { tableFromIPC } from 'apache-arrow';
import { openParquetStream, type ParquetStream, type ParquetWriteOptions } from '../parquet/write-parquet.js';
import { unpackTable, type PackedTable } from './table-transfer.js';
import { errorToData, type ErrorData } from './worker-errors.js';

/** Messages to the writing end, in the order they are to be done. */
export type ToWriter =
  | {
      readonly type: 'open';
      readonly file: string;
      /** The file's columns: an IPC schema message (no rows). */
      readonly schema: Uint8Array;
      readonly options: ParquetWriteOptions;
    }
  | { readonly type: 'append'; readonly table: PackedTable }
  | { readonly type: 'close' }
  | { readonly type: 'abort' };

/** Answers of the writing end. */
export type FromWriter =
  /**
   * The append's buffer, handed back (transferred) for the next append — its table is no longer read here —
   * unless a close is already queued (then it is dropped here, with this thread's memory, instead).
   */
  | { readonly type: 'appended'; readonly bytes?: ArrayBuffer }
  | { readonly type: 'closed' }
  | { readonly type: 'aborted' }
  | { readonly type: 'error'; readonly error: ErrorData };

/** Serves one Parquet stream's messages arriving on `port`; the port is closed once the file is closed or aborted. */
export function serveParquetWrites(port: MessagePort): void {
  let out: ParquetStream | null = null;
  let failed = false;
  let closeQueued = false;
  let queue: Promise<void> = Promise.resolve();
  const answer = (reply: FromWriter, transfer: ArrayBuffer[] = []): void => port.postMessage(reply, transfer);
  const run = async (message: ToWriter): Promise<void> => {
    if (message.type === 'abort') {
      await out?.abort();
      answer({ type: 'aborted' });
      port.close();
      return;
    }
    if (failed) return;
    try {
      switch (message.type) {
        case 'open':
          out = await openParquetStream(message.file, tableFromIPC(message.schema), message.options);
          return;
        case 'append':
          await out!.append(unpackTable(message.table));
          if (closeQueued) answer({ type: 'appended' });
          else answer({ type: 'appended', bytes: message.table.bytes }, [message.table.bytes]);
          return;
        case 'close':
          await out!.close();
          answer({ type: 'closed' });
          port.close();
      }
    } catch (error) {
      failed = true;
      await out?.abort();
      answer({ type: 'error', error: errorToData(error) });
    }
  };
  port.on('message', (message: ToWriter) => {
    if (message.type === 'close') closeQueued = true;
    queue = queue.then(() => run(message));
  });
}

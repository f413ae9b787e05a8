/**
 * A Parquet stream written by another thread (parquet-writes.ts serves the other end of the port): `append`
 * copies the table once into a transferred buffer and returns while the other thread encodes, compresses and
 * writes it, first waiting while `MAX_QUEUED` appends are unanswered (bounded memory); the buffer comes back with
 * the answer and holds the next batch. A failure on the other side
 * comes back as the same typed error, thrown by the next `append` or by `close`.
 */
import type { MessagePort } from 'node:worker_threads';
import { Table, tableToIPC } from 'apache-arrow';
import type { ParquetStream, ParquetWriteOptions } from '../parquet/write-parquet.js';
import type { FromWriter, ToWriter } from './parquet-writes.js';
import { packTable } from './table-transfer.js';
import { reviveError } from './worker-errors.js';

/**
 * Appends sent but not yet written at which `append` waits before sending another: one batch's copy exists at a
 * time (the other thread writes a batch faster than this one makes the next, so the wait is rare).
 */
const MAX_QUEUED = 1;

/** A Parquet stream on a port, plus `stop`, which its owner calls when the other thread is gone. */
export interface PortParquetStream extends ParquetStream {
  /** The other end is gone (its thread stopped): every waiting and later call fails with `reason`; abort resolves. */
  stop(reason: unknown): void;
}

/**
 * Opens `file` for writing on the thread at the other end of `port`, with the columns of `columns`; `onEnd` is
 * called once the stream is finished (closed, aborted, failed or stopped) and the port closed.
 */
export function openPortParquetStream(
  port: MessagePort,
  file: string,
  columns: Table,
  options: ParquetWriteOptions = {},
  onEnd: () => void = () => undefined,
): PortParquetStream {
  let unanswered = 0;
  let spare: ArrayBuffer | undefined; // the last buffer the other side sent back
  let failure: { error: unknown } | null = null;
  let ended = false;
  let markEnded: () => void = () => undefined;
  const endedAt = new Promise<void>((resolve) => (markEnded = resolve));
  let wake: (() => void) | null = null;
  let closing: { resolve: () => void; reject: (error: unknown) => void } | null = null;
  const send = (message: ToWriter, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  const end = (): void => {
    if (ended) return;
    ended = true;
    port.close();
    markEnded();
    onEnd();
  };
  /** The stream failed (an error answered, or the other end gone): waiting calls wake up, a close rejects. */
  const fail = (error: unknown): void => {
    failure ??= { error };
    const w = wake;
    wake = null;
    w?.();
    const c = closing;
    closing = null;
    c?.reject(failure.error);
    end();
  };
  port.on('message', (reply: FromWriter) => {
    switch (reply.type) {
      case 'appended': {
        unanswered--;
        if (reply.bytes !== undefined && closing === null && !ended) spare = reply.bytes;
        const w = wake;
        wake = null;
        w?.();
        return;
      }
      case 'closed': {
        const c = closing;
        closing = null;
        c?.resolve();
        end();
        return;
      }
      case 'aborted':
        end();
        return;
      case 'error':
        fail(reviveError(reply.error));
    }
  });
  port.once('close', () => fail(new Error(`${file}: the thread writing it stopped`)));
  send({ type: 'open', file, schema: tableToIPC(new Table(columns.schema), 'stream'), options });
  const check = (): void => {
    if (failure !== null) throw failure.error;
    if (ended || closing !== null) throw new Error(`${file}: the stream is closed`);
  };
  return {
    async append(table) {
      check();
      while (unanswered >= MAX_QUEUED && failure === null) await new Promise<void>((resolve) => (wake = resolve));
      check();
      const packed = packTable(table, spare);
      if (packed.bytes === spare) spare = undefined;
      unanswered++;
      send({ type: 'append', table: packed }, [packed.bytes]);
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        check();
        spare = undefined;
        closing = { resolve, reject };
        send({ type: 'close' });
      });
    },
    async abort() {
      // once failed, the other side has removed its unfinished file; a close under way ends the stream either way
      if (!ended && failure === null && closing === null) send({ type: 'abort' });
      if (failure !== null) end();
      await endedAt;
    },
    stop(reason) {
      fail(reason);
    },
  };
}

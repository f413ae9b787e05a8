/**
 * A thread of its own for a small run's DuckDB work: it loads DuckDB as soon as it starts (≈ 0.15 s of native
 * library and module loading, and each instance ≈ 30 ms to open and close, done on the second core while the
 * pipeline reads), then computes the SQL answers and the report's summaries when asked, with the same code as
 * this thread (sql/answers.ts, report/summaries.ts), so what it writes and returns is the same.
 */
import { Worker } from 'node:worker_threads';
import type { NamelessStatus } from '../report/chart-data.js';
import type { QualityTable, SourceTable } from '../report/report-data.js';
import type { ReportSummaries } from '../report/summaries.js';
import type { SqlAnswer } from '../sql/answers.js';
import type { OpenOptions } from '../sql/warehouse-db.js';

/** Messages to the DuckDB thread. */
export type ToDuckDbThread =
  | { readonly id: number; readonly kind: 'answers'; readonly warehouse: string; readonly options: OpenOptions }
  | {
      readonly id: number;
      readonly kind: 'summaries';
      readonly warehouse: string;
      readonly quality: Readonly<Record<SourceTable, QualityTable>>;
      readonly nameless: ReadonlyMap<string, NamelessStatus>;
    };

/** Messages from the DuckDB thread: the value asked for, or why it could not be computed. */
export type FromDuckDbThread =
  | { readonly id: number; readonly value: unknown }
  | { readonly id: number; readonly error: string; readonly stack?: string };

/** A running DuckDB thread. */
export interface DuckDbThread {
  /** `runSqlAnswers(warehouse, options)` on the thread. */
  answers(warehouse: string, options: OpenOptions): Promise<SqlAnswer[]>;
  /** `reportSummaries(warehouse, quality, nameless)` on the thread. */
  summaries(
    warehouse: string,
    quality: Readonly<Record<SourceTable, QualityTable>>,
    nameless: ReadonlyMap<string, NamelessStatus>,
  ): Promise<ReportSummaries>;
  /** Ends the thread; work still pending fails. */
  close(): Promise<void>;
}

/**
 * Whether a thread can load the DuckDB thread's code: from the build (dist/*.js) yes; from TypeScript sources
 * (tsx, vitest) no — Node 20 does not hand a loader registered with --import to worker threads.
 */
export function duckDbThreadsAvailable(): boolean {
  return !import.meta.url.endsWith('.ts');
}

/**
 * Starts the DuckDB thread (it begins loading DuckDB at once). A failure on the thread rejects with its message
 * only (not its type): callers redo the work on their own thread to report it as it is.
 * @example
 * const thread = startDuckDbThread();
 * try { const answers = await thread.answers('warehouse', {}); } finally { await thread.close(); }
 */
export function startDuckDbThread(): DuckDbThread {
  const worker = new Worker(new URL('./duckdb-worker.js', import.meta.url));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let stopped: Error | null = null;
  let next = 0;
  const failAll = (error: Error): void => {
    stopped ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (reply: FromDuckDbThread) => {
    const p = pending.get(reply.id);
    if (p === undefined) return;
    pending.delete(reply.id);
    if ('value' in reply) {
      p.resolve(reply.value);
    } else {
      const error = new Error(reply.error);
      if (reply.stack !== undefined) error.stack = reply.stack;
      p.reject(error);
    }
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => {
    failAll(new Error(`the DuckDB thread stopped (exit code ${code})`));
  });
  const ask = <T>(request: ToDuckDbThread): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (stopped !== null) {
        reject(stopped);
        return;
      }
      pending.set(request.id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage(request);
    });
  return {
    answers: (warehouse, options) => ask<SqlAnswer[]>({ id: next++, kind: 'answers', warehouse, options }),
    summaries: (warehouse, quality, nameless) =>
      ask<ReportSummaries>({ id: next++, kind: 'summaries', warehouse, quality, nameless }),
    close: async () => {
      await worker.terminate();
    },
  };
}

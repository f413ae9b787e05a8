/** The DuckDB thread's code (see duckdb-thread.ts): loads DuckDB at once, then does the work it is sent. */
import { parentPort } from 'node:worker_threads';
import { reportSummaries } from '../report/summaries.js';
import { runSqlAnswers } from '../sql/answers.js';
import { duckdb } from '../sql/duckdb-api.js';
import type { FromDuckDbThread, ToDuckDbThread } from './duckdb-thread.js';

try {
  duckdb();
} catch {
  // the work asked for loads it again and reports why it cannot
}

const port = parentPort;
if (port === null) throw new Error('duckdb-worker.ts runs as a worker thread (see duckdb-thread.ts)');
port.on('message', (request: ToDuckDbThread) => {
  void reply(request).then((message) => {
    port.postMessage(message);
  });
});

/** The work of `request` done, or why it failed. */
async function reply(request: ToDuckDbThread): Promise<FromDuckDbThread> {
  try {
    const value =
      request.kind === 'answers'
        ? await runSqlAnswers(request.warehouse, request.options)
        : await reportSummaries(request.warehouse, request.quality, request.nameless);
    return { id: request.id, value };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { id: request.id, error: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) };
  }
}

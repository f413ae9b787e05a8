/**
 * A thread of its own for the report's charts: it loads vega and vega-lite as soon as it starts (≈ 0.3 s of
 * module loading, done on the second core while the pipeline reads and enriches) and renders chart specs when
 * asked, with the same code as this thread (render-svg.ts), so the SVG is the same byte for byte.
 */
import { Worker } from 'node:worker_threads';
import type { ChartSpec } from './chart-specs.js';
import type { ChartRenderer } from './profit-section.js';

/** Messages to the chart thread. */
export interface ToChartThread {
  readonly id: number;
  readonly charts: readonly ChartSpec[];
}

/** Messages from the chart thread: the charts' SVG in order, or why they could not be rendered. */
export type FromChartThread =
  | { readonly id: number; readonly svgs: string[] }
  | { readonly id: number; readonly error: string; readonly stack?: string };

/** A running chart thread. */
export interface ChartThread {
  /** Renders charts on the thread (in order); fails as `renderChart` would, or when the thread stopped. */
  readonly render: ChartRenderer;
  /** Ends the thread; renders still pending fail. */
  close(): Promise<void>;
}

/**
 * Whether a thread can load the chart code: from the build (dist/*.js) yes; from TypeScript sources (tsx,
 * vitest) no — Node 20 does not hand a loader registered with --import to worker threads.
 */
export function chartThreadsAvailable(): boolean {
  return !import.meta.url.endsWith('.ts');
}

/**
 * Starts the chart thread (it begins loading vega at once).
 * @example
 * const thread = startChartThread();
 * try { const [svg] = await thread.render([yearChart(byYear)]); } finally { await thread.close(); }
 */
export function startChartThread(): ChartThread {
  const worker = new Worker(new URL('./chart-worker.js', import.meta.url));
  const pending = new Map<number, { resolve: (svgs: string[]) => void; reject: (error: Error) => void }>();
  let stopped: Error | null = null;
  let next = 0;
  const failAll = (error: Error): void => {
    stopped ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (reply: FromChartThread) => {
    const p = pending.get(reply.id);
    if (p === undefined) return;
    pending.delete(reply.id);
    if ('svgs' in reply) {
      p.resolve(reply.svgs);
    } else {
      const error = new Error(reply.error);
      if (reply.stack !== undefined) error.stack = reply.stack;
      p.reject(error);
    }
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => {
    failAll(new Error(`the chart thread stopped (exit code ${code})`));
  });
  return {
    render: (charts) =>
      new Promise<string[]>((resolve, reject) => {
        if (stopped !== null) {
          reject(stopped);
          return;
        }
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, charts } satisfies ToChartThread);
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}

/** The chart thread's code (see chart-thread.ts): loads vega and vega-lite at once, then renders what it is sent. */
import { parentPort } from 'node:worker_threads';
import type { FromChartThread, ToChartThread } from './chart-thread.js';
import { preloadChartLibraries, renderChart } from './render-svg.js';

preloadChartLibraries();

const port = parentPort;
if (port === null) throw new Error('chart-worker.ts runs as a worker thread (see chart-thread.ts)');
port.on('message', (request: ToChartThread) => {
  void reply(request).then((message) => {
    port.postMessage(message);
  });
});

/** The charts of `request` rendered in order, or the first failure. */
async function reply({ id, charts }: ToChartThread): Promise<FromChartThread> {
  try {
    const svgs: string[] = [];
    for (const chart of charts) svgs.push(await renderChart(chart));
    return { id, svgs };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { id, error: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) };
  }
}

/**
 * The thread that draws the live progress line (see progress.ts): it owns the line, redraws it 4 times a second
 * with its own clock, and writes straight to the terminal's file descriptor, so a busy main thread never freezes
 * it. Finished-stage lines come from the main thread as text and are written in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeToDescriptor } from '../io/files/descriptor.js';
import { fit, liveLine, type LiveState, type ToDrawer } from './progress.js';

const { fd, columns: initialColumns } = workerData as { fd: number; columns: number };
let columns = initialColumns;
let state: LiveState | null = null;

const write = (text: string): void => {
  writeToDescriptor(fd, text); // false when the terminal went away: nothing to draw on
};
const draw = (): void => {
  if (state) write(`\r\x1b[2K${liveLine(state, Date.now(), columns)}`);
};
const clear = (): void => {
  if (state) write('\r\x1b[2K');
  state = null;
};
const ticker = setInterval(draw, 250);

parentPort!.on('message', (m: ToDrawer) => {
  switch (m.type) {
    case 'start':
      state = { stage: m.stage, startedAt: m.at };
      draw();
      return;
    case 'progress':
      if (state) state = { ...state, progress: { done: m.done, total: m.total, at: m.at } };
      draw();
      return;
    case 'end':
      clear();
      write(`${fit(m.line, Math.max(10, columns - 1))}\n`);
      return;
    case 'columns':
      columns = m.columns;
      draw();
      return;
    case 'close':
      clear();
      clearInterval(ticker);
      parentPort!.close();
  }
});

/**
 * Renders run events on stderr. On a terminal: one live line for the running stage — a bar, elapsed time and an
 * ETA while the orders stream, a ticking clock otherwise — cut to the terminal's width so it never wraps, and
 * replaced by the stage's result when it ends. Elsewhere (a log, a pipe): one plain line per finished stage.
 *
 * The live line is redrawn 4 times a second from a thread of its own (progress-thread.ts) writing straight to the
 * terminal, so the clock keeps ticking while the main thread is busy for seconds at a time (enriching a batch,
 * rendering the report). Where threads cannot load the renderer (running from TypeScript sources), a timer on
 * the main thread draws instead.
 */
import { Worker } from 'node:worker_threads';
import type { RunEvent, RunListener } from '../pipeline/events.js';
import { formatCount } from '../report/format.js';

/** Formats milliseconds as `850 ms` or `2.31 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Formats milliseconds as a clock: `0:07`, `12:30`, `1:02:03`. */
export function formatClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number): string => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** `text` cut to `width` characters, ending in `…` when cut. */
export function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Below this a stage's time is what was left of work done in the background: a rate from it would be nonsense. */
const RATE_MIN_MS = 10;

/** The finished-stage line: `  enrich      737 ms  orders 9994 read, … · 13,558 rows/s` (no rate under 10 ms shown). */
export function stageLine(e: Extract<RunEvent, { kind: 'stage-end' }>): string {
  const rate = Math.round(e.ms) >= RATE_MIN_MS ? ` · ${formatCount((e.rows / e.ms) * 1000)} rows/s` : '';
  return `  ${e.stage.padEnd(12)} ${formatMs(e.ms).padStart(8)}  ${e.detail}${rate}`;
}

/** A bar of `width` cells (brackets included) for `done` of `total`: `[#####-----]`. */
export function progressBar(done: number, total: number, width = 26): string {
  const cells = Math.max(1, width - 2);
  const f = total > 0 ? Math.min(1, done / total) : 0;
  const full = Math.round(f * cells);
  return `[${'#'.repeat(full)}${'-'.repeat(cells - full)}]`;
}

/** What the live line shows: the running stage, when it started, and its last progress report. */
export interface LiveState {
  readonly stage: string;
  readonly startedAt: number;
  readonly progress?: { readonly done: number; readonly total: number; readonly at: number };
}

/**
 * The live line for `state` at time `now`, at most `columns - 1` characters (a line filling the last column
 * would wrap on some terminals). Parts are dropped, least useful first, until it fits: sizes, then the bar
 * narrows, then the bar, then the ETA.
 * @example
 * liveLine({ stage: 'enrich', startedAt: 0, progress: { done: 50, total: 100, at: 6000 } }, 8000, 80);
 * // '  enrich  [############------------]  50%  0 MB / 0 MB  0:08, about 0:04 left'
 */
export function liveLine(state: LiveState, now: number, columns: number): string {
  const width = Math.max(10, columns - 1);
  const elapsed = formatClock(now - state.startedAt);
  const p = state.progress;
  if (p === undefined || p.total <= 0) return fit(`  ${state.stage} … ${elapsed}`, width);
  const f = Math.min(1, p.done / p.total);
  const pct = `${String(Math.floor(f * 100)).padStart(3)}%`;
  const mb = (n: number): string => formatCount(n / 2 ** 20);
  const sizes = `${mb(p.done)} MB / ${mb(p.total)} MB`;
  // the rate so far, measured when the last report came, counted down since
  const spent = p.at - state.startedAt;
  const eta = f > 0 && f < 1 ? `, about ${formatClock(Math.max(0, (spent * (1 - f)) / f - (now - p.at)))} left` : '';
  const head = `  ${state.stage}  `;
  const tail = (withSizes: boolean, withEta: boolean): string =>
    ` ${pct}${withSizes ? `  ${sizes}` : ''}  ${elapsed}${withEta ? eta : ''}`;
  for (const [withSizes, withEta] of [
    [true, true],
    [false, true],
  ] as const) {
    const room = width - head.length - tail(withSizes, withEta).length;
    if (room >= 8) return `${head}${progressBar(p.done, p.total, Math.min(26, room))}${tail(withSizes, withEta)}`;
  }
  const bare = `  ${state.stage}${tail(false, true)}`;
  return fit(bare.length <= width ? bare : `  ${state.stage}${tail(false, false)}`, width);
}

/** Progress on stderr for one run: the listener to give the run, and `close` (clears the live line) after it. */
export interface Progress {
  readonly listener: RunListener;
  close(): Promise<void>;
}

/** How progress is shown. */
export interface ProgressOptions {
  /** A live, redrawn line (stderr is a terminal); otherwise one plain line per finished stage. */
  readonly live: boolean;
  /** The terminal's width (read at every redraw; default 80). */
  readonly columns?: () => number;
  /** Draw from a thread of its own, writing to this file descriptor (only for a real terminal). */
  readonly fd?: number;
  /** The clock (tests give their own). */
  readonly now?: () => number;
}

/** Starts showing progress on `err`; see the module comment. */
export function startProgress(err: NodeJS.WritableStream, options: ProgressOptions): Progress {
  const columns = options.columns ?? (() => 80);
  if (!options.live) {
    return {
      listener: (e) => {
        if (e.kind === 'stage-end') err.write(`${stageLine(e)}\n`);
      },
      close: () => Promise.resolve(),
    };
  }
  if (options.fd !== undefined && threadsAvailable()) return threadProgress(options.fd, columns);
  return timerProgress(err, columns, options.now ?? Date.now);
}

/** Whether a thread can load the renderer: from the build yes, from TypeScript sources (tsx, vitest) no. */
function threadsAvailable(): boolean {
  return !import.meta.url.endsWith('.ts');
}

/** The live line drawn by a timer on this thread (it stops while this thread is busy). */
function timerProgress(err: NodeJS.WritableStream, columns: () => number, now: () => number): Progress {
  let state: LiveState | null = null;
  let ticker: NodeJS.Timeout | undefined;
  const draw = (): void => {
    if (state) err.write(`\r\x1b[2K${liveLine(state, now(), columns())}`);
  };
  const stop = (): void => {
    if (ticker) clearInterval(ticker);
    ticker = undefined;
    if (state) err.write('\r\x1b[2K');
    state = null;
  };
  return {
    listener: (e) => {
      if (e.kind === 'stage-start') {
        state = { stage: e.stage, startedAt: now() };
        draw();
        ticker = setInterval(draw, 250);
        ticker.unref();
      } else if (e.kind === 'progress') {
        if (state) state = { ...state, progress: { done: e.done, total: e.total, at: now() } };
        draw();
      } else {
        stop();
        err.write(`${fit(stageLine(e), Math.max(10, columns() - 1))}\n`);
      }
    },
    close: () => {
      stop();
      return Promise.resolve();
    },
  };
}

/** Messages to the drawing thread. */
export type ToDrawer =
  | { readonly type: 'start'; readonly stage: string; readonly at: number }
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly at: number }
  | { readonly type: 'end'; readonly line: string }
  | { readonly type: 'columns'; readonly columns: number }
  | { readonly type: 'close' };

/** The live line drawn by a thread of its own (see progress-thread.ts). */
function threadProgress(fd: number, columns: () => number): Progress {
  const worker = new Worker(new URL('./progress-thread.js', import.meta.url), {
    workerData: { fd, columns: columns() },
    stdout: false,
    stderr: false,
  });
  // not unref'd: the run awaits `close`, which ends the thread; an unref'd thread would let the process exit early
  const post = (message: ToDrawer): void => {
    worker.postMessage(message);
  };
  const onResize = (): void => {
    post({ type: 'columns', columns: columns() });
  };
  process.stderr.on('resize', onResize);
  const closed = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      resolve();
    });
    worker.once('error', () => {
      resolve();
    });
  });
  return {
    listener: (e) => {
      if (e.kind === 'stage-start') post({ type: 'start', stage: e.stage, at: Date.now() });
      else if (e.kind === 'progress') post({ type: 'progress', done: e.done, total: e.total, at: Date.now() });
      else post({ type: 'end', line: stageLine(e) });
    },
    close: async () => {
      process.stderr.off('resize', onResize);
      post({ type: 'close' });
      await closed;
    },
  };
}

/**
 * Renders run events on stderr: on a terminal, a live line per stage (a bar while the orders file is read, a
 * ticking clock otherwise) replaced by the stage's result; elsewhere, one plain line per finished stage.
 */
import type { RunEvent, RunListener } from '../pipeline/events.js';

/** Formats milliseconds as `850 ms` or `2.31 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** The finished-stage line: `  read sources     customers 793, … (782 ms, 16,160 rows/s)`. */
export function stageLine(e: Extract<RunEvent, { kind: 'stage-end' }>): string {
  const rate = e.ms > 0 ? Math.round((e.rows / e.ms) * 1000) : 0;
  return `  ${e.stage.padEnd(16)} ${e.detail} (${formatMs(e.ms)}, ${rate.toLocaleString('en-US')} rows/s)`;
}

/** A bar of `width` cells for `done` of `total`: `[########--------]  50%`. */
export function progressBar(done: number, total: number, width = 24): string {
  const f = total > 0 ? Math.min(1, done / total) : 0;
  const full = Math.round(f * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${String(Math.floor(f * 100)).padStart(3)}%`;
}

/** A listener writing progress to `err`; live (redrawn with `\r`) when `live` is true, as when stderr is a TTY. */
export function progressPrinter(err: NodeJS.WritableStream, live: boolean): RunListener {
  let started = 0;
  let current = '';
  let ticker: NodeJS.Timeout | undefined;
  const draw = (text: string): void => {
    err.write(`\r\x1b[2K${text}`);
  };
  return (e) => {
    if (e.kind === 'stage-start') {
      if (!live) return;
      current = e.stage;
      started = Date.now();
      draw(`  ${e.stage.padEnd(16)} …`);
      ticker = setInterval(() => {
        draw(`  ${current.padEnd(16)} … ${formatMs(Date.now() - started)}`);
      }, 250);
      ticker.unref();
      return;
    }
    if (e.kind === 'progress') {
      if (!live) return;
      const mb = (n: number): string => `${(n / 2 ** 20).toFixed(0)} MB`;
      draw(`  ${e.stage.padEnd(16)} ${progressBar(e.done, e.total)} ${mb(e.done)} / ${mb(e.total)}`);
      return;
    }
    if (ticker) clearInterval(ticker);
    ticker = undefined;
    if (live) draw('');
    err.write(`${stageLine(e)}\n`);
  };
}

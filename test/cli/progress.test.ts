import { describe, expect, it } from 'vitest';
import { sink } from '../helpers/cli.js';
import {
  fit,
  formatClock,
  formatMs,
  liveLine,
  progressBar,
  stageLine,
  startProgress,
  type LiveState,
} from '../../src/cli/progress.js';

const end = { kind: 'stage-end', stage: 'read sources', ms: 1500, rows: 3000, detail: 'orders 3,000' } as const;
const MB = 2 ** 20;

describe('progress pieces', () => {
  it('formats times, clocks, bars, cut text and finished stages', () => {
    expect(formatMs(850.4)).toBe('850 ms');
    expect(formatMs(2314)).toBe('2.31 s');
    expect([formatClock(7_900), formatClock(750_000), formatClock(3_723_000)]).toEqual(['0:07', '12:30', '1:02:03']);
    expect(progressBar(1, 4, 10)).toBe('[##------]');
    expect(progressBar(5, 4, 6)).toBe('[####]');
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('abc', 4)).toBe('abc');
    expect(stageLine(end)).toBe('  read sources   1.50 s  orders 3,000 · 2,000 rows/s');
  });

  it('prints no rate for a stage whose work ran in the background (a few ms left to wait for)', () => {
    const sql = { kind: 'stage-end', stage: 'sql', ms: 0.4, rows: 5_000, detail: '4 answers' } as const;
    expect(stageLine(sql)).toBe('  sql              0 ms  4 answers');
    expect(stageLine({ ...sql, ms: 25 })).toBe('  sql             25 ms  4 answers · 200,000 rows/s');
  });

  it('decides on the rate from the time it prints: 9.6 ms shows as 10 ms, so it has a rate', () => {
    const read = { kind: 'stage-end', stage: 'read sources', ms: 9.6, rows: 96, detail: 'customers 15' } as const;
    expect(stageLine(read)).toBe('  read sources    10 ms  customers 15 · 10,000 rows/s');
    expect(stageLine({ ...read, ms: 9.4 })).toBe('  read sources     9 ms  customers 15');
  });
});

describe('liveLine', () => {
  const enrich: LiveState = { stage: 'enrich', startedAt: 0, progress: { done: 150 * MB, total: 300 * MB, at: 6000 } };

  it('shows the bar, the sizes, the elapsed time and an ETA counted down since the last report', () => {
    expect(liveLine(enrich, 8000, 120)).toBe(
      '  enrich  [############------------]  50%  150 MB / 300 MB  0:08, about 0:04 left',
    );
  });

  it('fits any width: parts are dropped before anything wraps', () => {
    for (let columns = 10; columns <= 160; columns++) {
      const line = liveLine(enrich, 8000, columns);
      expect(line.length, `${columns} columns: ${line}`).toBeLessThan(Math.max(11, columns));
    }
    expect(liveLine(enrich, 8000, 50)).toBe('  enrich  [#####----]  50%  0:08, about 0:04 left');
    expect(liveLine(enrich, 8000, 40)).toBe('  enrich  50%  0:08, about 0:04 left');
    expect(liveLine(enrich, 8000, 30)).toBe('  enrich  50%  0:08');
    expect(liveLine({ stage: 'report', startedAt: 0 }, 61_000, 50)).toBe('  report … 1:01');
  });

  it('shows no ETA before the first report, or when done', () => {
    expect(liveLine({ ...enrich, progress: { done: 0, total: 300 * MB, at: 10 } }, 2000, 120)).not.toContain('left');
    expect(liveLine({ ...enrich, progress: { done: 300 * MB, total: 300 * MB, at: 10 } }, 2000, 120)).toContain('100%');
  });
});

describe('startProgress', () => {
  it('prints only finished stages when stderr is not a terminal', async () => {
    const err = sink();
    const p = startProgress(err, { live: false });
    p.listener({ kind: 'stage-start', stage: 'read sources' });
    p.listener({ kind: 'progress', stage: 'read sources', done: 10, total: 20 });
    p.listener(end);
    await p.close();
    expect(err.text()).toBe('  read sources   1.50 s  orders 3,000 · 2,000 rows/s\n');
  });

  it('redraws one live line on a terminal, cut to its width, then replaces it with the result', async () => {
    const err = sink();
    let now = 1000;
    const p = startProgress(err, { live: true, columns: () => 30, now: () => now });
    p.listener({ kind: 'stage-start', stage: 'enrich' });
    now = 3000;
    p.listener({ kind: 'progress', stage: 'enrich', done: MB, total: 2 * MB });
    p.listener({ ...end, stage: 'enrich' });
    await p.close();
    expect(err.text()).toBe(
      '\r\x1b[2K  enrich … 0:00' + '\r\x1b[2K  enrich  50%  0:02' + '\r\x1b[2K' + '  enrich         1.50 s  ord…\n',
    );
  });
});

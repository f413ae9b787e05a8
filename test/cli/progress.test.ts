import { describe, expect, it } from 'vitest';
import { sink } from '../helpers/cli.js';
import { formatMs, progressBar, progressPrinter, stageLine } from '../../src/cli/progress.js';

const end = { kind: 'stage-end', stage: 'read sources', ms: 1500, rows: 3000, detail: 'orders 3000' } as const;

describe('progress output', () => {
  it('formats times, bars and finished stages', () => {
    expect(formatMs(850.4)).toBe('850 ms');
    expect(formatMs(2314)).toBe('2.31 s');
    expect(progressBar(1, 4, 8)).toBe('[##------]  25%');
    expect(progressBar(5, 4, 4)).toBe('[####] 100%');
    expect(stageLine(end)).toBe('  read sources     orders 3000 (1.50 s, 2,000 rows/s)');
  });

  it('prints only finished stages when stderr is not a terminal', () => {
    const err = sink();
    const p = progressPrinter(err, false);
    p({ kind: 'stage-start', stage: 'read sources' });
    p({ kind: 'progress', stage: 'read sources', done: 10, total: 20 });
    p(end);
    expect(err.text()).toBe('  read sources     orders 3000 (1.50 s, 2,000 rows/s)\n');
  });

  it('redraws a live line with a bar on a terminal, then replaces it with the result', () => {
    const err = sink();
    const p = progressPrinter(err, true);
    p({ kind: 'stage-start', stage: 'read sources' });
    p({ kind: 'progress', stage: 'read sources', done: 2 ** 20, total: 2 ** 21 });
    p(end);
    expect(err.text()).toBe(
      '\r\x1b[2K  read sources     …' +
        '\r\x1b[2K  read sources     [############------------]  50% 1 MB / 2 MB' +
        '\r\x1b[2K' +
        '  read sources     orders 3000 (1.50 s, 2,000 rows/s)\n',
    );
  });
});

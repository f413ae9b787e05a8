/**
 * `ecomflow run` on a real pseudo-terminal, 50 and 120 columns wide (issue 11 §4): the live progress line never
 * passes the width (so it never wraps or stacks), its clock ticks, each finished stage leaves one line, and the
 * summary fits — folded under its labels — except the one command meant to be copied whole.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSources } from '../../fixtures/generate.js';
import { scratch } from '../helpers/scratch.js';
import { cliCommand, hasBuild } from '../helpers/spawn-cli.js';
import { hasPython, runOnTerminal, screenRows } from '../helpers/terminal.js';

const tmp = scratch();
afterAll(() => {
  tmp.cleanup();
});

/** A part of a live progress line: a bar, an ETA, or a running clock after `…`. */
const LIVE = /\[[#-]+\]|left$| … \d+:\d\d$/;

describe('progress and summary on a terminal', () => {
  let input = '';
  let python = false;
  beforeAll(async () => {
    python = await hasPython();
    if (!python || !hasBuild) return;
    input = tmp.dir('ecomflow-tty-in-');
    await generateSources({ lines: 300_000, out: input, seed: 13 }); // a run of seconds: the line is redrawn
  }, 120_000);

  for (const columns of [50, 120]) {
    it(`fits ${columns} columns`, async ({ skip }) => {
      skip(!python, 'python3 with its pty module is needed');
      skip(!hasBuild, 'no build (dist/cli.js): npm run build');
      const out = join(tmp.dir('ecomflow-tty-'), 'w');
      const r = await runOnTerminal([...cliCommand(true), 'run', '--input', input, '--out', out], columns);
      expect(r.code, r.text).toBe(0);

      // every redraw of the live line fits in one row, short of the last column
      const redraws = r.text.split('\r\x1b[2K').filter((s) => s !== '' && !s.includes('\n'));
      expect(redraws.length).toBeGreaterThan(6);
      for (const line of redraws) expect(line.length, line).toBeLessThanOrEqual(columns - 1);
      const enrich = redraws.filter((l) => l.startsWith('  enrich '));
      expect(
        enrich.some((l) => /\[[#-]+\]|%/.test(l)),
        'the orders stage shows how far it is',
      ).toBe(true);
      const clocks = enrich.map((l) => /(\d+):(\d\d)(?:,|$)/.exec(l)).map((m) => Number(m![1]) * 60 + Number(m![2]));
      expect(clocks, 'the clock never runs backwards').toEqual([...clocks].sort((a, z) => a - z));
      expect(new Set(clocks).size, 'the clock ticks').toBeGreaterThan(1);

      // what stays on screen: one line per stage, then the summary; no stacked progress
      const { rows } = screenRows(r.text, columns);
      expect(
        rows.filter((row) => LIVE.test(row)),
        'no progress line left on screen',
      ).toEqual([]);
      const stages = rows.slice(0, 6).map((row) => row.trim().split(/\s+/)[0]);
      expect(stages).toEqual(['read', 'enrich', 'aggregate', 'write', 'sql', 'report']);
      for (const row of rows.slice(0, 6)) expect(row.length).toBeLessThanOrEqual(columns - 1);
      const summary = r.text.slice(r.text.indexOf('ecomflow run: wrote')).replace(/\r\n/g, '\n').trimEnd().split('\n');
      expect(summary.length).toBeLessThanOrEqual(30);
      // only what cannot be folded may pass the width: a label with one path, a path alone on its line (the temp
      // root's depth varies), and the command to copy whole
      const unfoldable = (l: string): boolean =>
        l.startsWith('  next ') || /^ {2}\w+ +\S+$/.test(l) || /^ *\S+$/.test(l);
      for (const line of summary.filter((l) => !unfoldable(l))) {
        expect(line.length, line).toBeLessThanOrEqual(columns);
      }
      expect(summary).toContain(`  report     ${join(out, 'report', 'index.html')}`);
      expect(summary.at(-1)).toBe(
        `  next       ecomflow sql --warehouse ${out} "select * from aggregates.profit_by_year"`,
      );
      // 120 columns hold the table with its file column, 50 do not; the folder and the sheet are named below it
      const header = summary.find((l) => l.startsWith('  source  '))!;
      expect(header.includes(' file '), header).toBe(columns === 120);
      expect(summary.join(' ').replace(/\s+/g, ' ')).toContain(`(in ${input}; customers from sheet "Worksheet")`);
    }, 300_000);
  }
});

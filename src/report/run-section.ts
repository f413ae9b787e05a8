/** The Run facts section: when the run started, its inputs (file, size, rows) and how long each stage took. */
import { escapeHtml, formatBytes, formatMs, formatTime } from './format.js';
import { codeHtml, countHtml, htmlTable } from './html.js';
import type { ReportData } from './report-data.js';
import type { RunSource } from './run-facts.js';

/**
 * The Run facts section's HTML; says "not recorded" for a warehouse without run.json.
 * @example
 * runSection(data); // '<section id="run">…Orders.json…</section>'
 */
export function runSection(data: ReportData, generatedAt: Date): string {
  const head = `<section id="run" aria-labelledby="run-h"><h2 id="run-h">Run facts</h2>`;
  const generated = `<p>Report generated ${escapeHtml(formatTime(generatedAt.toISOString()))}.</p>`;
  const run = data.run;
  if (run === null) {
    const note = 'Run facts: not recorded (this warehouse has no <code>run.json</code>).';
    return `${head}<p class="not-recorded">${note}</p>${generated}</section>`;
  }
  const inputs = htmlTable(
    'Inputs',
    [
      { header: 'Table', cell: (s: RunSource) => codeHtml(s.table) },
      { header: 'File', cell: (s) => escapeHtml(s.file) },
      {
        header: 'Size',
        cell: (s) => `<span title="${s.bytes} bytes">${escapeHtml(formatBytes(s.bytes))}</span>`,
        numeric: true,
      },
      { header: 'Rows', cell: (s) => countHtml(s.rows), numeric: true },
    ],
    run.sources,
    { id: 'table-inputs', className: 'wide' },
  );
  const stages = Object.entries(run.stage_ms);
  const totalMs = stages.reduce((n, [, ms]) => n + ms, 0);
  const timing = htmlTable(
    'Time per stage',
    [
      { header: 'Stage', cell: ([name]: [string, number]) => escapeHtml(name) },
      { header: 'Time', cell: ([, ms]) => escapeHtml(formatMs(ms)), numeric: true },
    ],
    stages,
    { id: 'table-stages', footer: ['Total', escapeHtml(formatMs(totalMs))] },
  );
  const started = `<p>Run started ${escapeHtml(formatTime(run.started_at))}.</p>`;
  return `${head}${started}${generated}<div class="two-up">${inputs}${timing}</div></section>`;
}

/**
 * The Run facts section: the ecomflow version, when the run started, its inputs (file, size, rows) and how long
 * each stage took — the report's own stage included. The report is the last stage, so its time is not known
 * while the page is rendered: the page carries slots that `fillReportTime` fills once the page is built.
 */
import { escapeHtml, formatBytes, formatMs, formatTime } from './format.js';
import { codeHtml, countHtml, htmlTable } from './html.js';
import type { ReportData } from './report-data.js';
import type { RunSource } from './run-facts.js';

/** The report stage's name in the stage table (and in run.json). */
export const REPORT_STAGE = 'report';
/** Placeholders for figures known only after rendering: the report's own time and the total. */
const SLOT = { report: '<!--ecomflow:report-ms-->', total: '<!--ecomflow:total-ms-->' } as const;
/** The run's own stages' total, carried in the page until the report's time is added to it. */
const BASE_ATTR = 'data-run-ms';

/**
 * The Run facts section's HTML, with slots for the report's time; says "not recorded" for a warehouse without
 * run.json (the report's time is still shown).
 * @example
 * runSection(data, new Date()); // '<section id="run">…Orders.json…<!--ecomflow:report-ms-->…</section>'
 */
export function runSection(data: ReportData, generatedAt: Date): string {
  const head = `<section id="run" aria-labelledby="run-h"><h2 id="run-h">Run facts</h2>`;
  const run = data.run;
  const version = run?.ecomflow_version;
  const facts = [
    `Run by ecomflow ${version === undefined ? '(version not recorded)' : `<strong>${escapeHtml(version)}</strong>`}` +
      (run === null ? '' : `, started ${escapeHtml(formatTime(run.started_at))}`) +
      '.',
    `Report built by ecomflow ${escapeHtml(data.version)}, ${escapeHtml(formatTime(generatedAt.toISOString()))}.`,
  ];
  const stages = Object.entries(run?.stage_ms ?? {}).filter(([name]) => name !== REPORT_STAGE);
  const runMs = stages.reduce((n, [, ms]) => n + ms, 0);
  const rows: [string, string][] = [
    ...stages.map(([name, ms]): [string, string] => [escapeHtml(name), escapeHtml(formatMs(ms))]),
    [`${REPORT_STAGE} <span class="muted">(building this page)</span>`, SLOT.report],
  ];
  const timing = htmlTable(
    'Time per stage',
    [
      { header: 'Stage', cell: ([name]: [string, string]) => name },
      { header: 'Time', cell: ([, time]) => time, numeric: true },
    ],
    rows,
    { id: 'table-stages', footer: ['Total', `<span ${BASE_ATTR}="${runMs}">${SLOT.total}</span>`] },
  );
  if (run === null) {
    return (
      `${head}<p>${facts.join(' ')}</p>` +
      `<p class="not-recorded">Run facts: not recorded (this warehouse has no <code>run.json</code>).</p>` +
      `${timing}</section>`
    );
  }
  const inputs = htmlTable(
    'Inputs',
    [
      { header: 'Table', cell: (s: RunSource) => codeHtml(s.table) },
      {
        header: 'File',
        cell: (s) => {
          const sheet = s.table === 'customers' ? run.customers_sheet : undefined;
          return `${escapeHtml(s.file)}${sheet ? ` <span class="muted">(sheet “${escapeHtml(sheet)}”)</span>` : ''}`;
        },
      },
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
  return `${head}<p>${facts.join(' ')}</p><div class="two-up">${inputs}${timing}</div></section>`;
}

/**
 * Fills the report's own time (`reportMs`) and the total of every stage into a page from `reportHtml`.
 * @example
 * fillReportTime(html, 412.3); // '…<td class="num">412 ms</td>…<span data-run-ms="1150">1.56 s</span>…'
 */
export function fillReportTime(html: string, reportMs: number): string {
  const base = new RegExp(`${BASE_ATTR}="([0-9.e+-]+)">${SLOT.total}`);
  const runMs = Number(base.exec(html)?.[1] ?? 0);
  return html
    .replace(SLOT.report, escapeHtml(formatMs(reportMs)))
    .replace(SLOT.total, escapeHtml(formatMs(runMs + reportMs)));
}

/** Assembles the report page: one self-contained HTML file (inline CSS and SVG, no script, nothing fetched). */
import { escapeHtml, formatCount } from './format.js';
import { countHtml, moneyHtml } from './html.js';
import { lineageSection } from './lineage-section.js';
import { profitSection } from './profit-section.js';
import { qualitySection } from './quality-section.js';
import { rejectReason } from './reject-reasons.js';
import type { ReportData, SourceTable } from './report-data.js';
import { runSection } from './run-section.js';
import { REPORT_CSS } from './styles.js';

/** The sections the page links to, by id. */
const SECTIONS: readonly (readonly [string, string])[] = [
  ['profit', 'Profit'],
  ['lineage', 'Lineage'],
  ['quality', 'Data quality'],
  ['run', 'Run facts'],
];

/** Forbids every fetch: the page must render from its own bytes. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** One summary card: a label, the figure, and a line saying what was rejected where. */
interface Card {
  readonly label: string;
  readonly value: string;
  readonly note?: string;
}

/**
 * What a table's rejects were, in words for a card, `row` naming one of its rows: "no order lines rejected",
 * "33 product rows rejected: duplicate product ID …", or "4 order lines rejected, for 4 reasons".
 * @example
 * rejectedNote(data.quality.products, 'product row');
 * // '<span class="count" data-value="33">33</span> product rows rejected: duplicate product ID (the first row
 * //  is kept)'
 */
export function rejectedNote(q: ReportData['quality'][SourceTable], row: string): string {
  const reasons = Object.entries(q.rejected_by_reason);
  if (q.rows_rejected === 0) return `no ${row}s rejected`;
  const rows = `${countHtml(q.rows_rejected)} ${q.rows_rejected === 1 ? row : `${row}s`} rejected`;
  if (reasons.length === 1) return `${rows}: ${escapeHtml(rejectReason(reasons[0]![0]))}`;
  return `${rows}, for ${reasons.length} reasons (<a href="#quality">see Data quality</a>)`;
}

function kpis(data: ReportData): string {
  const years = data.byYear.map((y) => y.year).filter((y): y is number => y !== null);
  const q = data.quality;
  const items: Card[] = [
    { label: 'Total profit', value: moneyHtml(data.totalProfit) },
    {
      label: 'Order lines',
      value: countHtml(q.orders.rows_written),
      note: `of ${countHtml(q.orders.rows_read)} read; ${rejectedNote(q.orders, 'order line')}`,
    },
    {
      label: 'Customers',
      value: countHtml(q.customers.rows_written),
      note: `of ${countHtml(q.customers.rows_read)} rows; ${rejectedNote(q.customers, 'customer row')}`,
    },
    {
      label: 'Products',
      value: countHtml(q.products.rows_written),
      note: `of ${countHtml(q.products.rows_read)} rows; ${rejectedNote(q.products, 'product row')}`,
    },
    { label: 'Years', value: years.length ? escapeHtml(`${Math.min(...years)}–${Math.max(...years)}`) : '—' },
  ];
  const card = (c: Card): string =>
    `<li class="kpi"><span class="label">${c.label}</span> <span class="value">${c.value}</span>` +
    `${c.note ? ` <span class="kpi-note">${c.note}</span>` : ''}</li>`;
  return `<ul class="kpis">${items.map(card).join('')}</ul>`;
}

/**
 * The whole report page for `data`; `svgs`: its charts already rendered (see `profitSection`).
 * @example
 * const html = await reportHtml(await loadReportData('warehouse'), new Date());
 * html.startsWith('<!doctype html>'); // true
 */
export async function reportHtml(
  data: ReportData,
  generatedAt: Date,
  svgs?: Promise<readonly string[]>,
): Promise<string> {
  const orders = data.quality.orders;
  const intro =
    `<p>Profit from ${formatCount(orders.rows_written)} order lines (of ${formatCount(orders.rows_read)} read), ` +
    `where every source row went, and what the cleaning changed. Every amount is exact to the cent, in US dollars.</p>`;
  const links = SECTIONS.map(([id, name]) => `<li><a href="#${id}">${name}</a></li>`).join('');
  const nav = `<nav aria-label="Sections"><ul>${links}</ul></nav>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="ecomflow ${escapeHtml(data.version)}">
<title>ecomflow report: profit, lineage and data quality</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><p class="eyebrow">ecomflow report</p><h1>Profit, lineage and data quality</h1>
${intro}${kpis(data)}${nav}</header>
<main id="main">
${await profitSection(data, svgs)}
${lineageSection(data)}
${qualitySection(data)}
${runSection(data, generatedAt)}
</main>
<footer>Built by ecomflow ${escapeHtml(data.version)} from the warehouse's Parquet tables, quality.json and
run.json. Amounts are sums of the exact 2-place line profits; charts round only bar lengths.</footer>
</body>
</html>
`;
}

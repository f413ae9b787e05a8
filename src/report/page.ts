/** Assembles the report page: one self-contained HTML file (inline CSS and SVG, no script, nothing fetched). */
import { escapeHtml, formatCount } from './format.js';
import { countHtml, moneyHtml } from './html.js';
import { lineageSection } from './lineage-section.js';
import { profitSection } from './profit-section.js';
import { qualitySection } from './quality-section.js';
import type { ReportData } from './report-data.js';
import { runSection } from './run-section.js';
import { REPORT_CSS } from './styles.js';

/** Forbids every fetch: the page must render from its own bytes. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function kpis(data: ReportData): string {
  const years = data.byYear.map((y) => y.year).filter((y): y is number => y !== null);
  const rejected = Object.values(data.quality).reduce((n, q) => n + q.rows_rejected, 0);
  const items: [string, string][] = [
    ['Total profit', moneyHtml(data.totalProfit)],
    ['Order lines', countHtml(data.quality.orders.rows_written)],
    ['Customers', countHtml(data.quality.customers.rows_written)],
    ['Products', countHtml(data.quality.products.rows_written)],
    ['Years', years.length ? escapeHtml(`${Math.min(...years)}–${Math.max(...years)}`) : '—'],
    ['Rows rejected', countHtml(rejected)],
  ];
  const item = ([label, value]: [string, string]): string =>
    `<li class="kpi"><span class="label">${label}</span><span class="value">${value}</span></li>`;
  return `<ul class="kpis">${items.map(item).join('')}</ul>`;
}

/**
 * The whole report page for `data`.
 * @example
 * const html = await reportHtml(await loadReportData('warehouse'), new Date());
 * html.startsWith('<!doctype html>'); // true
 */
export async function reportHtml(data: ReportData, generatedAt: Date): Promise<string> {
  const orders = data.quality.orders;
  const intro =
    `<p>Profit from ${formatCount(orders.rows_written)} order lines (of ${formatCount(orders.rows_read)} read), ` +
    `where every source row went, and what the cleaning changed. Every amount is exact to the cent, in US dollars.</p>`;
  const links = [
    ['profit', 'Profit'],
    ['lineage', 'Lineage'],
    ['quality', 'Data quality'],
    ['run', 'Run facts'],
  ].map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`);
  const nav = `<nav aria-label="Sections"><ul>${links.join('')}</ul></nav>`;
  const header =
    '<header><p class="eyebrow">ecomflow report</p><h1>Profit, lineage and data quality</h1>' +
    `${intro}${kpis(data)}${nav}</header>`;
  const footer =
    "<footer>Built by ecomflow from the warehouse's Parquet tables, quality.json and run.json. " +
    'Amounts are sums of the exact 2-place line profits; charts round only bar lengths.</footer>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="ecomflow">
<title>ecomflow report: profit, lineage and data quality</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
${header}
<main id="main">
${await profitSection(data)}
${lineageSection(data)}
${qualitySection(data)}
${runSection(data, generatedAt)}
</main>
${footer}
</body>
</html>
`;
}

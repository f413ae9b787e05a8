/** The Profit section: four charts, each with the table of its numbers to the cent. */
import {
  bestAndWorst,
  customerChart,
  customerLabels,
  subCategoryChart,
  yearCategoryChart,
  yearChart,
  type ChartSpec,
} from './chart-specs.js';
import { escapeHtml } from './format.js';
import { codeHtml, countHtml, htmlTable, moneyHtml } from './html.js';
import { centsText, sumMoney, toCents } from './money.js';
import { UNKNOWN_CATEGORY, categoryColors } from './palette.js';
import type { ChartData, CustomerProfit, ReportData } from './report-data.js';
import { renderChart } from './render-svg.js';

/** A chart block: heading, the SVG and the table(s) of its numbers beside it (below on narrow screens). */
function block(chart: ChartSpec, svg: string, tables: string, note = '', stacked = false): string {
  return (
    `<section class="chart-block" aria-labelledby="${chart.id}-h">` +
    `<h3 id="${chart.id}-h">${escapeHtml(chart.title)}</h3>` +
    (note ? `<p class="note">${note}</p>` : '') +
    `<div class="chart-grid${stacked ? ' stacked' : ''}"><figure class="chart">${svg}</figure>` +
    `<div class="chart-tables">${tables}</div></div></section>`
  );
}

/** Renders charts to SVG, in order (`renderCharts` on this thread; the pipeline may hand them to a thread). */
export type ChartRenderer = (charts: readonly ChartSpec[]) => Promise<string[]>;

/**
 * The Profit section's four charts, in the page's order: by year; by year and category; best and worst
 * customers; by sub-category.
 * @example
 * profitCharts(data).map((c) => c.id);
 * // ['chart-profit-by-year', 'chart-profit-by-year-category', 'chart-top-customers', 'chart-profit-by-sub-category']
 */
export function profitCharts(data: ChartData): ChartSpec[] {
  return [
    yearChart(data.byYear),
    yearCategoryChart(data.byYearCategory),
    customerChart(data.byCustomer),
    subCategoryChart(data.bySubCategory),
  ];
}

/**
 * Renders each chart to SVG on this thread, one after another.
 * @example
 * const [svg] = await renderCharts(profitCharts(data)); // '<svg id="chart-profit-by-year" …'
 */
export function renderCharts(charts: readonly ChartSpec[]): Promise<string[]> {
  return Promise.resolve(charts.map(renderChart));
}

function yearLabel(year: number | null): string {
  return year === null ? '(no year)' : String(year);
}

function yearTable(data: ReportData): string {
  return htmlTable(
    'Profit by order year',
    [
      { header: 'Year', cell: (r) => yearLabel(r.year) },
      { header: 'Order lines', cell: (r) => countHtml(r.lines), numeric: true },
      { header: 'Profit', cell: (r) => moneyHtml(r.profit), numeric: true },
    ],
    data.byYear,
    {
      id: 'table-profit-by-year',
      footer: ['Total', countHtml(data.byYear.reduce((n, y) => n + y.lines, 0)), moneyHtml(data.totalProfit)],
    },
  );
}

/** Years down, categories across, with exact row and column totals. */
function yearCategoryTable(data: ReportData): string {
  const categories = categoryColors(data.byYearCategory.map((r) => r.category)).domain;
  const key = (c: string | null): string => c ?? UNKNOWN_CATEGORY;
  const years = [...new Set(data.byYearCategory.map((r) => r.year))];
  const cell = (year: number | null, category: string): string | null =>
    data.byYearCategory.find((r) => r.year === year && key(r.category) === category)?.profit ?? null;
  const rows = years.map((year) => ({ year, cells: categories.map((c) => cell(year, c)) }));
  const total = (values: (string | null)[]): string => sumMoney(values.filter((v): v is string => v !== null));
  return htmlTable(
    'Profit by order year and product category',
    [
      { header: 'Year', cell: (r: (typeof rows)[number]) => yearLabel(r.year) },
      ...categories.map((c, i) => ({
        header: c,
        cell: (r: (typeof rows)[number]) => {
          const profit = r.cells[i];
          return profit == null ? '—' : moneyHtml(profit);
        },
        numeric: true,
      })),
      { header: 'Total', cell: (r: (typeof rows)[number]) => moneyHtml(total(r.cells)), numeric: true },
    ],
    rows,
    {
      id: 'table-profit-by-year-category',
      className: 'wide',
      footer: [
        'Total',
        ...categories.map((_, i) => moneyHtml(total(rows.map((r) => r.cells[i] ?? null)))),
        moneyHtml(data.totalProfit),
      ],
    },
  );
}

/** A customers table in the chart's order; a customer without a name says why, as in the chart. */
function customerTable(
  id: string,
  caption: string,
  rows: readonly CustomerProfit[],
  rankOf: (i: number) => number,
): string {
  const names = new Map(rows.map((r) => [r, r.customerName ?? customerLabels([r])[0]!]));
  return htmlTable(
    caption,
    [
      { header: 'Rank', cell: (r) => String(rankOf(rows.indexOf(r))), numeric: true },
      {
        header: 'Customer',
        cell: (r) =>
          r.customerName === null
            ? `<span class="muted">${escapeHtml(names.get(r)!)}</span>`
            : escapeHtml(r.customerName),
      },
      { header: 'ID', cell: (r) => (r.customerId === null ? '—' : codeHtml(r.customerId)) },
      { header: 'Profit', cell: (r) => moneyHtml(r.profit), numeric: true },
    ],
    rows,
    { id, className: 'customers' },
  );
}

function subCategoryTable(data: ReportData): string {
  return htmlTable(
    'Profit by product sub-category, most profitable first',
    [
      {
        header: 'Sub-category',
        cell: (r) => escapeHtml(r.subCategory ?? (r.category === null ? UNKNOWN_CATEGORY : '(none)')),
      },
      { header: 'Category', cell: (r) => escapeHtml(r.category ?? UNKNOWN_CATEGORY) },
      { header: 'Profit', cell: (r) => moneyHtml(r.profit), numeric: true },
    ],
    data.bySubCategory,
    {
      id: 'table-profit-by-sub-category',
      footer: ['Total', '', moneyHtml(sumMoney(data.bySubCategory.map((r) => r.profit)))],
    },
  );
}

/**
 * The Profit section's HTML: four chart blocks (by year; by year and category; best and worst customers;
 * by sub-category). `svgs` are the charts of `profitCharts(data)` already rendered; without them they are
 * rendered here.
 * @example
 * await profitSection(data); // '<section id="profit">…$39,185.75…</section>'
 */
export async function profitSection(data: ReportData, svgs?: Promise<readonly string[]>): Promise<string> {
  const { best, worst } = bestAndWorst(data.byCustomer);
  const n = data.byCustomer.length;
  const losing = data.byCustomer.filter((c) => toCents(c.profit) < 0n).length;
  const losses = centsText(data.byCustomer.reduce((s, c) => (toCents(c.profit) < 0n ? s + toCents(c.profit) : s), 0n));
  const unknownNote = data.byYearCategory.some((r) => r.category === null)
    ? `Order lines whose product is not in the product list are kept and shown as “${UNKNOWN_CATEGORY}”.`
    : '';
  const charts = profitCharts(data);
  const [year, yearCategory, customers, subCategories] = await (svgs ?? renderCharts(charts));
  const blocks = [
    block(charts[0]!, year!, yearTable(data)),
    block(charts[1]!, yearCategory!, yearCategoryTable(data), escapeHtml(unknownNote), true),
    block(
      charts[2]!,
      customers!,
      customerTable('table-best-customers', 'Most profitable customers', best, (i) => i + 1) +
        customerTable(
          'table-worst-customers',
          'Least profitable customers, least profitable first',
          worst,
          (i) => n - i,
        ),
      `${countHtml(n)} customers in all; ${countHtml(losing)} of them lost money overall ` +
        `(total of the losses ${moneyHtml(losses)}).`,
    ),
    block(charts[3]!, subCategories!, subCategoryTable(data)),
  ];
  return `<section id="profit" aria-labelledby="profit-h"><h2 id="profit-h">Profit</h2>${blocks.join('')}</section>`;
}

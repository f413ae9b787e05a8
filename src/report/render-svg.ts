/**
 * Renders a chart to an SVG string (bar-svg.ts: no canvas, no browser, no chart library), then makes it accessible
 * and fluid: `<title>` and `<desc>` first, `role="img"`, and a size the page's CSS can scale.
 */
import { drawBars } from './bar-svg.js';
import { escapeHtml } from './format.js';
import type { ChartSpec } from './chart-specs.js';

/**
 * Renders `chart` to a self-contained `<svg>` element carrying its title and description.
 * @example
 * const svg = renderChart(yearChart(data.byYear));
 * svg.startsWith('<svg'); // true; svg contains '<title id="chart-profit-by-year-title">Profit by year</title>'
 */
export function renderChart(chart: ChartSpec): string {
  return accessibleSvg(drawBars(chart.figure), chart);
}

/**
 * Adds `<title>`/`<desc>`, `role="img"`, a class and an id to the root `<svg>` (dropping any class, role or aria
 * attribute it had); the width and height stay as the intrinsic size, the viewBox lets CSS scale it.
 */
export function accessibleSvg(svg: string, chart: Pick<ChartSpec, 'id' | 'title' | 'description'>): string {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error(`chart ${chart.id}: renderer did not return an <svg> element`);
  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-desc`;
  const tag = open[0]
    .replace(/\s(class|role|aria-[a-z]+)="[^"]*"/g, '')
    .replace(/^<svg/, `<svg id="${chart.id}" class="chart-svg" role="img" aria-labelledby="${titleId} ${descId}"`);
  const head =
    `<title id="${titleId}">${escapeHtml(chart.title)}</title>` +
    `<desc id="${descId}">${escapeHtml(chart.description)}</desc>`;
  return `${tag}${head}${svg.slice(open[0].length)}`;
}

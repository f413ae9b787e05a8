/**
 * Renders a chart spec to an SVG string in Node with vega and vega-lite (no canvas, no browser), then makes it
 * accessible and fluid: `<title>` and `<desc>` first, `role="img"`, and a size the page's CSS can scale.
 */
import { labelWidth } from './chart-scale.js';
import { escapeHtml } from './format.js';
import type { ChartSpec } from './chart-specs.js';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

/** vega's text measure: the width in pixels of `text` drawn with a text item's font size and limit. */
type TextWidth = (item: { readonly fontSize?: number; readonly limit?: number }, text?: unknown) => number;

let libraries: Promise<{ vega: Vega; vegaLite: VegaLite }> | null = null;

/**
 * vega and vega-lite, imported on first use (≈ 0.3 s) so commands without a report never pay for them. Without a
 * canvas vega guesses every text 0.8 em per character wide, which pads charts with empty space; it is given the
 * report's own glyph-width estimate instead (its documented hook, `textMetrics.width`), so a chart's size is
 * the size of what it draws. A text with a `limit` is measured at most that wide (vega truncates it to fit).
 */
function loadLibraries(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  libraries ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => {
    const metrics = (vega as unknown as { textMetrics: { width: TextWidth } }).textMetrics; // untyped in vega's .d.ts
    metrics.width = (item, text) => {
      const shown = typeof text === 'string' || typeof text === 'number' ? String(text).trim() : '';
      const width = labelWidth(shown, item.fontSize ?? 11);
      return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
    };
    return { vega, vegaLite };
  });
  return libraries;
}

/** Starts importing vega and vega-lite now (while the pipeline waits on its reader); `renderChart` reports failures. */
export function preloadChartLibraries(): void {
  loadLibraries().catch(() => {
    libraries = null; // renderChart tries again and reports the error
  });
}

/**
 * Renders `chart` to a self-contained `<svg>` element carrying its title and description.
 * @example
 * const svg = await renderChart(yearChart(data.byYear));
 * svg.startsWith('<svg'); // true; svg contains '<title id="chart-profit-by-year-title">Profit by year</title>'
 */
export async function renderChart(chart: ChartSpec): Promise<string> {
  const { vega, vegaLite } = await loadLibraries();
  const compiled = vegaLite.compile(chart.spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return accessibleSvg(await view.toSVG(), chart);
  } finally {
    view.finalize();
  }
}

/**
 * Adds `<title>`/`<desc>`, `role="img"` and an id to vega's root `<svg>`, and drops its white backdrop `rect`
 * attributes nothing else needs; the width and height stay as the intrinsic size, the viewBox lets CSS scale it.
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

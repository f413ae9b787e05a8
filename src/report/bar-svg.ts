/**
 * Draws a bar figure (bar-figure.ts) as a self-contained SVG: plain rects, lines and texts at computed
 * positions, system fonts, every text ≥ 11 px, sized by the report's glyph-width estimate (chart-scale.ts) so
 * nothing is cut off. Its value axes come fitted (fitAxis); this file only lays them out and draws.
 */
import type { Bar, BarFigure, BarPanel } from './bar-figure.js';
import { axisMoney, labelWidth } from './chart-scale.js';
import { escapeHtml } from './format.js';
import { FONT, INK, LOSS_COLOR, MUTED } from './palette.js';

const TEXT_PX = 11;
const TITLE_PX = 12;
const PADDING = 6;
const GRID = '#E5E7EB';
const DOMAIN = '#6B7280';
const TICK = 5;
/** Between a tick and its label. */
const LABEL_PAD = 2;
/** Between a bar's end (or the zero line) and its value label. */
const VALUE_GAP = 4;
/** Baseline offsets of an 11 px text from its top, its middle and its bottom (ascent 0.8 em, descent 0.2 em). */
const ASCENT = 8.8;
const MIDDLE = 3.3;
const DESCENT = 2.2;
/** Height of a legend row, its colour square's side, and the space between legend columns. */
const LEGEND_ROW = 17;
const SWATCH = 10;
const LEGEND_COLUMN_GAP = 12;
/** Space between stacked panels, and under a note or legend. */
const SPACING = 14;
const LOSS_FILL_OPACITY = 0.35;

/** A number as SVG writes it: at most one decimal, no `-0`. */
function px(n: number): string {
  const r = Math.round(n * 10) / 10;
  return String(r === 0 ? 0 : r);
}

/** An SVG text element. */
function text(
  x: number,
  y: number,
  content: string,
  options: { anchor?: 'start' | 'middle' | 'end'; size?: number; fill?: string; bold?: boolean; cls?: string } = {},
): string {
  const { anchor = 'start', size = TEXT_PX, fill = MUTED, bold = false, cls } = options;
  return (
    `<text${cls === undefined ? '' : ` class="${cls}"`} x="${px(x)}" y="${px(y)}"` +
    `${anchor === 'start' ? '' : ` text-anchor="${anchor}"`} font-size="${size}px"` +
    `${bold ? ' font-weight="600"' : ''} fill="${fill}">${escapeHtml(content)}</text>`
  );
}

/** An SVG line. */
function line(x1: number, y1: number, x2: number, y2: number, stroke: string): string {
  return `<line x1="${px(x1)}" y1="${px(y1)}" x2="${px(x2)}" y2="${px(y2)}" stroke="${stroke}"/>`;
}

/** `label` cut with an ellipsis to at most `limit` pixels wide. */
function fitted(label: string, limit: number | undefined): string {
  if (limit === undefined || labelWidth(label) <= limit) return label;
  let end = label.length;
  while (end > 1 && labelWidth(`${label.slice(0, end).trimEnd()}…`) > limit) {
    end--;
    const code = label.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end--; // never half a surrogate pair
  }
  return `${label.slice(0, end).trimEnd()}…`;
}

/**
 * The tick labels an axis can show without two touching: all, else every other one, and so on (the grid lines
 * stay). `at`: each label's centre along the axis, in pixels.
 */
export function sparseTickLabels<T extends { at: number; label: string }>(ticks: readonly T[]): T[] {
  let shown = [...ticks];
  const touching = (list: readonly T[]): boolean =>
    list.some((t, i) => {
      const next = list[i + 1];
      return next !== undefined && Math.abs(next.at - t.at) < (labelWidth(t.label) + labelWidth(next.label)) / 2 + 4;
    });
  while (shown.length > 2 && touching(shown)) shown = shown.filter((_, i) => i % 2 === 0);
  return shown;
}

/** A drawn part of the figure: its SVG at the origin, and its size. */
interface Part {
  readonly svg: (x: number, y: number) => string;
  readonly width: number;
  readonly height: number;
  /** How far right of the part's left edge its plot starts (the legend lines up with it). */
  readonly plotLeft: number;
}

/** Where value `v` falls along a panel's value axis, in pixels from the axis start. */
function scaleOf(panel: BarPanel): (v: number) => number {
  const [lo, hi] = panel.axis.domain;
  return (v) => ((v - lo) / (hi - lo)) * panel.length;
}

/** The value label's fill: white inside a solid bar, ink inside a pale one, else ink (a profit) or loss colour. */
function labelFill(bar: Bar): string {
  if (bar.place === 'in') return bar.pale && bar.loss ? INK : '#FFFFFF';
  return bar.loss ? LOSS_COLOR : INK;
}

/** Whether a label grows in the value axis' direction from its anchor (beyond a profit, back into a loss, …). */
function forward(bar: Bar): boolean {
  return bar.place === 'out' ? !bar.loss : bar.loss;
}

/** A bar's rect, with its hint as a tooltip. */
function barRect(bar: Bar, x: number, y: number, width: number, height: number): string {
  const look = bar.pale ? ` fill-opacity="${LOSS_FILL_OPACITY}" stroke="${LOSS_COLOR}" stroke-width="1.5"` : '';
  return (
    `<rect class="bar" x="${px(x)}" y="${px(y)}" width="${px(width)}" height="${px(height)}" fill="${bar.fill}"` +
    `${look}><title>${escapeHtml(bar.hint)}</title></rect>`
  );
}

/**
 * Where bands sit across the bars: each band's pitch (its slots, and between bands of grouped bars one empty slot,
 * half of it at either end) and the offset of every bar's slot from the plot's edge.
 */
function bandLayout(panel: BarPanel): { pitch: number; extent: number; offset: (bar: Bar) => number } {
  const perBand = Math.max(1, panel.slots.length);
  const gap = panel.slots.length > 1 ? panel.step : 0;
  const pitch = panel.step * perBand + gap;
  return {
    pitch,
    extent: pitch * panel.bands.length,
    offset: (bar) => {
      const slot = bar.slot === null ? 0 : Math.max(0, panel.slots.indexOf(bar.slot));
      return panel.bands.indexOf(bar.band) * pitch + gap / 2 + slot * panel.step;
    },
  };
}

/** A panel of horizontal bars, band labels `labelRoom` pixels wide on its left. */
function horizontalPanel(panel: BarPanel, labelRoom: number): Part {
  const at = scaleOf(panel);
  const bands = bandLayout(panel);
  const bandPx = bands.pitch;
  const plotHeight = bands.extent;
  const titleHeight = panel.title === undefined ? 0 : TITLE_PX + 8;
  const left = labelRoom + TICK + LABEL_PAD;
  const ticks = panel.axis.ticks.map((t) => ({ at: at(t), label: axisMoney(t) }));
  const overhang = Math.max(0, ...ticks.map((t) => t.at + labelWidth(t.label) / 2 - panel.length));
  const axisHeight = TICK + LABEL_PAD + ASCENT + DESCENT + (panel.valueTitle === null ? 0 : TITLE_PX + 6);
  return {
    width: left + panel.length + overhang,
    height: titleHeight + plotHeight + axisHeight,
    plotLeft: left,
    svg: (x0, y0) => {
      const x = x0 + left;
      const top = y0 + titleHeight;
      const bottom = top + plotHeight;
      const out: string[] = [];
      if (panel.title !== undefined)
        out.push(text(x0, y0 + TITLE_PX, panel.title, { size: TITLE_PX, fill: INK, bold: true }));
      for (const t of ticks) out.push(line(x + t.at, top, x + t.at, bottom, GRID));
      panel.bands.forEach((band, i) => {
        const middle = top + bandPx * (i + 0.5);
        out.push(line(x - TICK, middle, x, middle, DOMAIN));
        const strong = panel.bandLabelStrong === true;
        const shown = fitted(band, panel.bandLabelLimit);
        out.push(
          text(x - TICK - LABEL_PAD, middle + MIDDLE, shown, {
            anchor: 'end',
            fill: strong ? INK : MUTED,
            bold: strong,
          }),
        );
      });
      for (const bar of panel.bars) {
        const slotTop = top + bands.offset(bar);
        const thick = panel.step * panel.thickness;
        const y = slotTop + (panel.step - thick) / 2;
        const [a, b] = [at(0), at(bar.value)];
        out.push(barRect(bar, x + Math.min(a, b), y, Math.abs(b - a), thick));
        const anchorAt = bar.place === 'base' ? a : b;
        const ahead = forward(bar); // rightwards
        const labelX = x + anchorAt + (ahead ? VALUE_GAP : -VALUE_GAP);
        out.push(
          text(labelX, y + thick / 2 + MIDDLE, bar.label, {
            anchor: ahead ? 'start' : 'end',
            fill: labelFill(bar),
            cls: 'value',
          }),
        );
      }
      out.push(line(x + at(0), top, x + at(0), bottom, MUTED));
      out.push(line(x, top, x, bottom, DOMAIN));
      out.push(line(x, bottom, x + panel.length, bottom, DOMAIN));
      for (const t of ticks) out.push(line(x + t.at, bottom, x + t.at, bottom + TICK, DOMAIN));
      for (const t of sparseTickLabels(ticks))
        out.push(text(x + t.at, bottom + TICK + LABEL_PAD + ASCENT, t.label, { anchor: 'middle', cls: 'tick' }));
      if (panel.valueTitle !== null) {
        const y = bottom + TICK + LABEL_PAD + ASCENT + DESCENT + TITLE_PX + 2;
        out.push(
          text(x + panel.length / 2, y, panel.valueTitle, { anchor: 'middle', size: TITLE_PX, fill: INK, bold: true }),
        );
      }
      return out.join('');
    },
  };
}

/** A panel of vertical bars: value axis on the left (its title turned), bands along the bottom. */
function verticalPanel(panel: BarPanel): Part {
  const at = scaleOf(panel);
  const bands = bandLayout(panel);
  const plotWidth = bands.extent;
  const ticks = panel.axis.ticks.map((t) => ({ at: panel.length - at(t), label: axisMoney(t) }));
  const labelRoom = Math.max(0, ...ticks.map((t) => labelWidth(t.label)));
  const titleRoom = panel.valueTitle === null ? 0 : TITLE_PX + 6;
  const left = titleRoom + labelRoom + LABEL_PAD + TICK;
  const top = ASCENT - MIDDLE; // the top tick's label stands above the plot by this much
  const bandHeight = TICK + LABEL_PAD + ASCENT + DESCENT + (panel.bandTitle === null ? 0 : TITLE_PX + 6);
  return {
    width: left + plotWidth,
    height: top + panel.length + bandHeight,
    plotLeft: left,
    svg: (x0, y0) => {
      const x = x0 + left;
      const y = y0 + top;
      const bottom = y + panel.length;
      const out: string[] = [];
      for (const t of ticks) out.push(line(x, y + t.at, x + plotWidth, y + t.at, GRID));
      for (const bar of panel.bars) {
        const slotLeft = x + bands.offset(bar);
        const thick = panel.step * panel.thickness;
        const [a, b] = [panel.length - at(0), panel.length - at(bar.value)];
        out.push(barRect(bar, slotLeft + (panel.step - thick) / 2, y + Math.min(a, b), thick, Math.abs(b - a)));
        const anchorAt = y + (bar.place === 'base' ? a : b);
        const up = forward(bar);
        const labelY = up ? anchorAt - VALUE_GAP - DESCENT : anchorAt + VALUE_GAP + ASCENT;
        out.push(
          text(slotLeft + panel.step / 2, labelY, bar.label, { anchor: 'middle', fill: labelFill(bar), cls: 'value' }),
        );
      }
      out.push(line(x, y + panel.length - at(0), x + plotWidth, y + panel.length - at(0), MUTED));
      out.push(line(x, y, x, bottom, DOMAIN));
      for (const t of ticks) {
        out.push(line(x - TICK, y + t.at, x, y + t.at, DOMAIN));
        out.push(text(x - TICK - LABEL_PAD, y + t.at + MIDDLE, t.label, { anchor: 'end', cls: 'tick' }));
      }
      out.push(line(x, bottom, x + plotWidth, bottom, DOMAIN));
      panel.bands.forEach((band, i) => {
        const middle = x + bands.pitch * (i + 0.5);
        out.push(line(middle, bottom, middle, bottom + TICK, DOMAIN));
        out.push(
          text(middle, bottom + TICK + LABEL_PAD + ASCENT, fitted(band, panel.bandLabelLimit), { anchor: 'middle' }),
        );
      });
      if (panel.bandTitle !== null) {
        const ty = bottom + TICK + LABEL_PAD + ASCENT + DESCENT + TITLE_PX + 2;
        out.push(
          text(x + plotWidth / 2, ty, panel.bandTitle, { anchor: 'middle', size: TITLE_PX, fill: INK, bold: true }),
        );
      }
      if (panel.valueTitle !== null) {
        const tx = x0 + TITLE_PX;
        const ty = y + panel.length / 2;
        out.push(
          `<text x="${px(tx)}" y="${px(ty)}" transform="rotate(-90 ${px(tx)} ${px(ty)})" text-anchor="middle" ` +
            `font-size="${TITLE_PX}px" font-weight="600" fill="${INK}">${escapeHtml(panel.valueTitle)}</text>`,
        );
      }
      return out.join('');
    },
  };
}

/** The colour key: a square and a name per category, two to a row, its columns as wide as the widest entry. */
function legendPart(legend: NonNullable<BarFigure['legend']>): Part {
  const columns = Math.min(2, legend.domain.length);
  const entry = (name: string): number => SWATCH + 5 + labelWidth(name);
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(...legend.domain.filter((_, i) => i % columns === c).map(entry)),
  );
  const lefts = widths.map((_, c) => widths.slice(0, c).reduce((sum, w) => sum + w + LEGEND_COLUMN_GAP, 0));
  const rows = Math.ceil(legend.domain.length / columns);
  return {
    width: lefts[columns - 1]! + widths[columns - 1]!,
    height: rows * LEGEND_ROW,
    plotLeft: 0,
    svg: (x0, y0) =>
      legend.domain
        .map((name, i) => {
          const x = x0 + lefts[i % columns]!;
          const y = y0 + Math.floor(i / columns) * LEGEND_ROW;
          return (
            `<rect x="${px(x)}" y="${px(y + 3)}" width="${SWATCH}" height="${SWATCH}" fill="${legend.range[i]!}"/>` +
            text(x + SWATCH + 5, y + 3 + SWATCH / 2 + MIDDLE, name, { fill: INK })
          );
        })
        .join(''),
  };
}

/**
 * The figure as an `<svg>` element (no title yet: render-svg.ts adds it), its size what it draws plus padding.
 * @example
 * drawBars(yearChart(rows).figure); // '<svg xmlns="http://www.w3.org/2000/svg" width="352" height="271" …'
 */
export function drawBars(figure: BarFigure): string {
  const labelRoom = figure.horizontal
    ? Math.max(
        0,
        ...figure.panels.flatMap((p) =>
          p.bands.map((b) => labelWidth(fitted(b, p.bandLabelLimit)) * (p.bandLabelStrong === true ? 1.06 : 1)),
        ),
      )
    : 0;
  const panels = figure.panels.map((p) => (figure.horizontal ? horizontalPanel(p, labelRoom) : verticalPanel(p)));
  const plotLeft = panels[0]?.plotLeft ?? 0;
  const parts: { part: Part; x: number; gapAfter: number }[] = [];
  if (figure.note !== undefined) {
    const note = figure.note;
    parts.push({
      part: { width: labelWidth(note), height: TEXT_PX + 4, plotLeft: 0, svg: (x, y) => text(x, y + ASCENT, note) },
      x: 0,
      gapAfter: 4,
    });
  }
  if (figure.legend !== undefined && figure.legend.domain.length > 0)
    parts.push({ part: legendPart(figure.legend), x: plotLeft, gapAfter: SPACING });
  panels.forEach((part, i) => parts.push({ part, x: 0, gapAfter: i < panels.length - 1 ? SPACING + 6 : 0 }));
  const width = Math.ceil(Math.max(...parts.map((p) => p.x + p.part.width)) + PADDING * 2);
  let y = PADDING;
  const body: string[] = [];
  for (const { part, x, gapAfter } of parts) {
    body.push(part.svg(PADDING + x, y));
    y += part.height + gapAfter;
  }
  const height = Math.ceil(y + PADDING);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="${escapeHtml(FONT)}"><rect width="${width}" height="${height}" fill="white"/>${body.join('')}</svg>`
  );
}

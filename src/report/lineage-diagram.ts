/**
 * The lineage diagram as inline SVG: sources → raw → enriched → aggregates and SQL answers, with the row count
 * on every edge, each table's rejects branching off (only where there are any), edges as wide as the rows they
 * carry. Two layouts of the same facts: `wide` (stages left to right, for desktop and print) and `narrow`
 * (stages top to bottom, for phones); the page shows one or the other. Edge labels keep clear of every box.
 */
import { basename } from 'node:path';
import { escapeHtml, formatBytes, formatCount } from './format.js';
import { formatMoney } from './money.js';
import { INK, LOSS_COLOR, MUTED, PROFIT_COLOR } from './palette.js';
import type { ReportData, SourceTable } from './report-data.js';

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The two layouts. */
export type LineageLayout = 'wide' | 'narrow';

const TABLES: readonly SourceTable[] = ['customers', 'products', 'orders'];
const EDGE_COLOR = '#64748B';
/** Line height inside boxes, and the font sizes: box text, edge labels. */
const LINE = 17;
const FONT_PX = 13;
const LABEL_PX = 12;
/** Halo behind edge labels, so an edge passing under a label never hides it. */
const HALO = 'paint-order="stroke" stroke="#fff" stroke-width="4" stroke-linejoin="round"';

/** The diagram's id (the wide layout; the narrow one adds `-narrow`), for `aria-labelledby` and tests. */
export const LINEAGE_ID = 'lineage-diagram';

const esc = escapeHtml;

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x}" y="${y}" ${attrs}>${esc(content)}</text>`;
}

/** An edge's row count, beside the edge and clear of the boxes. */
function label(x: number, y: number, content: string, anchor: 'start' | 'middle' | 'end', color = INK): string {
  return text(
    x,
    y,
    content,
    `class="edge-label" text-anchor="${anchor}" fill="${color}" font-size="${LABEL_PX}" ${HALO}`,
  );
}

function node(b: Box, lines: readonly string[], kind: 'main' | 'reject' | 'out' = 'main'): string {
  const style =
    kind === 'reject'
      ? `fill="#FFF7ED" stroke="${LOSS_COLOR}" stroke-dasharray="4 3"`
      : kind === 'out'
        ? `fill="#F0F9FF" stroke="${PROFIT_COLOR}"`
        : `fill="#F8FAFC" stroke="#475569"`;
  const body = lines
    .map((l, i) =>
      text(
        b.x + 10,
        b.y + 19 + i * LINE,
        l,
        i === 0 ? `font-weight="600" fill="${kind === 'reject' ? LOSS_COLOR : INK}"` : `fill="${MUTED}"`,
      ),
    )
    .join('');
  const at = `x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}"`;
  const rect = `<rect class="box" ${at} rx="6" ${style} stroke-width="1.2"/>`;
  return `<g class="node">${rect}${body}</g>`;
}

/** A box's height for `lines` lines of text. */
function boxHeight(lines: number): number {
  return 12 + lines * LINE;
}

/** An edge's stroke width: thin for few rows, up to 7.5 px for the largest table. */
function strokeWidth(rows: number, max: number): string {
  return (1.5 + (max > 0 ? (6 * rows) / max : 0)).toFixed(1);
}

/** A path drawn as a flow of `rows` rows, ending in an arrow head. */
function flow(d: string, rows: number, max: number, color = EDGE_COLOR): string {
  const marker = color === LOSS_COLOR ? 'loss' : 'flow';
  const stroke = `stroke="${color}" stroke-width="${strokeWidth(rows, max)}" stroke-opacity="0.75"`;
  return `<path d="${d}" fill="none" ${stroke} marker-end="url(#lineage-arrow-${marker})"/>`;
}

/** A dashed path for a lookup (a table read by another, not a flow of its rows). */
function lookup(d: string): string {
  const stroke = `stroke="${MUTED}" stroke-width="1.2" stroke-dasharray="3 3"`;
  return `<path d="${d}" fill="none" ${stroke} marker-end="url(#lineage-arrow-flow)"/>`;
}

/** A smooth horizontal S-curve from (x1,y1) to (x2,y2), stopping short of x2 for the arrow head. */
function curve(x1: number, y1: number, x2: number, y2: number): string {
  const mx = (x1 + x2) / 2;
  return `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 8},${y2}`;
}

/** A source's display: file name and size (from run.json when recorded). */
function sourceLines(data: ReportData, table: SourceTable): [string, string] {
  const recorded = data.run?.sources.find((s) => s.table === table);
  const file = basename(recorded?.file ?? data.quality[table].source_file);
  return [file, recorded ? `${table} · ${formatBytes(recorded.bytes)}` : table];
}

/** The enriched order lines the aggregates sum. */
function aggregatedLines(data: ReportData): number {
  return data.byYear.reduce((n, y) => n + y.lines, 0);
}

/** The aggregates box's lines. */
function aggregateLines(data: ReportData): string[] {
  return [
    'aggregates',
    ...data.aggregates.map((a) => `${a.name}: ${formatCount(a.rows)} rows`),
    `total profit ${formatMoney(data.totalProfit)}`,
  ];
}

/** The SQL answers box's lines. */
function sqlLines(data: ReportData): string[] {
  return data.sqlAnswers === null
    ? ['SQL answers', 'not written in this warehouse']
    : ['SQL answers (sql/*.csv)', ...data.sqlAnswers.map((a) => `${a.name}: ${formatCount(a.rows)} rows`)];
}

/** One sentence per table saying where its rows went, for the diagram's `<desc>` and screen readers. */
export function lineageSentences(data: ReportData): string[] {
  return [
    ...TABLES.map((t) => {
      const q = data.quality[t];
      return (
        `${t}: ${formatCount(q.rows_read)} source rows read, ${formatCount(q.rows_raw)} in raw.${t}, ` +
        `${formatCount(q.rows_written)} in enriched.${t}, ${formatCount(q.rows_rejected)} in rejects.${t}.`
      );
    }),
    `The aggregates sum ${formatCount(aggregatedLines(data))} enriched order lines to a total profit of ` +
      `${formatMoney(data.totalProfit)}.`,
  ];
}

/** Stages left to right: one lane per table, the outputs in a column on the right. */
function wideParts(data: ReportData, max: number): { parts: string[]; width: number; height: number } {
  const col = {
    source: { x: 10, w: 175 },
    raw: { x: 320, w: 165 },
    enriched: { x: 620, w: 190 },
    out: { x: 950, w: 300 },
  };
  const lane = { top: 50, step: 150, box: 54, rejectGap: 18, reject: 36 };
  const parts: string[] = [];
  const heads: [keyof typeof col, string][] = [
    ['source', 'Sources'],
    ['raw', 'Raw'],
    ['enriched', 'Enriched'],
    ['out', 'Aggregates and SQL answers'],
  ];
  for (const [c, head] of heads) parts.push(text(col[c].x, 24, head, `font-weight="700" fill="${INK}" font-size="14"`));

  const enriched = {} as Record<SourceTable, Box>;
  TABLES.forEach((t, i) => {
    const q = data.quality[t];
    const y = lane.top + i * lane.step;
    const src: Box = { x: col.source.x, y, w: col.source.w, h: lane.box };
    const raw: Box = { x: col.raw.x, y, w: col.raw.w, h: lane.box };
    const enr: Box = { x: col.enriched.x, y, w: col.enriched.w, h: lane.box };
    enriched[t] = enr;
    const mid = y + lane.box / 2;
    parts.push(node(src, sourceLines(data, t)), node(raw, [`raw.${t}`, `${formatCount(q.rows_raw)} rows`]));
    parts.push(node(enr, [`enriched.${t}`, `${formatCount(q.rows_written)} rows`]));
    const readGap = (src.x + src.w + raw.x) / 2;
    parts.push(flow(curve(src.x + src.w, mid, raw.x, mid), q.rows_read, max));
    parts.push(label(readGap, mid - 10, `${formatCount(q.rows_read)} read`, 'middle'));
    const keptGap = (raw.x + raw.w + enr.x) / 2;
    parts.push(flow(curve(raw.x + raw.w, mid, enr.x, mid), q.rows_written, max));
    parts.push(label(keptGap, mid - 10, `${formatCount(q.rows_written)} kept`, 'middle'));
    if (q.rows_rejected > 0) {
      const rej: Box = { x: enr.x, y: y + lane.box + lane.rejectGap, w: enr.w, h: lane.reject };
      const rejMid = rej.y + rej.h / 2;
      parts.push(node(rej, [`rejects.${t}: ${formatCount(q.rows_rejected)}`], 'reject'));
      parts.push(flow(curve(raw.x + raw.w, mid + 10, rej.x, rejMid), q.rows_rejected, max, LOSS_COLOR));
      // below the branch's end, left of the rejects box and right of the raw box
      parts.push(label(rej.x - 16, rejMid + 20, `${formatCount(q.rows_rejected)} rejected`, 'end', LOSS_COLOR));
    }
  });

  // customers and products are looked up by the order lines
  const orders = enriched.orders;
  const lookupX = col.enriched.x + col.enriched.w + 26;
  for (const t of ['customers', 'products'] as const) {
    const b = enriched[t];
    const y = b.y + 14;
    parts.push(lookup(`M${b.x + b.w},${y} H${lookupX} V${orders.y + 10} H${orders.x + orders.w + 8}`));
    parts.push(label(lookupX + 8, y + 4, `${formatCount(data.quality[t].rows_written)} looked up`, 'start', MUTED));
  }

  // outputs: the aggregates and the SQL answers both read enriched.orders
  const aggText = aggregateLines(data);
  const agg: Box = { x: col.out.x, y: lane.top, w: col.out.w, h: boxHeight(aggText.length) };
  parts.push(node(agg, aggText, 'out'));
  const sqlText = sqlLines(data);
  const sql: Box = { x: col.out.x, y: agg.y + agg.h + 50, w: col.out.w, h: boxHeight(sqlText.length) };
  parts.push(node(sql, sqlText, 'out'));
  const from = orders.y + lane.box / 2;
  const lines = aggregatedLines(data);
  const aggIn = agg.y + agg.h - 20;
  parts.push(flow(curve(orders.x + orders.w, from, agg.x, aggIn), lines, max));
  parts.push(label(agg.x - 14, aggIn - 10, `${formatCount(lines)} lines`, 'end'));
  const sqlIn = sql.y + sql.h / 2;
  const written = data.quality.orders.rows_written;
  parts.push(flow(curve(orders.x + orders.w, from + 6, sql.x, sqlIn), written, max));
  parts.push(label(sql.x - 14, sqlIn - 10, `${formatCount(written)} lines`, 'end'));
  const height = Math.max(lane.top + 3 * lane.step, sql.y + sql.h + 10);
  return { parts, width: col.out.x + col.out.w + 10, height };
}

/** Stages top to bottom: one block per table (source, raw, enriched, rejects beside), the outputs below. */
function narrowParts(data: ReportData, max: number): { parts: string[]; width: number; height: number } {
  const width = 380;
  const main = { x: 26, w: 206 };
  const side = { x: 252, w: 122 };
  const gap = 34;
  const parts: string[] = [];
  let y = 8;
  const enriched = {} as Record<SourceTable, Box>;
  for (const t of TABLES) {
    const q = data.quality[t];
    parts.push(text(main.x, y + 14, t, `font-weight="700" fill="${INK}" font-size="14"`));
    y += 22;
    const src: Box = { x: main.x, y, w: main.w, h: boxHeight(2) };
    const raw: Box = { x: main.x, y: src.y + src.h + gap, w: main.w, h: boxHeight(2) };
    const enr: Box = { x: main.x, y: raw.y + raw.h + gap, w: main.w, h: boxHeight(2) };
    enriched[t] = enr;
    const lookedUp = t === 'orders' ? [] : [`looked up by the order lines`];
    const enrText = [`enriched.${t}`, `${formatCount(q.rows_written)} rows`, ...lookedUp];
    const enrBox: Box = { ...enr, h: boxHeight(enrText.length) };
    parts.push(node(src, sourceLines(data, t)), node(raw, [`raw.${t}`, `${formatCount(q.rows_raw)} rows`]));
    parts.push(node(enrBox, enrText));
    const ex = main.x + 30;
    parts.push(flow(`M${ex},${src.y + src.h} V${raw.y - 8}`, q.rows_read, max));
    parts.push(label(ex + 12, src.y + src.h + gap / 2 + 4, `${formatCount(q.rows_read)} read`, 'start'));
    parts.push(flow(`M${ex},${raw.y + raw.h} V${enr.y - 8}`, q.rows_written, max));
    parts.push(label(ex + 12, raw.y + raw.h + gap / 2 + 4, `${formatCount(q.rows_written)} kept`, 'start'));
    if (q.rows_rejected > 0) {
      const rej: Box = { x: side.x, y: raw.y + raw.h - 6, w: side.w, h: boxHeight(2) };
      parts.push(node(rej, ['rejects', `${formatCount(q.rows_rejected)} rows`], 'reject'));
      parts.push(flow(curve(raw.x + raw.w, raw.y + raw.h / 2, rej.x, rej.y + 20), q.rows_rejected, max, LOSS_COLOR));
    }
    y = enrBox.y + enrBox.h + 22;
  }
  // customers and products feed the order lines: a dashed line down the left margin into enriched.orders
  const orders = enriched.orders;
  const lx = 10;
  for (const t of ['customers', 'products'] as const) {
    const b = enriched[t];
    parts.push(lookup(`M${b.x},${b.y + 20} H${lx} V${orders.y + 20} H${orders.x - 8}`));
  }
  const ordersBottom = orders.y + boxHeight(2);
  const aggText = aggregateLines(data);
  const agg: Box = { x: main.x, y: ordersBottom + gap + 6, w: 310, h: boxHeight(aggText.length) };
  const sqlText = sqlLines(data);
  const sql: Box = { x: main.x, y: agg.y + agg.h + gap, w: 310, h: boxHeight(sqlText.length) };
  parts.push(node(agg, aggText, 'out'), node(sql, sqlText, 'out'));
  const ex = main.x + 30;
  const lines = aggregatedLines(data);
  parts.push(flow(`M${ex},${ordersBottom} V${agg.y - 8}`, lines, max));
  parts.push(label(ex + 12, ordersBottom + (gap + 6) / 2 + 4, `${formatCount(lines)} lines`, 'start'));
  // to the SQL answers: out of enriched.orders on the right, down past the aggregates box
  const written = data.quality.orders.rows_written;
  const rx = agg.x + agg.w + 16;
  const oy = orders.y + 20;
  parts.push(flow(`M${orders.x + orders.w},${oy} H${rx} V${sql.y + 20} H${sql.x + sql.w + 8}`, written, max));
  const along = label(0, 0, `${formatCount(written)} lines`, 'middle');
  parts.push(`<g transform="translate(${rx + 12},${(agg.y + sql.y) / 2}) rotate(90)">${along}</g>`);
  return { parts, width, height: sql.y + sql.h + 10 };
}

/**
 * The lineage diagram of `data` as an `<svg>` element, in the `wide` or `narrow` layout.
 * @example
 * lineageSvg(await loadReportData('warehouse')); // '<svg id="lineage-diagram" role="img" …>…9,994 read…</svg>'
 */
export function lineageSvg(data: ReportData, layout: LineageLayout = 'wide'): string {
  const max = Math.max(...TABLES.map((t) => data.quality[t].rows_read));
  const { parts, width, height } = layout === 'wide' ? wideParts(data, max) : narrowParts(data, max);
  const id = layout === 'wide' ? LINEAGE_ID : `${LINEAGE_ID}-narrow`;
  const desc = lineageSentences(data).join(' ');
  const marker =
    'viewBox="0 0 10 10" refX="2" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10"';
  const defs = ['flow', 'loss']
    .map(
      (k) =>
        `<marker id="${id}-arrow-${k}" ${marker} orient="auto">` +
        `<path d="M0,0 L10,5 L0,10 z" fill="${k === 'loss' ? LOSS_COLOR : EDGE_COLOR}"/></marker>`,
    )
    .join('');
  const body = parts.join('').replaceAll('url(#lineage-arrow-', `url(#${id}-arrow-`);
  return (
    `<svg id="${id}" class="lineage-svg lineage-${layout}" xmlns="http://www.w3.org/2000/svg" ` +
    `viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" ` +
    `aria-labelledby="${id}-title ${id}-desc" font-size="${FONT_PX}">` +
    `<title id="${id}-title">Lineage: where every source row went</title><desc id="${id}-desc">${esc(desc)}</desc>` +
    `<defs>${defs}</defs><rect width="${width}" height="${height}" fill="#fff"/>${body}</svg>`
  );
}

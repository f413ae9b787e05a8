/**
 * The lineage diagram as inline SVG: sources → raw → enriched → aggregates and SQL answers, with the row count
 * on every edge and each table's rejects branching off, edges as wide as the rows they carry.
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

const TABLES: readonly SourceTable[] = ['customers', 'products', 'orders'];
const COL = {
  source: { x: 10, w: 180 },
  raw: { x: 250, w: 165 },
  enriched: { x: 480, w: 180 },
  out: { x: 860, w: 290 },
};
const LANE = { top: 50, step: 140, box: 54, rejectGap: 16, reject: 40 };
const LINE = 17;
const WIDTH = 1160;
const EDGE_COLOR = '#64748B';

/** The diagram's title and description ids, for `aria-labelledby`. */
export const LINEAGE_ID = 'lineage-diagram';

const esc = escapeHtml;

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x}" y="${y}" ${attrs}>${esc(content)}</text>`;
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
  const rect = `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6" ${style} stroke-width="1.2"/>`;
  return `<g>${rect}${body}</g>`;
}

/**
 * An edge from (x1,y1) to (x2,y2) as a smooth curve, `rows` thick (relative to `max`), labelled at its middle
 * (or just before its end, `atEnd`).
 */
function edge(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  label: string,
  rows: number,
  max: number,
  color = EDGE_COLOR,
  atEnd = false,
): string {
  const width = 1.5 + (max > 0 ? (6 * rows) / max : 0);
  const mx = (x1 + x2) / 2;
  const path = `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 8},${y2}`;
  const lx = atEnd ? x2 - 48 : mx;
  const ly = atEnd ? y2 - 9 : (y1 + y2) / 2 - 6;
  return (
    `<path d="${path}" fill="none" stroke="${color}" stroke-width="${width.toFixed(1)}" stroke-opacity="0.75" ` +
    `marker-end="url(#lineage-arrow-${color === LOSS_COLOR ? 'loss' : 'flow'})"/>` +
    text(
      lx,
      ly,
      label,
      `text-anchor="middle" fill="${color === LOSS_COLOR ? LOSS_COLOR : INK}" font-size="11.5" ` +
        'paint-order="stroke" stroke="#fff" stroke-width="4" stroke-linejoin="round"',
    )
  );
}

/** A source's display: file name and size (from run.json when recorded). */
function sourceLines(data: ReportData, table: SourceTable): string[] {
  const recorded = data.run?.sources.find((s) => s.table === table);
  const file = basename(recorded?.file ?? data.quality[table].source_file);
  return [file, recorded ? `${table} · ${formatBytes(recorded.bytes)}` : table];
}

/** One sentence per table saying where its rows went, for the diagram's `<desc>` and screen readers. */
export function lineageSentences(data: ReportData): string[] {
  const lines = data.byYear.reduce((n, y) => n + y.lines, 0);
  return [
    ...TABLES.map((t) => {
      const q = data.quality[t];
      return (
        `${t}: ${formatCount(q.rows_read)} source rows read, ${formatCount(q.rows_raw)} in raw.${t}, ` +
        `${formatCount(q.rows_written)} in enriched.${t}, ${formatCount(q.rows_rejected)} in rejects.${t}.`
      );
    }),
    `The aggregates sum ${formatCount(lines)} enriched order lines ` +
      `to a total profit of ${formatMoney(data.totalProfit)}.`,
  ];
}

/**
 * The lineage diagram of `data` as an `<svg>` element.
 * @example
 * lineageSvg(await loadReportData('warehouse')); // '<svg id="lineage-diagram" role="img" …>…9,994 rows read…</svg>'
 */
export function lineageSvg(data: ReportData): string {
  const max = Math.max(...TABLES.map((t) => data.quality[t].rows_read));
  const parts: string[] = [];
  const heads: [keyof typeof COL, string][] = [
    ['source', 'Sources'],
    ['raw', 'Raw'],
    ['enriched', 'Enriched'],
    ['out', 'Aggregates and SQL answers'],
  ];
  for (const [col, label] of heads)
    parts.push(text(COL[col].x, 24, label, `font-weight="700" fill="${INK}" font-size="14"`));

  const enrichedBoxes = {} as Record<SourceTable, Box>;
  TABLES.forEach((t, i) => {
    const q = data.quality[t];
    const y = LANE.top + i * LANE.step;
    const src: Box = { x: COL.source.x, y, w: COL.source.w, h: LANE.box };
    const raw: Box = { x: COL.raw.x, y, w: COL.raw.w, h: LANE.box };
    const enr: Box = { x: COL.enriched.x, y, w: COL.enriched.w, h: LANE.box };
    const rej: Box = { x: COL.enriched.x, y: y + LANE.box + LANE.rejectGap, w: COL.enriched.w, h: LANE.reject };
    enrichedBoxes[t] = enr;
    const mid = y + LANE.box / 2;
    parts.push(node(src, sourceLines(data, t)));
    parts.push(node(raw, [`raw.${t}`, `${formatCount(q.rows_raw)} rows`]));
    parts.push(node(enr, [`enriched.${t}`, `${formatCount(q.rows_written)} rows`]));
    parts.push(node(rej, [`rejects.${t}: ${formatCount(q.rows_rejected)}`], 'reject'));
    parts.push(edge(src.x + src.w, mid, raw.x, mid, `${formatCount(q.rows_read)} read`, q.rows_read, max));
    parts.push(edge(raw.x + raw.w, mid, enr.x, mid, `${formatCount(q.rows_written)} kept`, q.rows_written, max));
    parts.push(
      edge(
        raw.x + raw.w,
        mid + 8,
        rej.x,
        rej.y + rej.h / 2,
        `${formatCount(q.rows_rejected)} rejected`,
        q.rows_rejected,
        max,
        LOSS_COLOR,
      ),
    );
  });

  // customers and products are looked up by the order lines
  const orders = enrichedBoxes.orders;
  const lookupX = COL.enriched.x + COL.enriched.w + 28;
  for (const t of ['customers', 'products'] as const) {
    const b = enrichedBoxes[t];
    const y = b.y + 14;
    parts.push(
      `<path d="M${b.x + b.w},${y} H${lookupX} V${orders.y + 10} H${orders.x + orders.w + 8}" fill="none" ` +
        `stroke="${MUTED}" stroke-width="1.2" stroke-dasharray="3 3" marker-end="url(#lineage-arrow-flow)"/>`,
    );
    parts.push(
      text(
        lookupX + 6,
        y - 4,
        `${formatCount(data.quality[t].rows_written)} looked up`,
        `fill="${MUTED}" font-size="11"`,
      ),
    );
  }

  // outputs: the aggregates and the SQL answers both read enriched.orders
  const lines = data.byYear.reduce((n, y) => n + y.lines, 0);
  const aggLines = [
    'aggregates',
    ...data.aggregates.map((a) => `${a.name}: ${formatCount(a.rows)} rows`),
    `total profit ${formatMoney(data.totalProfit)}`,
  ];
  const agg: Box = { x: COL.out.x, y: LANE.top, w: COL.out.w, h: 12 + aggLines.length * LINE };
  parts.push(node(agg, aggLines, 'out'));
  const sqlLines =
    data.sqlAnswers === null
      ? ['SQL answers', 'not written in this warehouse']
      : ['SQL answers (sql/*.csv)', ...data.sqlAnswers.map((a) => `${a.name}: ${formatCount(a.rows)} rows`)];
  const sql: Box = { x: COL.out.x, y: agg.y + agg.h + 40, w: COL.out.w, h: 12 + sqlLines.length * LINE };
  parts.push(node(sql, sqlLines, 'out'));
  const from = orders.y + LANE.box / 2;
  parts.push(
    edge(
      orders.x + orders.w,
      from,
      agg.x,
      agg.y + agg.h - 20,
      `${formatCount(lines)} lines`,
      lines,
      max,
      EDGE_COLOR,
      true,
    ),
  );
  parts.push(
    edge(
      orders.x + orders.w,
      from + 6,
      sql.x,
      sql.y + sql.h / 2,
      `${formatCount(data.quality.orders.rows_written)} lines`,
      data.quality.orders.rows_written,
      max,
      EDGE_COLOR,
      true,
    ),
  );

  const height = Math.max(LANE.top + 3 * LANE.step, sql.y + sql.h + 10);
  const desc = lineageSentences(data).join(' ');
  const defs = ['flow', 'loss']
    .map(
      (k) =>
        `<marker id="lineage-arrow-${k}" viewBox="0 0 10 10" refX="2" refY="5" markerUnits="userSpaceOnUse" ` +
        'markerWidth="10" markerHeight="10" orient="auto">' +
        `<path d="M0,0 L10,5 L0,10 z" fill="${k === 'loss' ? LOSS_COLOR : EDGE_COLOR}"/></marker>`,
    )
    .join('');
  return (
    `<svg id="${LINEAGE_ID}" class="lineage-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${LINEAGE_ID}-title ${LINEAGE_ID}-desc" font-size="13">` +
    `<title id="${LINEAGE_ID}-title">Lineage: where every source row went</title>` +
    `<desc id="${LINEAGE_ID}-desc">${esc(desc)}</desc>` +
    `<defs>${defs}</defs><rect width="${WIDTH}" height="${height}" fill="#fff"/>${parts.join('')}</svg>`
  );
}

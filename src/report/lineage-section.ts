/** The Lineage section: the diagram, and the same counts as a table (for print, search and screen readers). */
import { formatMoney } from './money.js';
import { countHtml, codeHtml, htmlTable, moneyHtml } from './html.js';
import { escapeHtml } from './format.js';
import { lineageSvg } from './lineage-diagram.js';
import type { ReportData, SourceTable } from './report-data.js';

const TABLES: readonly SourceTable[] = ['customers', 'products', 'orders'];

/**
 * The Lineage section's HTML.
 * @example
 * lineageSection(data); // '<section id="lineage">…<svg id="lineage-diagram"…>…</section>'
 */
export function lineageSection(data: ReportData): string {
  const table = htmlTable(
    'Rows at each step, per source table',
    [
      { header: 'Table', cell: (t: SourceTable) => codeHtml(t) },
      { header: 'Source file', cell: (t) => escapeHtml(data.quality[t].source_file) },
      { header: 'Rows read', cell: (t) => countHtml(data.quality[t].rows_read), numeric: true },
      { header: 'Raw', cell: (t) => countHtml(data.quality[t].rows_raw), numeric: true },
      { header: 'Enriched', cell: (t) => countHtml(data.quality[t].rows_written), numeric: true },
      { header: 'Rejected', cell: (t) => countHtml(data.quality[t].rows_rejected), numeric: true },
    ],
    TABLES,
    { id: 'table-lineage', className: 'wide' },
  );
  const lines = data.byYear.reduce((n, y) => n + y.lines, 0);
  const orders = data.quality.orders;
  const summary =
    `<p>Of the ${countHtml(orders.rows_read)} order lines read, ${countHtml(orders.rows_written)} reached ` +
    `<code>enriched.orders</code> and ${countHtml(orders.rows_rejected)} went to <code>rejects.orders</code>. ` +
    `The aggregates sum ${countHtml(lines)} lines ` +
    `to a total profit of ${moneyHtml(data.totalProfit)}; the SQL answers read the same enriched lines.</p>`;
  return (
    `<section id="lineage" aria-labelledby="lineage-h"><h2 id="lineage-h">Lineage</h2>${summary}` +
    `<figure class="lineage">${lineageSvg(data, 'wide')}${lineageSvg(data, 'narrow')}` +
    `<figcaption>Edges carry row counts and are drawn as wide as the rows they carry; dashed red-orange boxes ` +
    `are rejects (drawn only where rows were rejected). ` +
    `Total profit ${escapeHtml(formatMoney(data.totalProfit))}.</figcaption></figure>${table}</section>`
  );
}

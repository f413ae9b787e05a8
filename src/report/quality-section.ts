/**
 * The Data quality section: rejected rows by reason (with examples), fixes applied by rule, unknown customers and
 * products.
 */
import { cleaningRules } from '../transforms/rules/index.js';
import { escapeHtml, formatShare } from './format.js';
import { codeHtml, countHtml, htmlTable } from './html.js';
import type { RejectExample, ReportData, SourceTable, UnknownKeys } from './report-data.js';

const TABLES: readonly SourceTable[] = ['customers', 'products', 'orders'];

/** What the fix rules that are not cleaning rules do. */
const OTHER_FIXES: Readonly<Record<string, string>> = {
  'price.stray_characters': 'Stray characters removed from a price (4797% → 4797).',
  'profit.round_2dp': 'Profit rounded half away from zero to 2 places, from its decimal text.',
};

/**
 * A fix rule's one-line description: the cleaning rule's own, `text.trim`'s for `<column>.trim`, or ''.
 * @example
 * describeFix('product_name.trim'); // 'Trims whitespace (incl. NBSP) at both ends …'
 */
export function describeFix(rule: string): string {
  const rules: Readonly<Record<string, { readonly description: string }>> = cleaningRules;
  return (
    rules[rule]?.description ??
    (rule.endsWith('.trim') ? cleaningRules['text.trim'].description : (OTHER_FIXES[rule] ?? ''))
  );
}

function show(value: string | null): string {
  return value === null ? '<span class="muted">(empty)</span>' : codeHtml(value);
}

function rejectsHtml(data: ReportData): string {
  const groups = TABLES.flatMap((table) =>
    Object.entries(data.quality[table].rejected_by_reason).map(([rule, count]) => ({
      table,
      rule,
      count,
      examples: data.rejects.find((g) => g.table === table && g.rule === rule)?.examples ?? [],
    })),
  );
  if (groups.length === 0) return '<p>No row was rejected.</p>';
  const summary = htmlTable(
    'Rejected rows by reason',
    [
      { header: 'Table', cell: (g: (typeof groups)[number]) => codeHtml(g.table) },
      { header: 'Reason (rule)', cell: (g) => codeHtml(g.rule) },
      { header: 'Rows', cell: (g) => countHtml(g.count), numeric: true },
    ],
    groups,
    { id: 'table-rejects' },
  );
  const examples = groups
    .map((g) =>
      htmlTable(
        `${g.rule}: ${g.examples.length < g.count ? `first ${g.examples.length} of ${g.count}` : `all ${g.count}`} ` +
          `(rejects/${g.table}.parquet)`,
        [
          { header: 'Source row', cell: (e: RejectExample) => countHtml(e.sourceRow), numeric: true },
          { header: 'Key', cell: (e) => show(e.key) },
          { header: 'Column', cell: (e) => (e.column === null ? '—' : codeHtml(e.column)) },
          { header: 'Value', cell: (e) => show(e.value) },
          { header: 'Why', cell: (e) => escapeHtml(e.message) },
        ],
        g.examples,
        { className: 'examples wide' },
      ),
    )
    .join('');
  return `${summary}<h4>Examples</h4>${examples}`;
}

function fixesHtml(data: ReportData): string {
  const rows = TABLES.flatMap((table) =>
    Object.entries(data.quality[table].fixes).map(([rule, f]) => ({ table, rule, ...f })),
  );
  if (rows.length === 0) return '<p>No value needed fixing.</p>';
  return htmlTable(
    'Fixes applied, by rule',
    [
      { header: 'Table', cell: (r: (typeof rows)[number]) => codeHtml(r.table) },
      { header: 'Rule', cell: (r) => codeHtml(r.rule) },
      { header: 'Values changed', cell: (r) => countHtml(r.changed), numeric: true },
      { header: 'Values nulled', cell: (r) => countHtml(r.nulled), numeric: true },
      { header: 'What it does', cell: (r) => escapeHtml(describeFix(r.rule)) },
    ],
    rows,
    { id: 'table-fixes', className: 'wide' },
  );
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

function unknownHtml(what: 'customer' | 'product', lines: number, keys: UnknownKeys, total: number): string {
  if (lines === 0) return `<li>Every order line names a known ${what}.</li>`;
  const examples = keys.examples.map((e) => `${codeHtml(e.id)} (${countHtml(e.lines)})`).join(', ');
  return (
    `<li>${countHtml(lines)} order ${plural(lines, 'line names', 'lines name')} a ${what} missing from ` +
    `<code>enriched.${what}s</code> (${formatShare(lines, total)} of the lines): ` +
    `${countHtml(keys.distinct)} distinct ${plural(keys.distinct, 'id', 'ids')}` +
    `${examples ? `, most often ${examples}` : ''}. ` +
    `They are kept, their ${what === 'product' ? 'category' : 'name'} left empty.</li>`
  );
}

/**
 * The Data quality section's HTML, from quality.json and the rejects tables.
 * @example
 * qualitySection(data); // '<section id="quality">…product.duplicate_id…</section>'
 */
export function qualitySection(data: ReportData): string {
  const counts = data.quality.orders.counts;
  const total = data.quality.orders.rows_written;
  const unknown =
    `<ul class="unknown">` +
    unknownHtml(
      'customer',
      counts['unknown_customer_lines'] ?? data.unknownCustomers.lines,
      data.unknownCustomers,
      total,
    ) +
    unknownHtml('product', counts['unknown_product_lines'] ?? data.unknownProducts.lines, data.unknownProducts, total) +
    `</ul>`;
  return (
    `<section id="quality" aria-labelledby="quality-h"><h2 id="quality-h">Data quality</h2>` +
    `<h3>Rejected rows</h3>${rejectsHtml(data)}` +
    `<h3>Fixes applied</h3>${fixesHtml(data)}` +
    `<h3>Unknown customers and products</h3>${unknown}</section>`
  );
}

/**
 * The Data quality section: rejected rows by reason (with examples), the fixes in plain words with before →
 * after examples, and the order lines whose customer or product is unknown or nameless.
 */
import { escapeHtml, formatCount, formatShare } from './format.js';
import { fixRule } from './fix-rules.js';
import { codeHtml, countHtml, htmlTable } from './html.js';
import { rejectReason } from './reject-reasons.js';
import type { FixExample, RejectExample, ReportData, SourceTable, UnknownKeys } from './report-data.js';

const TABLES: readonly SourceTable[] = ['customers', 'products', 'orders'];

/** Invisible characters that matter in an example, drawn as visible marks, with their names. */
const VISIBLE: Readonly<Record<string, readonly [string, string]>> = {
  ' ': ['␣', 'space'],
  '\t': ['⇥', 'tab'],
  '\n': ['↵', 'line break'],
  '\r': ['↵', 'carriage return'],
  '\u00A0': ['⍽', 'no-break space'],
};

/**
 * A value as an example shows it, as HTML in code style: spaces that matter (at either end, or two or more in a
 * row), tabs, line breaks and no-break spaces as visible marks, so a trim or a collapsed space can be seen.
 * @example
 * visibleHtml(' Gary'); // '<code><span class="ws" title="space">␣</span>Gary</code>'
 */
export function visibleHtml(value: string): string {
  const mark = (c: string): string => {
    const [glyph, name] = VISIBLE[c] ?? [c, ''];
    return `<span class="ws" title="${name}">${glyph}</span>`;
  };
  const html = value
    .split(/(^ +| +$| {2,}|[\t\n\r\u00A0])/)
    .map((part, i) => (i % 2 === 1 ? part.replace(/[ \t\n\r\u00A0]/g, mark) : escapeHtml(part)))
    .join('');
  return `<code>${html}</code>`;
}

function show(value: string | null): string {
  return value === null ? '<span class="muted">(empty)</span>' : visibleHtml(value);
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
      { header: 'Reason', cell: (g) => escapeHtml(rejectReason(g.rule)) },
      { header: 'Rule', cell: (g) => codeHtml(g.rule) },
      { header: 'Rows', cell: (g) => countHtml(g.count), numeric: true },
    ],
    groups,
    { id: 'table-rejects', className: 'wide' },
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

/** A rule's examples as `before → after` lines, each with its source row. */
function examplesHtml(examples: readonly FixExample[]): string {
  if (examples.length === 0) return '<span class="muted">not kept in the warehouse</span>';
  return `<ul class="fix-examples">${examples
    .map(
      (e) =>
        `<li><span class="before">${show(e.before)}</span> → <span class="after">${show(e.after)}</span> ` +
        `<span class="muted">(row ${escapeHtml(formatCount(e.sourceRow))})</span></li>`,
    )
    .join('')}</ul>`;
}

function fixesHtml(data: ReportData): string {
  const rows = TABLES.flatMap((table) =>
    Object.entries(data.quality[table].fixes).map(([rule, f]) => ({
      table,
      rule,
      ...f,
      words: fixRule(table, rule).words,
      examples: data.fixExamples.find((x) => x.table === table && x.rule === rule)?.examples ?? [],
    })),
  );
  if (rows.length === 0) return '<p>No value needed fixing.</p>';
  const note =
    `<p class="note">Each fix below is counted in <code>quality.json</code>; the examples are the first rows it ` +
    `changed, from <code>raw/</code> (before) and <code>enriched/</code> (after). ` +
    `<span class="ws">␣</span> marks a space that matters.</p>`;
  return (
    note +
    htmlTable(
      'Fixes applied, by rule',
      [
        { header: 'What was fixed', cell: (r: (typeof rows)[number]) => escapeHtml(r.words) },
        { header: 'Table', cell: (r) => codeHtml(r.table) },
        { header: 'Changed', cell: (r) => countHtml(r.changed), numeric: true },
        { header: 'Emptied', cell: (r) => countHtml(r.nulled), numeric: true },
        { header: 'Examples (before → after)', cell: (r) => examplesHtml(r.examples) },
        { header: 'Rule', cell: (r) => codeHtml(r.rule) },
      ],
      rows,
      { id: 'table-fixes', className: 'fixes wide' },
    )
  );
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** "most often `ID` (n), …" for the ids with most lines. */
function idsHtml(keys: UnknownKeys): string {
  const examples = keys.examples.map((e) => `${codeHtml(e.id)} (${countHtml(e.lines)})`).join(', ');
  const often = examples ? `, most often ${examples}` : '';
  return `${countHtml(keys.distinct)} distinct ${plural(keys.distinct, 'id', 'ids')}${often}`;
}

/** One bullet: how many order lines, what about them, which ids, and what the report shows for them. */
function linesHtml(keys: UnknownKeys, what: string, total: number, shown: string): string {
  return (
    `<li>${countHtml(keys.lines)} order ${plural(keys.lines, 'line', 'lines')} ${what} ` +
    `(${formatShare(keys.lines, total)} of the lines): ${idsHtml(keys)}. ${shown}</li>`
  );
}

function customersHtml(data: ReportData, total: number): string {
  const counted = data.quality.orders.counts['unknown_customer_lines'];
  const unknown = { ...data.unknownCustomers, lines: counted ?? data.unknownCustomers.lines };
  const items = [
    unknown.lines === 0
      ? '<li>Every order line names a customer in the customer list.</li>'
      : linesHtml(
          unknown,
          `${plural(unknown.lines, 'names', 'name')} a customer <strong>not in the customer list</strong> ` +
            `(<code>enriched.customers</code>)`,
          total,
          'They are kept, with no customer name, and shown as “(not in customer list)”.',
        ),
  ];
  if (data.nameCleanedCustomers.lines > 0) {
    items.push(
      linesHtml(
        data.nameCleanedCustomers,
        `${plural(data.nameCleanedCustomers.lines, 'names', 'name')} a customer who is in the list but ` +
          `<strong>whose name was cleaned to empty</strong> (no letter left, rule <code>name.clean</code>)`,
        total,
        'They are kept and shown as “(name cleaned to empty)”.',
      ),
    );
  }
  if (data.noNameCustomers.lines > 0) {
    items.push(
      linesHtml(
        data.noNameCustomers,
        `${plural(data.noNameCustomers.lines, 'names', 'name')} a customer who is in the list ` +
          `<strong>with an empty name cell</strong>`,
        total,
        'They are kept and shown as “(no name in customer list)”.',
      ),
    );
  }
  return items.join('');
}

function productsHtml(data: ReportData, total: number): string {
  const counted = data.quality.orders.counts['unknown_product_lines'];
  const unknown = { ...data.unknownProducts, lines: counted ?? data.unknownProducts.lines };
  if (unknown.lines === 0) return '<li>Every order line names a product in the product list.</li>';
  return linesHtml(
    unknown,
    `${plural(unknown.lines, 'names', 'name')} a product <strong>not in the product list</strong> ` +
      `(<code>enriched.products</code>)`,
    total,
    'They are kept, with no category, and shown as “(unknown product)”.',
  );
}

/**
 * The Data quality section's HTML, from quality.json, the rejects tables and raw vs enriched.
 * @example
 * qualitySection(data); // '<section id="quality">…product.duplicate_id…</section>'
 */
export function qualitySection(data: ReportData): string {
  const total = data.quality.orders.rows_written;
  return (
    `<section id="quality" aria-labelledby="quality-h"><h2 id="quality-h">Data quality</h2>` +
    `<h3>Rejected rows</h3>${rejectsHtml(data)}` +
    `<h3>Fixes applied</h3>${fixesHtml(data)}` +
    `<h3>Unknown and nameless customers, unknown products</h3>` +
    `<ul class="unknown">${customersHtml(data, total)}${productsHtml(data, total)}</ul></section>`
  );
}

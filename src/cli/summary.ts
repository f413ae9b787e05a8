/**
 * The end-of-run summary `ecomflow run` prints on stdout: a screenful a data owner reads at a glance (rows per
 * source, what was rejected and why, what was unknown or emptied, the time) ending with the report's path and a
 * command to try next; or, with `--json`, the same facts as one JSON object for scripts.
 */
import { basename, dirname, join } from 'node:path';
import type { RunSummary } from '../pipeline/run-pipeline.js';
import type { TableQuality } from '../pipeline/quality-report.js';
import { formatMs } from './progress.js';
import { formatCount } from '../report/format.js';

const SOURCES = ['customers', 'products', 'orders'] as const;

/** `1 row`, `2 rows`, `1,851 rows`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** `text` quoted for a POSIX shell when it holds anything but plain path characters. */
export function shellQuote(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command the summary suggests next. */
export function nextCommand(warehouse: string): string {
  return `ecomflow sql --warehouse ${shellQuote(warehouse)} "select * from aggregates.profit_by_year"`;
}

/**
 * The summary as text; `width` (the terminal's, when stdout is one) folds long facts under their label.
 * @example
 * formatSummary(summary, 3100);
 * // ecomflow run: wrote warehouse w in 3.10 s
 * //
 * //   source     file            read   kept  rejected
 * //   customers  Customer.xlsx     793    793         0 …
 */
export function formatSummary(s: RunSummary, wallMs: number, width = Infinity): string {
  const q = s.quality.tables;
  const files = SOURCES.map((k) => s.sources[k]);
  const folder = dirname(s.sources.customers);
  const sameFolder = files.every((f) => dirname(f) === folder);
  const table = sourceTable(s, sameFolder, width);
  const from = [
    ...(sameFolder ? [`in ${folder}`] : []),
    ...(table.withFiles || sameFolder ? [] : [`files ${SOURCES.map((k) => s.sources[k]).join(', ')}`]),
    ...(s.customersSheet === '' ? [] : [`customers from sheet "${s.customersSheet}"`]),
  ];
  const facts: [string, string][] = [
    ['rejected', rejectedFact(q)],
    ['unknown', unknownFact(q.orders)],
    ['nulled', nulledFact(q)],
    ...profitFact(s),
    ['answers', answersFact(s)],
  ];
  const labelWidth = Math.max(...facts.map(([l]) => l.length));
  const lines = [
    `ecomflow run: wrote the warehouse in ${formatMs(wallMs)}`,
    '',
    ...table.lines,
    ...(from.length > 0 ? fold('  ', `(${from.join('; ')})`, width) : []),
    '',
    ...facts.flatMap(([label, text]) => fold(`  ${label.padEnd(labelWidth)}  `, text, width)),
    '',
    `  warehouse  ${s.warehouse}`,
    `  report     ${join(s.warehouse, 'report', 'index.html')}`,
    `  next       ${nextCommand(s.warehouse)}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The rows per source, aligned; the file column is left out when the table would not fit in `width`. */
function sourceTable(s: RunSummary, sameFolder: boolean, width: number): { lines: string[]; withFiles: boolean } {
  const q = s.quality.tables;
  const n = (x: number): string => formatCount(x);
  const rows: string[][] = [
    ['source', 'file', 'read', 'kept', 'rejected'],
    ...SOURCES.map((k) => [
      k,
      sameFolder ? basename(s.sources[k]) : s.sources[k],
      n(q[k].rows_read),
      n(q[k].rows_written),
      n(q[k].rows_rejected),
    ]),
  ];
  const render = (columns: number[]): string[] => {
    const widths = columns.map((c) => Math.max(...rows.map((r) => r[c]!.length)));
    const cell = (r: string[], c: number, i: number): string =>
      c < 2 ? r[c]!.padEnd(widths[i]!) : r[c]!.padStart(widths[i]!);
    return rows.map((r) => `  ${columns.map((c, i) => cell(r, c, i)).join('  ')}`.trimEnd());
  };
  const full = render([0, 1, 2, 3, 4]);
  if (Math.max(...full.map((l) => l.length)) <= width) return { lines: full, withFiles: true };
  return { lines: render([0, 2, 3, 4]), withFiles: false };
}

/** The summary as one JSON object (one line), for scripts. */
export function jsonSummary(s: RunSummary, wallMs: number): string {
  const q = s.quality.tables;
  const sources = Object.fromEntries(
    SOURCES.map((k) => [
      k,
      {
        file: s.sources[k],
        ...(k === 'customers' ? { sheet: s.customersSheet } : {}),
        rows_read: q[k].rows_read,
        rows_written: q[k].rows_written,
        rows_rejected: q[k].rows_rejected,
        rejected_by_reason: q[k].rejected_by_reason,
        values_nulled: Object.fromEntries(
          Object.entries(q[k].fixes)
            .filter(([, f]) => f.nulled > 0)
            .map(([rule, f]) => [rule, f.nulled]),
        ),
      },
    ]),
  );
  return `${JSON.stringify({
    warehouse: s.warehouse,
    wall_ms: Math.round(wallMs),
    sources,
    unknown_product_lines: q.orders.counts['unknown_product_lines'] ?? 0,
    unknown_customer_lines: q.orders.counts['unknown_customer_lines'] ?? 0,
    tables: s.tables.map((t) => ({ path: t.path.split('\\').join('/'), rows: t.rows })),
    answers: s.answers.map((a) => ({ name: a.name, file: a.file, rows: a.rowCount })),
    stage_ms: Object.fromEntries(Object.entries(s.stageMs).map(([k, v]) => [k, Math.round(v * 10) / 10])),
    report: join(s.warehouse, 'report', 'index.html'),
  })}\n`;
}

/** `customers duplicate_id 1 · orders bad_profit 2, bad_quantity 1`: the reject reasons by table, or `none`. */
function rejectedFact(q: RunSummary['quality']['tables']): string {
  const tables = SOURCES.filter((k) => q[k].rows_rejected > 0).map((k) => {
    const own = `${k.replace(/s$/, '')}.`; // the table's own rules read without their prefix: `duplicate_id`
    const reasons = Object.entries(q[k].rejected_by_reason).map(
      ([rule, n]) => `${rule.startsWith(own) ? rule.slice(own.length) : rule} ${formatCount(n)}`,
    );
    return `${k} ${reasons.join(', ')}`;
  });
  return tables.length === 0 ? 'none' : tables.join(' · ');
}

/** Order lines kept with a null category (unknown product) or customer name (unknown customer). */
function unknownFact(orders: TableQuality): string {
  const products = orders.counts['unknown_product_lines'] ?? 0;
  const customers = orders.counts['unknown_customer_lines'] ?? 0;
  const productPart = `${plural(products, 'order line')} with an unknown product (category null)`;
  const customerPart = `an unknown customer (name null)`;
  if (products > 0 && customers > 0) return `${productPart}, ${formatCount(customers)} with ${customerPart}`;
  if (products > 0) return `${productPart}; every customer known`;
  if (customers > 0) return `${plural(customers, 'order line')} with ${customerPart}; every product known`;
  return "none: every order line's product and customer is known";
}

/** Values cleaning could not read and made null, by rule: `phone.normalise 142 · 142 values in all`, or `none`. */
function nulledFact(q: RunSummary['quality']['tables']): string {
  const parts: string[] = [];
  let total = 0;
  for (const k of SOURCES) {
    for (const [rule, f] of Object.entries(q[k].fixes)) {
      if (f.nulled === 0) continue;
      total += f.nulled;
      parts.push(`${rule} ${formatCount(f.nulled)}`);
    }
  }
  return total === 0 ? 'none' : [...parts, `${plural(total, 'value')} in all`].join(' · ');
}

/** `4 CSV files in sql/`. */
function answersFact(s: RunSummary): string {
  const folders = [...new Set(s.answers.map((a) => `${dirname(a.file)}/`))];
  return s.answers.length === 0 ? 'none' : `${plural(s.answers.length, 'CSV file')} in ${folders.join(', ')}`;
}

/** `2014 39,185.75 · 2015 63,073.09 · …`: profit per year, from the first answer. */
function profitFact(s: RunSummary): [string, string][] {
  const byYear = s.answers.find((a) => a.name === 'profit_by_year');
  if (byYear?.rows == null || byYear.rows.length === 0) return [];
  const years = byYear.rows.map(([year, profit]) => `${String(year ?? 'no year')} ${grouped(String(profit))}`);
  return [['profit', years.join(' · ')]];
}

/** A decimal text with thousands separators: `-1234567.80` → `-1,234,567.80`. */
export function grouped(decimal: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(decimal);
  if (m === null) return decimal;
  return `${m[1]!}${m[2]!.replace(/\B(?=(\d{3})+$)/g, ',')}${m[3] ?? ''}`;
}

/**
 * `prefix + text`, folded so no line passes `width` (later lines indented under the text): between ` · ` items
 * where there are some, else between words; a single word longer than the room stays whole.
 */
function fold(prefix: string, text: string, width: number): string[] {
  const room = width - prefix.length;
  if (prefix.length + text.length <= width || room < 20) return [`${prefix}${text}`.trimEnd()];
  const [sep, parts] = text.includes(' · ') ? [' · ', text.split(' · ')] : [' ', text.split(' ')];
  const lines: string[] = [];
  let line = '';
  for (const [i, part] of parts.entries()) {
    const joined = line === '' ? part : `${line}${sep}${part}`;
    const last = i === parts.length - 1; // a line that goes on ends in ` ·`: two columns fewer
    if (line !== '' && joined.length > (sep === ' · ' && !last ? room - 2 : room)) {
      lines.push(sep === ' · ' ? `${line}\u00a0·` : line); // the dot stays with its item when a word fold follows
      line = part;
    } else {
      line = joined;
    }
  }
  lines.push(line);
  const words = sep === ' · ' ? lines.flatMap((l) => (l.length > room ? fold('', l, room) : [l])) : lines;
  return words.map((l, i) => `${i === 0 ? prefix : ' '.repeat(prefix.length)}${l.replace(/\u00a0/g, ' ')}`.trimEnd());
}

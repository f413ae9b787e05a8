/** `ecomflow sql`: parse its flags, run one read-only query over a warehouse, stream the result to stdout. */
import { parseArgs } from 'node:util';
import { assertPathsPassable } from './path-args.js';
import { UsageError } from '../errors.js';
import { openWarehouse } from '../sql/warehouse-db.js';
import { DEFAULT_MAX_ROWS, writeJson, writePreview } from '../sql/write-result.js';

/** Help text of `ecomflow sql`. */
export const sqlHelp = `Usage: ecomflow sql --warehouse <warehouse> [--format table|csv|json] "<query>"

Runs read-only SQL (DuckDB) over the warehouse's tables, addressed as <layer>.<table>:
raw.orders, enriched.customers, rejects.orders, aggregates.profit_by_year, … ("show tables" lists them).
Only SELECT (with DESCRIBE, SHOW, SUMMARIZE) and EXPLAIN are allowed; nothing can write.

Options:
  --warehouse <dir>      warehouse folder written by "ecomflow run"
  --format <format>      table (default: aligned columns), csv (RFC 4180) or json (array of objects;
                         decimals as exact text); csv and json stream every row, in any case (CSV, Json)
  --max-rows <n>         table: rows shown (default ${DEFAULT_MAX_ROWS}); the others are counted
  --max-width <n>        table: widest line, text cells cut with … (default: the terminal's width;
                         no limit when stdout is not a terminal; 0 for no limit)
  --escape-formulas      csv: put ' before text that a spreadsheet would run as a formula (=, +, -, @)
  --debug                print stack traces of unexpected errors
  -h, --help             this help

A query may start with "--" (an SQL comment): an argument that starts with "-" and holds a space or a line
break is the query, and everything after a lone "--" is the query too.

Example:
  ecomflow sql --warehouse warehouse "select order_year, profit from aggregates.profit_by_year order by 1"
`;

const FORMATS = ['table', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** Options that take a value: the argument after them is that value, never the query. */
const VALUED = new Set(['--warehouse', '--format', '--max-rows', '--max-width']);

/** Runs `ecomflow sql` with its arguments; returns the exit code. */
export async function sqlCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: queriesAfterEnd(args),
    options: {
      warehouse: { type: 'string' },
      format: { type: 'string', default: 'table' },
      'max-rows': { type: 'string' },
      'max-width': { type: 'string' },
      'escape-formulas': { type: 'boolean', default: false },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    out.write(sqlHelp);
    return 0;
  }
  if (values.warehouse === undefined) throw new UsageError('sql needs --warehouse <warehouse>');
  assertPathsPassable({ warehouse: values.warehouse });
  const format = values.format.toLowerCase() as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be table, csv or json, not "${values.format}"`);
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'sql needs a query, e.g. "select * from aggregates.profit_by_year"'
        : 'sql takes one query: quote it',
    );
  }
  const maxRows = count('--max-rows', values['max-rows']);
  const maxWidth = count('--max-width', values['max-width']);
  if (format !== 'table' && (maxRows !== undefined || maxWidth !== undefined)) {
    throw new UsageError(`--max-rows and --max-width apply to --format table, not ${format}`);
  }
  if (format !== 'csv' && values['escape-formulas']) {
    throw new UsageError(`--escape-formulas applies to --format csv, not ${format}`);
  }
  const db = await openWarehouse(values.warehouse);
  try {
    const sql = positionals[0]!;
    if (format === 'csv') await db.exportCsv(sql, out, { escapeFormulas: values['escape-formulas'] });
    else if (format === 'json') await writeJson(await db.stream(sql), out);
    else
      await writePreview(await db.preview(sql, maxRows ?? DEFAULT_MAX_ROWS), out, {
        maxWidth: tableWidth(out, maxWidth),
      });
  } finally {
    db.close();
  }
  return 0;
}

/**
 * The arguments with every query moved behind a `--` terminator, so parseArgs never reads SQL as a flag: an
 * argument that starts with `-` and holds whitespace (no flag does) is a query, such as
 * `"-- top customers\nselect …"`; the value after an option that takes one stays in place.
 * @example
 * queriesAfterEnd(['--warehouse', 'w', '-- c\nselect 1']); // ['--warehouse', 'w', '--', '-- c\nselect 1']
 */
export function queriesAfterEnd(args: readonly string[]): string[] {
  const end = args.indexOf('--');
  const options = end < 0 ? args : args.slice(0, end);
  const after = end < 0 ? [] : args.slice(end + 1);
  const kept: string[] = [];
  const queries: string[] = [];
  for (let i = 0; i < options.length; i++) {
    const arg = options[i]!;
    if (VALUED.has(arg) && i + 1 < options.length) {
      kept.push(arg, options[i + 1]!);
      i += 1;
    } else if (arg.startsWith('-') && /\s/.test(arg)) queries.push(arg);
    else kept.push(arg);
  }
  return queries.length === 0 && end < 0 ? kept : [...kept, '--', ...queries, ...after];
}

/** A non-negative whole number option, or undefined when absent. */
function count(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag} must be a whole number, not "${text}"`);
  return Number(text);
}

/**
 * The table's width: `--max-width` when given (0: no limit); else the terminal's width when stdout is a
 * terminal; else no limit (output to a file or a pipe keeps whole values: `less -S` scrolls, scripts use csv).
 */
function tableWidth(out: NodeJS.WritableStream, maxWidth: number | undefined): number {
  if (maxWidth !== undefined) return maxWidth === 0 ? Number.POSITIVE_INFINITY : maxWidth;
  const tty = out as { isTTY?: boolean; columns?: number };
  return tty.isTTY === true && typeof tty.columns === 'number' && tty.columns > 0
    ? tty.columns
    : Number.POSITIVE_INFINITY;
}

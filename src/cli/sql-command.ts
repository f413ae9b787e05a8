/** `ecomflow sql`: parse its flags, run one read-only query over a warehouse, print the result (stdout). */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { query } from '../sql/warehouse-db.js';
import { formatCsv, formatJson, formatTable } from '../sql/format.js';
import type { QueryResult } from '../sql/query-result.js';

/** Help text of `ecomflow sql`. */
export const sqlHelp = `Usage: ecomflow sql --warehouse <warehouse> [--format table|csv|json] "<query>"

Runs read-only SQL (DuckDB) over the warehouse's tables, addressed as <layer>.<table>:
raw.orders, enriched.customers, rejects.orders, aggregates.profit_by_year, …
Only SELECT (with DESCRIBE, SHOW, SUMMARIZE) and EXPLAIN are allowed; nothing can write.

Options:
  --warehouse <dir>      warehouse folder written by "ecomflow run"
  --format <format>      table (default: aligned columns), csv (RFC 4180) or json (array of objects;
                         decimals as exact text)
  --debug                print stack traces of unexpected errors
  -h, --help             this help

Example:
  ecomflow sql --warehouse warehouse "select order_year, profit from aggregates.profit_by_year order by 1"
`;

const formatters: Record<string, (r: QueryResult) => string> = {
  table: (r) => formatTable(r),
  csv: formatCsv,
  json: formatJson,
};

/** Runs `ecomflow sql` with its arguments; returns the exit code. */
export async function sqlCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      warehouse: { type: 'string' },
      format: { type: 'string', default: 'table' },
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
  const format = formatters[values.format];
  if (format === undefined) throw new UsageError(`--format must be table, csv or json, not "${values.format}"`);
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'sql needs a query, e.g. "select * from aggregates.profit_by_year"'
        : 'sql takes one query: quote it',
    );
  }
  const result = await query(values.warehouse, positionals[0]!);
  out.write(format(result));
  return 0;
}

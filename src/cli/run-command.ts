/** `ecomflow run`: parse its flags, run the pipeline, print progress (stderr) and a summary (stdout). */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { runPipeline, type RunSummary } from '../pipeline/run-pipeline.js';
import { formatMs, progressPrinter } from './progress.js';
import { formatAnswers } from '../sql/format.js';

/** Help text of `ecomflow run`. */
export const runHelp = `Usage: ecomflow run --input <dir> --out <warehouse> [options]

Reads the three sources and writes the warehouse: raw, enriched, rejects and aggregates tables
(Parquet), the four SQL answers (sql/*.csv), quality.json, run.json and the report (report/index.html).
The warehouse is replaced whole at the end: a failed run leaves the previous one as it was.

Options:
  --input <dir>          folder holding the sources, found by name (case-insensitive):
                         customer*.xlsx, product*.csv, order*.json|ndjson|jsonl
  --out <warehouse>      warehouse folder to create or replace (an existing non-empty folder
                         must be an ecomflow warehouse)
  --customers <file>     customers workbook (.xlsx), instead of finding it in --input
  --products <file>      products file (.csv)
  --orders <file>        orders file (.json array, or .ndjson/.jsonl one object per line)
  --on-bad-rows <mode>   reject (default: bad rows go to rejects/) or fail (stop at the first)
  --quiet                no progress on stderr
  --debug                print stack traces of unexpected errors
  -h, --help             this help
`;

/** Runs `ecomflow run` with its arguments; returns the exit code. */
export async function runCommand(
  args: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      input: { type: 'string' },
      out: { type: 'string' },
      customers: { type: 'string' },
      products: { type: 'string' },
      orders: { type: 'string' },
      'on-bad-rows': { type: 'string', default: 'reject' },
      quiet: { type: 'boolean', default: false },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    out.write(runHelp);
    return 0;
  }
  if (values.out === undefined) throw new UsageError('run needs --out <warehouse>');
  const mode = values['on-bad-rows'];
  if (mode !== 'reject' && mode !== 'fail') throw new UsageError(`--on-bad-rows must be reject or fail, not "${mode}"`);
  const progress = progressPrinter(err, 'isTTY' in err && err.isTTY === true);
  const summary = await runPipeline({
    out: values.out,
    onBadRows: mode,
    ...(values.input === undefined ? {} : { input: values.input }),
    ...(values.customers === undefined ? {} : { customers: values.customers }),
    ...(values.products === undefined ? {} : { products: values.products }),
    ...(values.orders === undefined ? {} : { orders: values.orders }),
    ...(values.quiet ? {} : { onEvent: progress }),
  });
  out.write(formatSummary(summary));
  out.write(formatAnswers(summary.answers));
  return 0;
}

/** The end-of-run summary: sources, rows in, tables written, time per stage. */
export function formatSummary(s: RunSummary): string {
  const lines = [
    `ecomflow run: warehouse ${s.warehouse}`,
    `  rows in: customers ${s.rowsIn.customers}, products ${s.rowsIn.products}, orders ${s.rowsIn.orders}`,
    `  customers sheet: "${s.customersSheet}"`,
    ...Object.entries(s.quality.tables).map(([name, q]) => {
      const reasons = Object.entries(q.rejected_by_reason)
        .map(([r, n]) => `${r} ${n}`)
        .join(', ');
      const rejected = `${q.rows_rejected} rejected${reasons ? ` (${reasons})` : ''}`;
      return `  ${name}: ${q.rows_read} read, ${q.rows_written} enriched, ${rejected}`;
    }),
    '  tables written:',
    ...s.tables.map((t) => `    ${t.path.padEnd(34)} ${String(t.rows).padStart(10)} rows`),
    `  time: ${Object.entries(s.stageMs)
      .map(([k, v]) => `${k} ${formatMs(v)}`)
      .join(', ')}`,
  ];
  return `${lines.join('\n')}\n`;
}

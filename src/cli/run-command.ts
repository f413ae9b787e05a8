/** `ecomflow run`: parse its flags, run the pipeline, print progress (stderr) and a summary (stdout). */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../errors.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import { assertPathsPassable } from './path-args.js';
import { databricksRemote, parseConnectionString } from '../spark/connection-string.js';
import { startProgress } from './progress.js';
import { formatSummary, jsonSummary } from './summary.js';

/** Help text of `ecomflow run`. */
export const runHelp = `Usage: ecomflow run --input <dir> --out <warehouse> [options]

Reads the three sources and writes the warehouse: raw, enriched, rejects and aggregates tables
(Parquet), the four SQL answers (sql/*.csv), quality.json, run.json and the report (report/index.html).
The warehouse is replaced whole at the end: a failed or interrupted run leaves the previous one as it was.

Options:
  --input <dir>          folder holding the sources, found by name (case-insensitive):
                         customer*.xlsx, product*.csv, order*.json|ndjson|jsonl (several order
                         files are all read, in name order)
  --out <warehouse>      warehouse folder to create or replace: it must be absent, empty, or an
                         ecomflow warehouse holding only what ecomflow wrote (a symlink is followed)
  --customers <file>     customers workbook (.xlsx), instead of finding it in --input
  --products <file>      products file (.csv)
  --orders <path>        orders file (.json array, or .ndjson/.jsonl one object per line); or a
                         folder (its order*.json|ndjson|jsonl files) or a quoted glob
                         ('exports/Orders_*.json', 'exports/*/orders.ndjson') of several
  --on-bad-rows <mode>   reject (default: bad rows go to rejects/) or fail (stop at the first)
  --engine <engine>      local (default: this machine) or spark (the order lines on a Spark Connect
                         server; see docs/spark.md)
  --remote <sc://…>      the Spark Connect server for --engine spark, sc://host:port[/;token=…]
                         (default: the SPARK_REMOTE environment variable, else the Databricks cluster
                         of DATABRICKS_HOST, DATABRICKS_TOKEN and DATABRICKS_CLUSTER_ID)
  --catalog <schema>     with --engine spark: register every table as an external table in the
                         Spark catalog, <schema>.enriched_orders, <schema>.aggregates_profit_by_year, …
  --table-format <fmt>   with --engine spark: parquet (default) or delta (every table a Delta table,
                         <layer>/<table>/ with its _delta_log; the server needs Delta Lake)
  --json                 print the summary as one JSON object
  --quiet                no progress on stderr
  --debug                print stack traces of unexpected errors
  -h, --help             this help

Example:
  ecomflow run --input exports --out warehouse
`;

/** Runs `ecomflow run` with its arguments; returns the exit code. */
export async function runCommand(
  args: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const started = performance.now();
  const { values } = parseArgs({
    args,
    options: {
      input: { type: 'string' },
      out: { type: 'string' },
      customers: { type: 'string' },
      products: { type: 'string' },
      orders: { type: 'string' },
      'on-bad-rows': { type: 'string', default: 'reject' },
      engine: { type: 'string', default: 'local' },
      remote: { type: 'string' },
      catalog: { type: 'string' },
      'table-format': { type: 'string' },
      json: { type: 'boolean', default: false },
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
  if (values.out === undefined)
    throw new UsageError('run needs --out <warehouse>: the folder to write the warehouse to');
  assertPathsPassable({ input: values.input, out: values.out, ...pick(values, 'customers', 'products', 'orders') });
  const mode = values['on-bad-rows'];
  if (mode !== 'reject' && mode !== 'fail') throw new UsageError(`--on-bad-rows must be reject or fail, not "${mode}"`);
  const engine = values.engine;
  if (engine !== 'local' && engine !== 'spark')
    throw new UsageError(`--engine must be local or spark, not "${engine}"`);
  const remote =
    values.remote ?? (process.env['SPARK_REMOTE'] || undefined) ?? databricksRemote(process.env) ?? undefined;
  if (engine === 'spark' && remote === undefined) {
    throw new UsageError('--engine spark needs --remote sc://host:port (or the SPARK_REMOTE environment variable)');
  }
  if (engine === 'local' && values.remote !== undefined) {
    throw new UsageError('--remote is for --engine spark; add --engine spark to run on that server');
  }
  if (engine === 'spark' && remote !== undefined) parseConnectionString(remote); // a malformed remote is a usage error
  const catalog = values.catalog;
  if (catalog !== undefined && engine !== 'spark') throw new UsageError('--catalog is for --engine spark');
  if (catalog !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(catalog)) {
    throw new UsageError(`--catalog must be a schema name (letters, digits, _), not "${catalog}"`);
  }
  const tableFormat = values['table-format'];
  if (tableFormat !== undefined && tableFormat !== 'parquet' && tableFormat !== 'delta') {
    throw new UsageError(`--table-format must be parquet or delta, not "${tableFormat}"`);
  }
  if (tableFormat === 'delta' && engine !== 'spark') {
    throw new UsageError('--table-format delta is for --engine spark; the local engine writes Parquet');
  }
  const tty = err as Partial<NodeJS.WriteStream>;
  const progress = startProgress(err, {
    live: tty.isTTY === true,
    columns: () => tty.columns ?? 80,
    ...(err === process.stderr ? { fd: 2 } : {}),
  });
  const interrupt = onInterrupt(err, () => progress.close());
  try {
    const summary = await runPipeline({
      out: values.out,
      onBadRows: mode,
      ...(engine === 'spark' && remote !== undefined ? { engine, remote } : {}),
      ...(catalog === undefined ? {} : { catalog }),
      ...(tableFormat === undefined ? {} : { tableFormat }),
      ...(process.env['ECOMFLOW_SPARK_TRACE'] ? { sparkTrace: (line: string) => err.write(`${line}\n`) } : {}),
      signal: interrupt.signal,
      ...(values.input === undefined ? {} : { input: values.input }),
      ...(values.customers === undefined ? {} : { customers: values.customers }),
      ...(values.products === undefined ? {} : { products: values.products }),
      ...(values.orders === undefined ? {} : { orders: values.orders }),
      ...(values.quiet ? {} : { onEvent: progress.listener }),
    });
    await progress.close();
    const wallMs = performance.now() - started;
    const terminal = out as Partial<NodeJS.WriteStream>;
    const width = terminal.isTTY === true ? (terminal.columns ?? 80) : Infinity;
    out.write(values.json ? jsonSummary(summary, wallMs) : formatSummary(summary, wallMs, width));
    return 0;
  } finally {
    interrupt.dispose();
    await progress.close();
  }
}

/**
 * While a run goes, SIGINT (Ctrl-C) and SIGTERM abort it: the run stops at its next step and removes its staging
 * folder, and the CLI prints one line and exits 130. A second signal exits at once (the next run removes what
 * this one left).
 */
function onInterrupt(
  err: NodeJS.WritableStream,
  stopProgress: () => Promise<void>,
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      controller.abort(signal);
      return;
    }
    void stopProgress().finally(() => {
      err.write('\necomflow: interrupted again: stopping now; the next run removes what this one left\n');
      process.exit(130);
    });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** The named string options of `values`. */
function pick<K extends string>(values: Partial<Record<K, unknown>>, ...keys: K[]): Record<string, string | undefined> {
  return Object.fromEntries(keys.map((k) => [k, typeof values[k] === 'string' ? values[k] : undefined]));
}

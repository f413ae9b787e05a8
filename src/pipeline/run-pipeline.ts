/**
 * The runner: names each step (sources → raw → …), writes every table into a staging warehouse and swaps it
 * into place at the end. Logic lives in io/ and transforms/; this file only wires and counts.
 */
import { writeLayers, type LayerTables } from './write-layers.js';
import { join, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findRunSources, type SourceFiles } from '../io/sources.js';
import { readCustomersAndProducts, streamOrders, type OrderStream } from './raw-stage.js';
import { preloadLaterStages } from './preload.js';
import { duckDbThreadsAvailable, startDuckDbThread, type DuckDbThread } from './duckdb-thread.js';
import { cleanEntity, enrichOrderLines } from './enrich-stage.js';
import { failOnFirstReject } from './fail-fast.js';
import { aggregatesFromSummary } from '../transforms/profit-aggregates.js';
import type { TableQuality } from './quality-report.js';
import type { RunListener } from './events.js';
import { assertReplaceable, commitStaging, createStaging, discardStaging, lockWarehouse } from './warehouse.js';
import { assertOutsideWarehouse, resolveWarehouse, type ReadPath } from './out-path.js';
import { checkReadable } from '../io/files/file-info.js';
import { readFault, writeFault } from '../io/files/fs-errors.js';
import { InterruptedError, UsageError } from '../errors.js';
import { runSqlAnswers, type SqlAnswer } from '../sql/answers.js';
import { reportSummaries } from '../report/summaries.js';
import { startCharts, startReport } from '../report/build-report.js';
import { formatCount } from '../report/format.js';
import { collectRunFacts, withStage, writeRunFacts } from '../report/run-facts.js';

/** What `runPipeline` needs: where the sources are and where the warehouse goes. */
export interface PipelineOptions {
  /** Folder holding the sources (found by name), unless each is given explicitly. */
  readonly input?: string;
  /** Warehouse folder to (re)create. */
  readonly out: string;
  readonly customers?: string;
  readonly products?: string;
  readonly orders?: string;
  /** `reject` (default) keeps bad rows aside; `fail` stops at the first. */
  readonly onBadRows?: 'reject' | 'fail';
  /** Order lines per batch (default 250,000): memory is bounded by a batch, whatever the file's size. */
  readonly orderBatchRows?: number;
  /** Progress events, as the run goes. */
  readonly onEvent?: RunListener;
  /**
   * Stops the run when aborted (the CLI aborts on SIGINT and SIGTERM): it throws InterruptedError at the next
   * step, after deleting its staging folder; the previous warehouse is unchanged. Once the swap has begun, the run
   * finishes instead.
   */
  readonly signal?: AbortSignal;
  /** `local` (default): this process; `spark`: the order lines on a Spark Connect server (`remote`). */
  readonly engine?: 'local' | 'spark';
  /** The Spark Connect connection string for `engine: 'spark'`, `sc://host:port[/;token=…]`. */
  readonly remote?: string;
  /** `engine: 'spark'`: register every table in this Spark catalog schema (`<schema>.enriched_orders`, …). */
  readonly catalog?: string;
  /** `engine: 'spark'`: `parquet` (default) or `delta`, every table a Delta table (docs/spark.md). */
  readonly tableFormat?: 'parquet' | 'delta';
  /** `engine: 'spark'`: told each Spark statement's time and text (the CLI prints them with ECOMFLOW_SPARK_TRACE). */
  readonly sparkTrace?: (line: string) => void;
}

/** One table written by the run. */
export interface WrittenTable {
  readonly path: string;
  readonly rows: number;
}

/** What a run did. */
export interface RunSummary {
  readonly warehouse: string;
  readonly sources: SourceFiles;
  readonly tables: readonly WrittenTable[];
  readonly rowsIn: { readonly customers: number; readonly products: number; readonly orders: number };
  readonly stageMs: Readonly<Record<string, number>>;
  readonly quality: { readonly tables: Readonly<Record<'customers' | 'products' | 'orders', TableQuality>> };
  /** The four SQL answers, as written to `<warehouse>/sql/<name>.csv`. */
  readonly answers: readonly SqlAnswer[];
  /** The worksheet of the customers workbook that was read (docs/decisions.md, "Which sheet is read"). */
  readonly customersSheet: string;
}

/** The contract's order of tables: raw, enriched, rejects, aggregates; within a layer customers, products, orders. */
const TABLE_ORDER = [
  'raw/customers',
  'raw/products',
  'raw/orders',
  'enriched/customers',
  'enriched/products',
  'enriched/orders',
  'rejects/customers',
  'rejects/products',
  'rejects/orders',
  'aggregates/profit_by_year',
  'aggregates/profit_by_category',
  'aggregates/profit_by_sub_category',
  'aggregates/profit_by_customer',
  'aggregates/profit_summary',
];
const tableOrder = (path: string): number =>
  TABLE_ORDER.indexOf(
    path
      .split(sep)
      .join('/')
      .replace(/\.parquet$/, ''),
  );

/**
 * Runs every stage on the sources and writes the warehouse; throws InputError for unusable input.
 * @example
 * const summary = await runPipeline({ input: 'exports', out: 'warehouse' });
 * // summary.quality.tables.orders → { rows_read: 9994, rows_written: 9994, rows_rejected: 0, … }
 */
export async function runPipeline(options: PipelineOptions): Promise<RunSummary> {
  if (options.engine === 'spark') {
    if (options.remote === undefined) throw new UsageError('the spark engine needs a Spark Connect remote (sc://…)');
    // the Spark path (gRPC client, Spark plans) is loaded only when asked for: a local run never pays for it
    const { runSparkPipeline } = await import('./spark-run.js');
    return runSparkPipeline(options, {
      remote: options.remote,
      ...(options.catalog === undefined ? {} : { catalog: options.catalog }),
      ...(options.tableFormat === undefined ? {} : { tableFormat: options.tableFormat }),
      ...(options.sparkTrace === undefined ? {} : { trace: options.sparkTrace }),
    });
  }
  if (options.tableFormat !== undefined && options.tableFormat !== 'parquet') {
    throw new UsageError(
      `table format ${options.tableFormat} is for the spark engine; the local engine writes Parquet`,
    );
  }
  const startedAt = new Date();
  const emit: RunListener = options.onEvent ?? (() => {});
  const { signal } = options;
  const checkpoint = (): void => {
    if (signal?.aborted) throw new InterruptedError(String(signal.reason ?? 'SIGINT'));
  };
  const stageMs: Record<string, number> = {};
  const timed = async <T>(
    stage: string,
    work: () => T | Promise<T>,
    describe: (t: T) => [number, string],
  ): Promise<T> => {
    checkpoint();
    emit({ kind: 'stage-start', stage });
    const t0 = performance.now();
    const result = await work();
    const ms = performance.now() - t0;
    stageMs[stage] = ms;
    checkpoint();
    const [rows, detail] = describe(result);
    emit({ kind: 'stage-end', stage, ms, rows, detail });
    return result;
  };

  // every check that needs no writing comes first: a refused run touches nothing
  const target = await resolveWarehouse(options.out);
  const { sources, orderFiles } = await findRunSources(options);
  await assertOutsideWarehouse(target, readPaths(options, sources, orderFiles));
  for (const file of [sources.customers, sources.products, ...orderFiles]) await checkReadable(file);
  // one order file reads as it always did; several go into the same batches, each row naming its file
  const orderSource = orderFiles.length === 1 ? sources.orders : { label: sources.orders, files: orderFiles };
  checkpoint();
  const lock = await lockWarehouse(target);
  const tables: WrittenTable[] = [];
  let staging: string | null = null;
  let orders: OrderStream | null = null;
  let duckDbThread: DuckDbThread | null = null;
  let ended = false;
  // work started ahead of the stage that awaits it; settled before a failed run deletes its staging folder
  const background: Promise<unknown>[] = [];
  const inBackground = <T>(work: Promise<T>): Promise<T> => {
    background.push(work.catch(() => undefined)); // handled here, so a failure waits for the stage that awaits it
    return work;
  };
  const stopOrders = (): void => void orders?.cancel(new InterruptedError(String(signal?.reason ?? 'SIGINT')));
  signal?.addEventListener('abort', stopOrders, { once: true });
  try {
    await assertReplaceable(target);
    staging = await createStaging(target);
    const stagingDir = staging;
    // the orders start streaming (on a worker thread for a big file) while customers and products are read
    orders = await streamOrders(
      orderSource,
      undefined,
      options.orderBatchRows,
      join(stagingDir, 'raw', 'orders.parquet'),
    );
    // orders read on this thread (a small file): the second core loads DuckDB for the answers and the report
    if (!orders.writesRaw && duckDbThreadsAvailable()) duckDbThread = startDuckDbThread();
    const entities = await timed(
      'read sources',
      () => readCustomersAndProducts(sources),
      (r) => [
        r.customers.table.numRows + r.products.table.numRows,
        `customers ${formatCount(r.customers.table.numRows)}, products ${formatCount(r.products.table.numRows)}`,
      ],
    );
    const stream = orders;
    // stage 2 (enrich-stage.ts): clean customers and products, then enrich the order lines against them
    const { customers, products, lines } = await timed(
      'enrich',
      async () => {
        const cleaned = {
          customers: cleanEntity('customers', entities.customers),
          products: cleanEntity('products', entities.products),
        };
        if (options.onBadRows === 'fail') failOnFirstReject([cleaned.customers.rejects, cleaned.products.rejects]);
        checkpoint();
        // a worker is still parsing the first batch: load the report's and SQL's libraries meanwhile
        if (stream.writesRaw) preloadLaterStages();
        const enriched = await enrichOrderLines(stream, cleaned.customers.table, cleaned.products.table, {
          ordersFile: sources.orders,
          ...(orderFiles.length > 1 ? { orderFiles } : {}),
          rawFile: join(stagingDir, 'raw', 'orders.parquet'),
          enrichedFile: join(stagingDir, 'enriched', 'orders.parquet'),
          onBatch: (done) => {
            emit({ kind: 'progress', stage: 'enrich', done, total: stream.bytes });
          },
          checkpoint,
        });
        return { ...cleaned, lines: enriched };
      },
      ({ lines: l }) => [
        l.rawRows,
        `orders ${formatCount(l.rawRows)} read, ${formatCount(l.enrichedRows)} enriched ` +
          `in ${formatCount(l.batches)} batch${l.batches === 1 ? '' : 'es'}`,
      ],
    );
    if (options.onBadRows === 'fail') failOnFirstReject([lines.rejects]);
    const aggregates = await timed(
      'aggregate',
      () => aggregatesFromSummary(lines.summary),
      (a) => [a.profit_summary.numRows, `${Object.keys(a).length} aggregates`],
    );
    // the charts are drawn from the tables in memory (a few milliseconds), not read back from the warehouse
    const chartTables = {
      ...aggregates,
      raw_customers: entities.customers.table,
      enriched_customers: customers.table,
    };
    const charts = startCharts(chartTables);
    // the four answers read enriched/orders only, complete now: DuckDB computes them on its own threads while
    // this thread writes the other tables (not during the aggregate stage: the run's memory peaks there)
    // (on the DuckDB thread when there is one; work it could not do is done here again, to fail as it would here)
    const answerOptions = { requireMarker: false, tables: ['enriched.orders'] } as const;
    const dbThread = duckDbThread;
    const answering = inBackground(
      dbThread === null
        ? runSqlAnswers(stagingDir, answerOptions)
        : dbThread
            .answers(stagingDir, answerOptions)
            .catch(() => (ended ? [] : runSqlAnswers(stagingDir, answerOptions))),
    );
    tables.push(
      { path: join('raw', 'orders.parquet'), rows: lines.rawRows },
      { path: join('enriched', 'orders.parquet'), rows: lines.enrichedRows },
    );
    const quality = { tables: { customers: customers.quality, products: products.quality, orders: lines.quality } };
    const rowsIn = {
      customers: entities.customers.rowsRead,
      products: entities.products.rowsRead,
      orders: lines.quality.rows_read,
    };
    const layers: LayerTables = [
      ['raw', { customers: entities.customers.table, products: entities.products.table }],
      ['enriched', { customers: customers.table, products: products.table }],
      ['rejects', { customers: customers.rejects, products: products.rejects, orders: lines.rejects }],
      ['aggregates', aggregates],
    ];
    await timed(
      'write',
      async () => {
        tables.push(...(await writeLayers(stagingDir, layers, quality, checkpoint)));
      },
      () => [tables.reduce((n, t) => n + t.rows, 0), `${tables.length} tables`],
    );
    tables.sort((a, z) => tableOrder(a.path) - tableOrder(z.path));
    // the report's other tables are read now (DuckDB's threads) while the answers finish
    const summaries: typeof reportSummaries | undefined =
      dbThread === null
        ? undefined
        : (...args) =>
            dbThread
              .summaries(...args)
              .catch(() => (ended ? Promise.reject(new InterruptedError('ended')) : reportSummaries(...args)));
    const report = startReport(stagingDir, charts, { ...chartTables, ...(summaries ? { summaries } : {}) });
    background.push(report.settled);
    // the sql stage: what is left of the answers once the tables are written (they began after the enrich stage)
    const answers = await timed(
      'sql',
      () => answering,
      (a) => [a.reduce((n, x) => n + x.rowCount, 0), `${a.length} answers`],
    );
    const customersSheet = entities.customers.sheet ?? '';
    const facts = await collectRunFacts(startedAt, sources, rowsIn, stageMs, { customersSheet, orderFiles });
    await writeRunFacts(stagingDir, facts);
    // the report stage: what is left of the report once the answers and run.json are written
    await timed(
      'report',
      () =>
        report.finish(
          undefined,
          undefined,
          answers.map((a) => ({ name: a.name, rows: a.rowCount })),
        ),
      () => [lines.enrichedRows, 'report/index.html'],
    );
    // the report shows its own time; run.json gets it once the report is written
    await writeRunFacts(stagingDir, withStage(facts, 'report', stageMs['report']!));
    checkpoint(); // the last point of return: from here on the run finishes
    await commitStaging(stagingDir, target, { tool: 'ecomflow', layout: 1 });
    staging = null;
    return { warehouse: options.out, sources, tables, rowsIn, stageMs, quality, answers, customersSheet };
  } catch (error) {
    await orders?.cancel(error); // the read has stopped and closed its file before the staging folder goes
    await Promise.allSettled(background);
    if (staging !== null) await discardStaging(staging);
    throw faultOf(error, [sources.customers, sources.products, sources.orders, ...orderFiles], target);
  } finally {
    signal?.removeEventListener('abort', stopOrders);
    ended = true; // work the DuckDB thread has not finished is not wanted: not done again when it stops
    await duckDbThread?.close();
    await lock.release();
  }
}

/** The paths a run reads, as the user named them (and each order file): none may lie inside the warehouse. */
function readPaths(options: PipelineOptions, sources: SourceFiles, orderFiles: readonly string[]): ReadPath[] {
  const flag = (key: keyof SourceFiles): string => (options[key] === undefined ? `${key} file` : `--${key}`);
  return [
    ...(options.input === undefined ? [] : [{ label: '--input', path: options.input }]),
    { label: flag('customers'), path: sources.customers },
    { label: flag('products'), path: sources.products },
    ...(orderFiles.length === 1
      ? [{ label: flag('orders'), path: sources.orders }]
      : orderFiles.map((path) => ({ label: `${flag('orders')} match`, path }))),
  ];
}

/** A file-system error as the typed error naming what could not be read (a source) or written (the warehouse). */
function faultOf(error: unknown, sources: readonly string[], target: string): unknown {
  const path = (error as { path?: unknown } | null)?.path;
  const source = sources.find((s) => s === path);
  return (source === undefined ? writeFault(error, target) : readFault(error, source)) ?? error;
}

/**
 * The Spark runner (`--engine spark`): the same stages as the local runner, with the order lines on a Spark
 * Connect server. Customers and products are read and cleaned on the client by ecomflow's own readers and rules,
 * then handed to Spark as local relations; Spark reads the orders itself and runs the order steps
 * (src/spark/plan/order-steps.ts), writing raw/, enriched/ and rejects/ orders as folders of Parquet part files
 * into the staging warehouse. The small results (profit summary, counts) come back as Arrow: the client writes
 * the aggregates, quality.json, the SQL answers, run.json and the report, then swaps the staging folder in.
 */
import type { LayerTables } from './write-layers.js';
import { assertDelta, tablePath, writeClientTables, writeSparkTable, type TableFormat } from './spark-write.js';
import { readFileHead } from '../io/files/folders.js';
import { extname, join, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Table } from 'apache-arrow';
import { InputError, InterruptedError } from '../errors.js';
import { checkReadable } from '../io/files/file-info.js';
import { findRunSources } from '../io/sources.js';
import { profitSummary } from '../schemas/aggregates.js';
import { rejectedOrders } from '../schemas/rejects.js';
import { connectSpark, type SparkSession } from '../spark/session.js';
import { SparkError } from '../spark/spark-error.js';
import { describeRemote, parseConnectionString } from '../spark/connection-string.js';
import { toProjectTable } from '../spark/project-table.js';
import { sqlIdentifier, sqlString } from '../spark/sql-text.js';
import { snakeCase } from '../schemas/names.js';
import * as plan from '../spark/plan/order-steps.js';
import { issueRejectsSql } from '../spark/plan/json-issues.js';
import { checkJsonRows } from './spark-json-rows.js';
import { aggregatesFromSummary } from '../transforms/profit-aggregates.js';
import { addFix, type Fixes } from '../transforms/quality.js';
import { runSqlAnswers } from '../sql/answers.js';
import { buildReport } from '../report/build-report.js';
import { collectRunFacts, withStage, writeRunFacts } from '../report/run-facts.js';
import { cleanEntity } from './enrich-stage.js';
import { failOnFirstReject } from './fail-fast.js';
import { readCustomersAndProducts } from './raw-stage.js';
import { tableQuality } from './quality-report.js';
import { assertReplaceable, commitStaging, createStaging, discardStaging, lockWarehouse } from './warehouse.js';
import { resolveWarehouse } from './out-path.js';
import type { RunListener } from './events.js';
import type { PipelineOptions, RunSummary, WrittenTable } from './run-pipeline.js';

/** The Spark-specific options of a run. */
export interface SparkRunOptions {
  /** The Spark Connect connection string, `sc://host:port[/;token=…]`. */
  readonly remote: string;
  /** Registers every table as an external table `<catalog>.<layer>_<table>` (USING parquet|delta LOCATION …). */
  readonly catalog?: string;
  /** `parquet` (default): folders of part files, client tables as files; `delta`: every table a Delta table. */
  readonly tableFormat?: TableFormat;
  /** Told each statement's time and text, as `spark <kind> <ms> ms: <text>` (where a Spark run's time goes). */
  readonly trace?: (line: string) => void;
}

/** The views the plan builds, in order. */
const V = {
  source: 'ef_orders_source',
  lines: 'ef_orders_lines',
  raw: 'ef_raw_orders',
  staged: 'ef_staged_orders',
  deduped: 'ef_deduped_orders',
  kept: 'ef_kept_orders',
  enriched: 'ef_enriched_orders',
  customers: 'ef_customers',
  products: 'ef_products',
} as const;

/**
 * Runs the pipeline with the order lines on Spark; same inputs, warehouse layout and answers as `runPipeline`.
 * @example
 * await runSparkPipeline({ input: 'exports', out: 'warehouse' }, { remote: 'sc://127.0.0.1:15002' });
 */
export async function runSparkPipeline(options: PipelineOptions, spark: SparkRunOptions): Promise<RunSummary> {
  const startedAt = new Date();
  const emit: RunListener = options.onEvent ?? (() => {});
  const { signal } = options;
  const checkpoint = (): void => {
    if (signal?.aborted) throw new InterruptedError(String(signal.reason ?? 'SIGINT'));
  };
  const stageMs: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => Promise<T>, detail: (t: T) => [number, string]): Promise<T> => {
    checkpoint();
    emit({ kind: 'stage-start', stage });
    const t0 = performance.now();
    const result = await work();
    const ms = performance.now() - t0;
    stageMs[stage] = ms;
    checkpoint();
    const [rows, text] = detail(result);
    emit({ kind: 'stage-end', stage, ms, rows, detail: text });
    return result;
  };

  const format = spark.tableFormat ?? 'parquet';
  const remote = parseConnectionString(spark.remote); // UsageError when malformed, before anything else
  const target = await resolveWarehouse(options.out);
  const { sources, orderFiles } = await findRunSources(options); // as locally
  const several = orderFiles.length > 1;
  for (const file of [sources.customers, sources.products, ...orderFiles]) await checkReadable(file);
  const files: plan.OrderFile[] = [];
  for (const file of orderFiles) files.push({ path: resolve(file), layout: await ordersLayout(file), label: file });
  const layout = files[0]!.layout;
  checkpoint();
  const session = traced(await connectSpark(remote), spark.trace); // SparkError spark.unreachable names the remote
  const lock = await lockWarehouse(target);
  let staging: string | null = null;
  try {
    for (const file of orderFiles) await probeReadable(session, file, spark.remote);
    if (format === 'delta') await assertDelta(session, join(target, '.ecomflow-delta-probe'), describeRemote(remote));
    await assertReplaceable(target);
    staging = await createStaging(target);
    const stagingDir = staging;
    const entities = await timed(
      'read sources',
      () => readCustomersAndProducts(sources),
      (r) => [r.customers.table.numRows + r.products.table.numRows, 'customers, products'],
    );
    const customers = cleanEntity('customers', entities.customers);
    const products = cleanEntity('products', entities.products);
    if (options.onBadRows === 'fail') failOnFirstReject([customers.rejects, products.rejects]);

    const lines = await timed(
      'enrich',
      async () => {
        await session.createTempView(V.customers, customers.table);
        await session.createTempView(V.products, products.table);
        // one orders file: its rows checked as JSON text (json-issues.ts); several: keys by schema inference
        const jsonRows = several
          ? undefined
          : await checkJsonRows(session, resolve(sources.orders), layout, sources.orders);
        const columns = plan.rawColumns(jsonRows?.extras ?? (await undeclaredKeys(session, files)));
        if (several) {
          for (const sql of plan.readOrderFilesSql(V.source, files, columns)) await session.command(sql);
          await session.command(
            `CACHE TABLE ${V.raw} OPTIONS ('storageLevel' 'MEMORY_AND_DISK') AS ` +
              plan.rawOrdersStep(V.source, columns, true),
          );
        } else {
          await session.command(plan.readOrdersSql(V.source, resolve(sources.orders), layout, columns));
          // cached once: the one read of the orders, with the positions source_row is numbered from
          await session.command(
            `CACHE TABLE ${V.lines} OPTIONS ('storageLevel' 'MEMORY_AND_DISK') AS ` +
              plan.numberedLinesSql(V.source, columns, layout),
          );
          // the rows Spark read, numbered by the file's lines when the JSON-row check ran (blank and rejected lines)
          const rowMap = jsonRows?.views?.rowMap;
          const rawRows = numberedRawRows(plan.rawOrdersStep(V.lines, columns), columns, rowMap);
          if (rowMap === undefined) await view(session, V.raw, rawRows);
          else await session.command(`CACHE TABLE ${V.raw} OPTIONS ('storageLevel' 'MEMORY_AND_DISK') AS ${rawRows}`);
        }
        await view(session, V.staged, plan.stageStep(V.raw, columns, several));
        await session.command(
          `CACHE TABLE ${V.deduped} OPTIONS ('storageLevel' 'MEMORY_AND_DISK') AS ` +
            plan.dedupeStep(V.staged, several ? orderFiles : []),
        );
        // cached: the enriched write, the profit summary and the unknown counts all read the kept lines
        await session.command(
          `CACHE TABLE ${V.kept} OPTIONS ('storageLevel' 'MEMORY_AND_DISK') AS ` +
            plan.keptLinesStep(V.deduped, several),
        );
        await view(session, V.enriched, plan.enrichedOrdersStep(V.kept, V.customers, V.products, several));
        checkpoint();
        const names = columns.map((c) => sqlIdentifier(c.name)).join(', ');
        const raw = several
          ? `SELECT ${names}, source_file, source_row FROM ${V.raw} ORDER BY file_index, source_row`
          : `SELECT ${names}, source_row FROM ${V.raw} ORDER BY source_row`;
        await writeSparkTable(session, join(stagingDir, tablePath('raw', 'orders', format)), raw, format);
        const enriched = plan.enrichedWriteSql(V.enriched, several);
        await writeSparkTable(session, join(stagingDir, tablePath('enriched', 'orders', format)), enriched, format);
        const lineCounts = (await session.sql(plan.orderCountsStep(V.deduped))).get(0)!.toJSON() as Record<
          string,
          bigint
        >;
        const counts: Record<string, bigint> = {
          ...lineCounts,
          rows_raw: lineCounts['rows_read']!,
          rows_read: lineCounts['rows_read']! + BigInt(jsonRows?.issues ?? 0),
          unknown_customers: await single(session, plan.unknownLinesSql(V.kept, V.customers, 'customer_id')),
          unknown_products: await single(session, plan.unknownLinesSql(V.kept, V.products, 'product_id')),
        };
        const issueRules =
          jsonRows?.views === undefined
            ? ''
            : ` UNION ALL SELECT rule, count(*) AS n FROM ${jsonRows.views.classified} ` +
              `WHERE rule IN ('json.not_an_object', 'json.duplicate_key') GROUP BY 1`;
        const rules = await session.sql(
          `SELECT reject_rule AS rule, count(*) AS n FROM ${V.deduped} WHERE reject_rule IS NOT NULL GROUP BY 1` +
            issueRules,
        );
        const summary = toProjectTable(await session.sql(plan.profitSummarySql(V.enriched)), profitSummary.columns);
        const issueRejects =
          jsonRows?.views === undefined
            ? ''
            : ` UNION ALL ${issueRejectsSql(jsonRows.views.classified, sqlString(sources.orders))}`;
        const rejectsSql = several
          ? `${plan.orderRejectsStep(V.deduped, 'source_file')} ORDER BY file_index, source_row`
          : `SELECT * FROM (${plan.orderRejectsStep(V.deduped, sqlString(sources.orders))}${issueRejects}) ` +
            'ORDER BY source_row';
        const rejects = toProjectTable(await session.sql(rejectsSql), rejectedOrders.columns);
        const perFile = several ? await rowsPerFile(session, V.raw, orderFiles) : undefined;
        return { counts, rules, summary, rejects, perFile };
      },
      (l) => [Number(l.counts['rows_read']), `orders ${Number(l.counts['rows_written'])} enriched on Spark`],
    );
    const n = (key: string): number => Number(lines.counts[key] ?? 0);
    if (options.onBadRows === 'fail') failOnFirstReject([lines.rejects]);
    const ruleNames: string[] = [];
    for (const row of lines.rules.toArray() as { rule: string; n: bigint }[]) {
      for (let i = 0; i < Number(row.n); i++) ruleNames.push(row.rule);
    }
    const fixes: Fixes = {};
    if (n('price_cleaned') > 0) addFix(fixes, 'price.stray_characters', { changed: n('price_cleaned') });
    if (n('profit_rounded') > 0) addFix(fixes, 'profit.round_2dp', { changed: n('profit_rounded') });
    const ordersQuality = tableQuality(
      {
        file: sources.orders,
        rowsRead: n('rows_read'),
        ...(lines.perFile === undefined ? {} : { files: lines.perFile }),
      },
      n('rows_raw'),
      n('rows_written'),
      ruleNames,
      fixes,
      { unknown_customer_lines: n('unknown_customers'), unknown_product_lines: n('unknown_products') },
    );
    const quality = { tables: { customers: customers.quality, products: products.quality, orders: ordersQuality } };
    const aggregates = aggregatesFromSummary(lines.summary);
    const tables: WrittenTable[] = [
      { path: tablePath('raw', 'orders', format), rows: n('rows_raw') },
      { path: tablePath('enriched', 'orders', format), rows: n('rows_written') },
    ];
    const layers: LayerTables = [
      ['raw', { customers: entities.customers.table, products: entities.products.table }],
      ['enriched', { customers: customers.table, products: products.table }],
      ['rejects', { customers: customers.rejects, products: products.rejects, orders: lines.rejects }],
      ['aggregates', aggregates],
    ];
    await timed(
      'write',
      async () => {
        tables.push(...(await writeClientTables(session, stagingDir, layers, quality, checkpoint, format)));
      },
      () => [tables.reduce((s, t) => s + t.rows, 0), `${tables.length} tables`],
    );
    const answers = await timed(
      'sql',
      () => runSqlAnswers(stagingDir, { requireMarker: false }),
      (a) => [a.reduce((s, x) => s + x.rowCount, 0), `${a.length} answers`],
    );
    const rowsIn = {
      customers: entities.customers.rowsRead,
      products: entities.products.rowsRead,
      orders: n('rows_read'),
    };
    const customersSheet = entities.customers.sheet ?? '';
    const facts = await collectRunFacts(startedAt, sources, rowsIn, stageMs, { customersSheet, orderFiles });
    await writeRunFacts(stagingDir, facts);
    await timed(
      'report',
      () => buildReport(stagingDir),
      () => [n('rows_written'), 'report/index.html'],
    );
    await writeRunFacts(stagingDir, withStage(facts, 'report', stageMs['report']!));
    checkpoint();
    await commitStaging(stagingDir, target, { tool: 'ecomflow', layout: 1 });
    staging = null;
    if (spark.catalog !== undefined) {
      await timed(
        'catalog',
        () => registerTables(session, spark.catalog!, target, tables, format),
        () => [tables.length, `${tables.length} tables in ${spark.catalog!}`],
      );
    }
    return { warehouse: options.out, sources, tables, rowsIn, stageMs, quality, answers, customersSheet };
  } catch (error) {
    if (staging !== null) await discardStaging(staging);
    throw error;
  } finally {
    await session.close();
    await lock.release();
  }
}

/**
 * raw/orders' rows with `source_row` the line (or element) number: with a row map (json-issues.ts), Spark's k-th
 * row of a file joined to its line, rows of lines with an issue left out; else Spark's row number as it is.
 */
function numberedRawRows(raw: string, columns: readonly plan.SourceColumn[], rowMap: string | undefined): string {
  if (rowMap === undefined) return raw;
  const names = columns.map((c) => `r.${sqlIdentifier(c.name)}`).join(', ');
  return (
    `SELECT ${names}, m.line_no AS source_row, r.source_file FROM (${raw}) r JOIN ${rowMap} m ` +
    'ON r.source_file = m.source_file AND r.source_row = m.k WHERE m.rule IS NULL'
  );
}

/**
 * The orders' keys beyond the declared columns (the local reader keeps them as text columns): one schema
 * inference pass over each file (each with its own layout), every primitive as a string; in file order.
 */
async function undeclaredKeys(session: SparkSession, files: readonly plan.OrderFile[]): Promise<plan.SourceColumn[]> {
  const declared = new Set(plan.DECLARED_ORDER_COLUMNS.map((c) => c.name));
  const extras: plan.SourceColumn[] = [];
  for (const file of files) {
    const path = files.length > 1 ? plan.hadoopLiteral(file.path) : file.path;
    await session.command(
      `CREATE OR REPLACE TEMPORARY VIEW ef_orders_keys USING json OPTIONS (path ${sqlString(path)}, ` +
        `multiLine '${file.layout === 'array' ? 'true' : 'false'}', primitivesAsString 'true')`,
    );
    const keys = (await session.sql('SELECT * FROM ef_orders_keys LIMIT 0')).schema.fields.map((f) => f.name);
    for (const key of keys) {
      const name = snakeCase(key);
      if (key === '_corrupt_record' || declared.has(name)) continue;
      declared.add(name);
      extras.push({ source: key, name });
    }
  }
  return extras;
}

/** Orders of several files: each file's rows in the raw view, in read order (quality.json's `files`). */
async function rowsPerFile(
  session: SparkSession,
  raw: string,
  files: readonly string[],
): Promise<{ file: string; rowsRead: number }[]> {
  const counts = new Map<number, number>();
  const result = await session.sql(`SELECT file_index, count(*) AS n FROM ${raw} GROUP BY file_index`);
  for (const row of result.toArray() as { file_index: number | bigint; n: bigint }[]) {
    counts.set(Number(row.file_index), Number(row.n));
  }
  return files.map((file, k) => ({ file, rowsRead: counts.get(k) ?? 0 }));
}

/** With a `trace` listener, tells it each statement's time (the benchmark notes in docs/performance.md use it). */
function traced(session: SparkSession, trace: ((line: string) => void) | undefined): SparkSession {
  if (trace === undefined) return session;
  const time = async <R>(name: string, text: string, work: () => Promise<R>): Promise<R> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      const ms = Math.round(performance.now() - t0);
      trace(`spark ${name} ${ms} ms: ${text.replace(/\s+/g, ' ').slice(0, 90)}`);
    }
  };
  return Object.assign(Object.create(session) as SparkSession, {
    sql: (q: string) => time('sql', q, () => session.sql(q)),
    command: (q: string) => time('command', q, () => session.command(q)),
    createTempView: (name: string, t: Table) => time('view', name, () => session.createTempView(name, t)),
  });
}

/**
 * Registers each written table as an external table `<schema>.<layer>_<table>` (`USING parquet` or `delta`) over
 * its final location (after the swap), replacing a previous registration of that name.
 */
export async function registerTables(
  session: SparkSession,
  schema: string,
  warehouse: string,
  tables: readonly WrittenTable[],
  format: TableFormat = 'parquet',
): Promise<void> {
  await session.command(`CREATE SCHEMA IF NOT EXISTS ${sqlIdentifier(schema)}`);
  for (const t of tables) {
    const [layer, file] = t.path.split(sep) as [string, string];
    const name = `${sqlIdentifier(schema)}.${sqlIdentifier(`${layer}_${file.replace(/\.parquet$/, '')}`)}`;
    await session.command(`DROP TABLE IF EXISTS ${name}`);
    await session.command(`CREATE TABLE ${name} USING ${format} LOCATION ${sqlString(resolve(warehouse, t.path))}`);
  }
}

/** The one number a query answers. */
async function single(session: SparkSession, query: string): Promise<bigint> {
  return BigInt((await session.sql(query)).get(0)!.toArray()[0] as bigint | number);
}

/** Creates or replaces a temp view. */
async function view(session: SparkSession, name: string, query: string): Promise<void> {
  await session.command(`CREATE OR REPLACE TEMPORARY VIEW ${name} AS ${query}`);
}

/** A JSON array or NDJSON, as the local reader decides: `.ndjson`/`.jsonl` by name, else by the first byte. */
async function ordersLayout(file: string): Promise<plan.OrdersLayout> {
  const ext = extname(file).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  const text = (await readFileHead(file, 4096))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return text.startsWith('[') ? 'array' : 'ndjson';
}

/**
 * Checks, before any work, that the server can read the orders path (a cluster does not see the client's
 * files): a tiny read of the first line; PATH_NOT_FOUND becomes an InputError naming the path and the remote.
 */
export async function probeReadable(session: SparkSession, file: string, remote: string): Promise<void> {
  try {
    await session.sql(`SELECT 1 FROM text.${sqlIdentifier(resolve(file))} LIMIT 1`);
  } catch (e) {
    if (
      e instanceof SparkError &&
      (e.errorClass === 'PATH_NOT_FOUND' || /PATH_NOT_FOUND|does not exist/.test(e.message))
    ) {
      throw new InputError(
        'spark.unreadable_input',
        `the Spark server ${describeRemote(parseConnectionString(remote))} cannot read this path; ` +
          'put the orders where the cluster can read them (a shared folder or an object-store URI)',
        { file },
      );
    }
    throw e;
  }
}

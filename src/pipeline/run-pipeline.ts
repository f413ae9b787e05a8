/**
 * The runner: names each step (sources → raw → …), writes every table into a staging warehouse and swaps it
 * into place at the end. Logic lives in io/ and transforms/; this file only wires and counts.
 */
import { join, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeParquet } from '../io/parquet/write-parquet.js';
import { findSources, type SourceFiles } from '../io/sources.js';
import { readCustomersAndProducts, streamOrders, type OrderStream } from './raw-stage.js';
import { cleanEntity, enrichOrderLines } from './enrich-stage.js';
import { failOnFirstReject } from './fail-fast.js';
import { aggregatesFromSummary } from '../transforms/profit-aggregates.js';
import { writeFileAtomic } from '../io/files/atomic-file.js';
import type { Table } from 'apache-arrow';
import type { TableQuality } from './quality-report.js';
import type { RunListener } from './events.js';
import { assertReplaceable, commitStaging, createStaging, discardStaging } from './warehouse.js';
import { runSqlAnswers, type SqlAnswer } from '../sql/answers.js';
import { buildReport } from '../report/build-report.js';
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
  const startedAt = new Date();
  const emit: RunListener = options.onEvent ?? (() => {});
  const stageMs: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => Promise<T>, describe: (t: T) => [number, string]): Promise<T> => {
    emit({ kind: 'stage-start', stage });
    const t0 = performance.now();
    const result = await work();
    const ms = performance.now() - t0;
    stageMs[stage] = ms;
    const [rows, detail] = describe(result);
    emit({ kind: 'stage-end', stage, ms, rows, detail });
    return result;
  };

  const explicit = {
    ...(options.customers === undefined ? {} : { customers: options.customers }),
    ...(options.products === undefined ? {} : { products: options.products }),
    ...(options.orders === undefined ? {} : { orders: options.orders }),
  };
  const sources = await findSources(options.input, explicit);
  await assertReplaceable(options.out);
  const staging = await createStaging(options.out);
  const tables: WrittenTable[] = [];
  let orders: OrderStream | null = null;
  try {
    // the orders start streaming (on a worker thread for a big file) while customers and products are read
    orders = await streamOrders(
      sources.orders,
      (done, total) => emit({ kind: 'progress', stage: 'enrich', done, total }),
      options.orderBatchRows,
      join(staging, 'raw', 'orders.parquet'),
    );
    const entities = await timed(
      'read sources',
      () => readCustomersAndProducts(sources),
      (r) => [
        r.customers.table.numRows + r.products.table.numRows,
        `customers ${r.customers.table.numRows}, products ${r.products.table.numRows}`,
      ],
    );
    const customers = cleanEntity('customers', entities.customers);
    const products = cleanEntity('products', entities.products);
    if (options.onBadRows === 'fail') failOnFirstReject([customers.rejects, products.rejects]);
    const lines = await timed(
      'enrich',
      () =>
        enrichOrderLines(orders!, customers.table, products.table, {
          ordersFile: sources.orders,
          rawFile: join(staging, 'raw', 'orders.parquet'),
          enrichedFile: join(staging, 'enriched', 'orders.parquet'),
        }),
      (l) => [
        l.rawRows,
        `orders ${l.rawRows} read, ${l.enrichedRows} enriched in ${l.batches} batch${l.batches === 1 ? '' : 'es'}`,
      ],
    );
    if (options.onBadRows === 'fail') failOnFirstReject([lines.rejects]);
    const aggregates = await timed(
      'aggregate',
      async () => aggregatesFromSummary(lines.summary),
      (a) => [a.profit_summary.numRows, `${Object.keys(a).length} aggregates`],
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
    const layers: [string, Record<string, Table>][] = [
      ['raw', { customers: entities.customers.table, products: entities.products.table }],
      ['enriched', { customers: customers.table, products: products.table }],
      ['rejects', { customers: customers.rejects, products: products.rejects, orders: lines.rejects }],
      ['aggregates', aggregates],
    ];
    await timed(
      'write',
      async () => {
        for (const [layer, byName] of layers) {
          for (const [name, table] of Object.entries(byName)) {
            const path = join(layer, `${name}.parquet`);
            await writeParquet(join(staging, path), table);
            tables.push({ path, rows: table.numRows });
          }
        }
        await writeFileAtomic(join(staging, 'quality.json'), async (h) => {
          await h.writeFile(`${JSON.stringify(quality, null, 2)}\n`);
        });
      },
      () => [tables.reduce((n, t) => n + t.rows, 0), `${tables.length} tables`],
    );
    tables.sort((a, z) => tableOrder(a.path) - tableOrder(z.path));
    const answers = await timed(
      'sql',
      () => runSqlAnswers(staging, { requireMarker: false }),
      (a) => [a.reduce((n, x) => n + x.result.rows.length, 0), `${a.length} answers`],
    );
    const customersSheet = entities.customers.sheet ?? '';
    const facts = await collectRunFacts(startedAt, sources, rowsIn, stageMs, { customersSheet });
    await writeRunFacts(staging, facts);
    await timed(
      'report',
      () => buildReport(staging),
      () => [lines.enrichedRows, 'report/index.html'],
    );
    // the report shows its own time; run.json gets it once the report is written
    await writeRunFacts(staging, withStage(facts, 'report', stageMs['report']!));
    await commitStaging(staging, options.out, { tool: 'ecomflow', layout: 1 });
    return { warehouse: options.out, sources, tables, rowsIn, stageMs, quality, answers, customersSheet };
  } catch (error) {
    await orders?.cancel(); // the read has stopped and closed its file before the staging folder goes
    await discardStaging(staging);
    throw error;
  }
}

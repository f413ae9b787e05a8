/**
 * The runner: names each step (sources → raw → …), writes every table into a staging warehouse and swaps it
 * into place at the end. Logic lives in io/ and transforms/; this file only wires and counts.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeParquet } from '../io/parquet-write.js';
import { findSources, type SourceFiles } from '../io/sources.js';
import { readRawTables } from './raw-stage.js';
import { enrichTables } from './enrich-stage.js';
import { failOnFirstReject } from './fail-fast.js';
import { profitAggregates } from '../transforms/profit-aggregates.js';
import { writeFileAtomic } from '../io/atomic-file.js';
import type { Table } from 'apache-arrow';
import type { TableQuality } from './quality-report.js';
import type { RunListener } from './events.js';
import { assertReplaceable, commitStaging, createStaging, discardStaging } from './warehouse.js';
import { runSqlAnswers, type SqlAnswer } from '../sql/answers.js';
import { buildReport } from '../report/build-report.js';
import { collectRunFacts, writeRunFacts } from '../report/run-facts.js';

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
}

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

  const raw = await timed(
    'read sources',
    () => readRawTables(sources),
    (r) => [
      r.customers.table.numRows + r.products.table.numRows + r.orders.table.numRows,
      `customers ${r.customers.table.numRows}, products ${r.products.table.numRows}, orders ${r.orders.table.numRows}`,
    ],
  );

  const enriched = await timed(
    'enrich',
    async () => enrichTables(raw),
    (e) => [e.orders.numRows, `customers ${e.customers.numRows}, products ${e.products.numRows}, orders ${e.orders.numRows}`],
  );
  if (options.onBadRows === 'fail') {
    failOnFirstReject([enriched.rejects.customers, enriched.rejects.products, enriched.rejects.orders]);
  }
  const aggregates = await timed(
    'aggregate',
    async () => profitAggregates(enriched.orders),
    (a) => [a.profit_summary.numRows, `${Object.keys(a).length} aggregates`],
  );

  const layers: [string, Record<string, Table>][] = [
    ['raw', { customers: raw.customers.table, products: raw.products.table, orders: raw.orders.table }],
    ['enriched', { customers: enriched.customers, products: enriched.products, orders: enriched.orders }],
    ['rejects', enriched.rejects],
    ['aggregates', aggregates],
  ];
  const quality = { tables: enriched.quality };

  const staging = await createStaging(options.out);
  const tables: WrittenTable[] = [];
  let answers: SqlAnswer[] = [];
  try {
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
    answers = await timed(
      'sql',
      () => runSqlAnswers(staging, { requireMarker: false }),
      (a) => [a.reduce((n, x) => n + x.result.rows.length, 0), `${a.length} answers`],
    );
    const rowsRead = { customers: raw.customers.rowsRead, products: raw.products.rowsRead, orders: raw.orders.rowsRead };
    await writeRunFacts(staging, await collectRunFacts(startedAt, sources, rowsRead, stageMs));
    await timed('report', () => buildReport(staging), () => [enriched.orders.numRows, 'report/index.html']);
    await commitStaging(staging, options.out, { tool: 'ecomflow', layout: 1 });
  } catch (error) {
    await discardStaging(staging);
    throw error;
  }

  return {
    warehouse: options.out,
    sources,
    tables,
    rowsIn: {
      customers: raw.customers.rowsRead,
      products: raw.products.rowsRead,
      orders: raw.orders.rowsRead,
    },
    stageMs,
    quality,
    answers,
  };
}

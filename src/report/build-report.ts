/** `buildReport`: reads a warehouse and writes `<warehouse>/report/index.html`, its own build time included. */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeTextFile } from '../io/files/text-file.js';
import { chartDataOf, type ChartTables } from './chart-data.js';
import { loadReportTables, withRunFiles } from './load-data.js';
import { reportHtml } from './page.js';
import { profitCharts, renderCharts, type ChartRenderer } from './profit-section.js';
import { fillReportTime } from './run-section.js';
import type { ChartData, TableCount } from './report-data.js';

/** Options of `buildReport`. */
export interface ReportOptions {
  /** The time printed as "report built" (default: now). */
  readonly now?: Date;
}

/** The report's path inside a warehouse. */
export const REPORT_FILE = join('report', 'index.html');

/**
 * Builds the stakeholder report of `warehouse` and returns the path of the HTML file written. The page shows the
 * time it took to build (reading the warehouse and rendering), measured just before the file is written.
 * Throws InputError when the folder holds no warehouse (no quality.json, missing tables).
 * @example
 * await buildReport('warehouse'); // 'warehouse/report/index.html'
 */
export async function buildReport(warehouse: string, options: ReportOptions = {}): Promise<string> {
  const started = performance.now();
  return startReport(warehouse).finish(options.now, started);
}

/** A report whose reading and charts are under way (see `startReport`). */
export interface StartedReport {
  /**
   * Reads the SQL answers' sizes and run.json, builds the page and writes it; returns the file's path. The page
   * says it was built at `now` (default: once its data is read) and shows the time since `since` (default: this
   * call), measured just before the file is written. `sqlAnswers`: the answers' row counts when the caller
   * has them (the pipeline has just written them); else the CSVs in sql/ are counted.
   */
  finish(now?: Date, since?: number, sqlAnswers?: readonly TableCount[]): Promise<string>;
  /** Settles when the work started has ended, however it ended (never rejects). */
  readonly settled: Promise<void>;
}

/** Charts whose drawing began before the report did: their data, and their SVGs to come. */
export interface ChartsUnderWay {
  readonly data: ChartData;
  readonly svgs: Promise<string[]>;
}

/**
 * Starts drawing the charts of `tables` with `render` (the pipeline: from the tables it holds in memory, while it
 * writes the warehouse); hand the result to `startReport`.
 * @example
 * const charts = startCharts({ ...aggregates, raw_customers, enriched_customers }, thread.render);
 */
export function startCharts(tables: ChartTables, render: ChartRenderer = renderCharts): ChartsUnderWay {
  const data = chartDataOf(tables);
  const svgs = render(profitCharts(data));
  svgs.catch(() => undefined); // awaited by the report's finish
  return { data, svgs };
}

/**
 * Starts the report of `warehouse` without waiting for it: its tables are read now (DuckDB works on its own
 * threads) and its charts rendered by `render` as soon as their data is known, while the caller goes on (the
 * pipeline writes its SQL answers and run.json meanwhile); `finish` then adds those and writes the page.
 * `render` may instead be charts already under way (`startCharts`): they are not drawn again.
 * `known`: tables the caller holds in memory, as written to the warehouse (they are not read again).
 * @example
 * const report = startReport('warehouse');
 * // … the answers and run.json are written …
 * await report.finish(); // 'warehouse/report/index.html'
 */
export function startReport(
  warehouse: string,
  render: ChartRenderer | ChartsUnderWay = renderCharts,
  known?: Partial<ChartTables>,
): StartedReport {
  let svgs: Promise<string[]> | undefined;
  const tables =
    typeof render === 'function'
      ? loadReportTables(
          warehouse,
          (charts) => {
            svgs = render(profitCharts(charts));
            svgs.catch(() => undefined); // awaited by finish
          },
          known,
        )
      : loadReportTables(warehouse, undefined, { ...known, charts: render.data });
  if (typeof render !== 'function') svgs = render.svgs;
  tables.catch(() => undefined); // awaited by finish
  return {
    finish: async (now, since = performance.now(), sqlAnswers) => {
      const data = await withRunFiles(warehouse, await tables, sqlAnswers);
      const html = await reportHtml(data, now ?? new Date(), svgs);
      const file = join(warehouse, REPORT_FILE);
      await writeTextFile(file, fillReportTime(html, performance.now() - since));
      return file;
    },
    settled: tables.then(
      async () => {
        await svgs?.catch(() => undefined);
      },
      () => undefined,
    ),
  };
}

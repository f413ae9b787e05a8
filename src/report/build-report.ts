/** `buildReport`: reads a warehouse and writes `<warehouse>/report/index.html`, its own build time included. */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeTextFile } from '../io/files/text-file.js';
import { loadReportData } from './load-data.js';
import { reportHtml } from './page.js';
import { fillReportTime } from './run-section.js';

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
  const data = await loadReportData(warehouse);
  const html = await reportHtml(data, options.now ?? new Date());
  const file = join(warehouse, REPORT_FILE);
  await writeTextFile(file, fillReportTime(html, performance.now() - started));
  return file;
}

/** `buildReport`: reads a warehouse and writes `<warehouse>/report/index.html`. */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/files/atomic-file.js';
import { loadReportData } from './load-data.js';
import { reportHtml } from './page.js';

/** Options of `buildReport`. */
export interface ReportOptions {
  /** The time printed as "report generated" (default: now). */
  readonly now?: Date;
}

/** The report's path inside a warehouse. */
export const REPORT_FILE = join('report', 'index.html');

/**
 * Builds the stakeholder report of `warehouse` and returns the path of the HTML file written.
 * Throws InputError when the folder holds no warehouse (no quality.json, missing tables).
 * @example
 * await buildReport('warehouse'); // 'warehouse/report/index.html'
 */
export async function buildReport(warehouse: string, options: ReportOptions = {}): Promise<string> {
  const data = await loadReportData(warehouse);
  const html = await reportHtml(data, options.now ?? new Date());
  const file = join(warehouse, REPORT_FILE);
  await writeFileAtomic(file, async (h) => {
    await h.writeFile(html);
  });
  return file;
}

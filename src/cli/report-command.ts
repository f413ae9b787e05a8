/** `ecomflow report`: (re)build a warehouse's stakeholder report, `<warehouse>/report/index.html`. */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { buildReport } from '../report/build-report.js';

/** Help text of `ecomflow report`. */
export const reportHelp = `Usage: ecomflow report --warehouse <warehouse>

(Re)builds <warehouse>/report/index.html: profit charts with their tables, the lineage of every source
row, data quality (rejects, fixes, unknown customers and products) and the run's facts. One
self-contained HTML file: opens from disk, fetches nothing, prints well. "ecomflow run" builds it too.

Options:
  --warehouse <dir>      warehouse folder written by "ecomflow run"
  --debug                print stack traces of unexpected errors
  -h, --help             this help
`;

/** Runs `ecomflow report` with its arguments; returns the exit code. */
export async function reportCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      warehouse: { type: 'string' },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    out.write(reportHelp);
    return 0;
  }
  if (values.warehouse === undefined) throw new UsageError('report needs --warehouse <warehouse>');
  const file = await buildReport(values.warehouse);
  out.write(`ecomflow report: wrote ${file}\n`);
  return 0;
}

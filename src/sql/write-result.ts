/**
 * Writes a streaming result to an output stream as it arrives: CSV and JSON chunk by chunk (one write per
 * DuckDB chunk, waiting whenever the output asks to), so memory stays bounded whatever the row count; the
 * table keeps only the rows it shows and counts the others.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { csvHeader, csvLine, type CsvOptions } from './format-csv.js';
import { renderTable, type TableLayout } from './format-table.js';
import { jsonObject } from './format.js';
import type { Cell, ResultColumn } from './query-result.js';
import type { QueryStream } from './result-stream.js';

/** How many rows the table shows unless told otherwise. */
export const DEFAULT_MAX_ROWS = 40;

/**
 * Writes a preview (`WarehouseDb.preview`: the first rows and the row count) as a table with a footer counting
 * every row, fitted to `layout`. The result of EXPLAIN is printed as DuckDB's CLI prints it: the plan drawing
 * itself, never cut.
 * @example
 * await writePreview(await db.preview('select * from enriched.orders', 40), process.stdout, { maxWidth: 80 });
 * // … 199,960 more rows (200,000 in all)
 */
export async function writePreview(
  preview: {
    readonly columns: readonly ResultColumn[];
    readonly rows: readonly (readonly Cell[])[];
    readonly total: number;
  },
  out: NodeJS.WritableStream,
  layout: TableLayout = {},
): Promise<void> {
  if (preview.columns.map((c) => c.name).join(',') === 'explain_key,explain_value') {
    await write(out, preview.rows.map((row) => `${String(row[1] ?? '').trimEnd()}\n`).join(''));
  } else {
    await write(out, renderTable(preview.columns, preview.rows, preview.total, layout));
  }
}

/**
 * Writes the result as CSV (see format-csv.ts), header first, chunk by chunk; returns the row count.
 * @example
 * await writeCsv(await db.stream('select range from range(20000000)'), process.stdout); // 20000000
 */
export async function writeCsv(
  stream: QueryStream,
  out: NodeJS.WritableStream,
  options: CsvOptions = {},
): Promise<number> {
  const line = csvLine(stream.columns, options);
  await write(out, csvHeader(stream.columns));
  let total = 0;
  for await (const chunk of stream.chunks()) {
    let text = '';
    for (const row of chunk.rows()) text += line(row);
    await write(out, text);
    total += chunk.rowCount;
  }
  return total;
}

/**
 * Writes a stream of CSV lines rendered by DuckDB (see csv-sql.ts: one VARCHAR cell per row), under the header
 * of the result's own `columns`; returns the row count.
 */
export async function writeCsvLines(
  columns: readonly ResultColumn[],
  lines: QueryStream,
  out: NodeJS.WritableStream,
): Promise<number> {
  await write(out, csvHeader(columns));
  let total = 0;
  for await (const chunk of lines.chunks()) {
    let text = '';
    for (const row of chunk.rows()) text += `${String(row[0])}\n`;
    await write(out, text);
    total += chunk.rowCount;
  }
  return total;
}

/**
 * Writes the result as a JSON array, one object per line, chunk by chunk (as `formatJson`); returns the row count.
 * @example
 * await writeJson(await db.stream('select 1 as a'), process.stdout); // prints [\n{"a":1}\n]\n
 */
export async function writeJson(stream: QueryStream, out: NodeJS.WritableStream): Promise<number> {
  const object = jsonObject(stream.columns);
  let total = 0;
  for await (const chunk of stream.chunks()) {
    let text = '';
    for (const row of chunk.rows()) {
      text += (total === 0 ? '[\n' : ',\n') + object(row);
      total += 1;
    }
    await write(out, text);
  }
  await write(out, total === 0 ? '[]\n' : '\n]\n');
  return total;
}

/** Writes `text`, and when the stream's buffer is full waits until it drains; fails once the stream has failed. */
async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  assertWritable(out);
  if (text === '' || out.write(text)) return;
  assertWritable(out); // an error or a close before this point has already been emitted: do not wait for it
  const ac = new AbortController();
  try {
    await Promise.race([
      once(out, 'drain', { signal: ac.signal }),
      once(out, 'close', { signal: ac.signal }).then(() => {
        assertWritable(out);
      }),
      once(out, 'error', { signal: ac.signal }),
    ]);
  } finally {
    ac.abort();
  }
}

function assertWritable(out: NodeJS.WritableStream): void {
  const w = out as Partial<Pick<Writable, 'errored' | 'destroyed'>>;
  if (w.errored) throw w.errored;
  if (w.destroyed === true) throw new Error('the output was closed before every row was written');
}

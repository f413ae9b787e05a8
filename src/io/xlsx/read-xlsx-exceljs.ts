/**
 * The xlsx reader: streams the first worksheet of a workbook into a raw table. Row 1 is the header (each
 * header cell names a column, snake_cased); every later non-empty row becomes one raw row whose
 * `source_row` is its worksheet row number. Cells are kept as the text Excel shows (see xlsx-cell-text.ts).
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import type { Row } from 'exceljs';
import { EcomflowError, InputError } from '../../errors.js';
import type { TableSchema } from '../../schemas/types.js';
import { RawTableBuilder } from '../../table/raw-builder.js';
import type { ReadResult } from '../read-result.js';
import { cellText } from './cell-text.js';
import { readXlsxFast } from './read-xlsx-fast.js';
import { SheetColumns } from './sheet-columns.js';
import { readZipDirectory } from './zip-directory.js';

/** Options of `readXlsx`. */
export interface ReadXlsxOptions {
  /** Most bytes the workbook may inflate to (default `inflatedLimit(file size)`); tests set it small. */
  readonly maxInflatedBytes?: number;
  /** Try the fast reader (xlsx-fast.ts) before exceljs (default true); tests turn it off to compare the two. */
  readonly fastPath?: boolean;
}

/** The default guard against zip bombs: 200 × the file size, at least 16 MiB, at most 1 GiB of XML. */
export function inflatedLimit(fileBytes: number): number {
  return Math.min(1 << 30, Math.max(16 << 20, fileBytes * 200));
}

/**
 * Reads the first worksheet of an .xlsx workbook into a raw table declared by `schema` (header row → columns).
 * Fully empty rows are skipped and not counted in `rowsRead`; `source_row` keeps the worksheet row number,
 * so a gap in `source_row` marks where an empty row was.
 * @example
 * const { table } = await readXlsx('Customer.xlsx', rawCustomers);
 * // customer_id │ customer_name │ … │ postal_code │ source_row
 * // PW-19240    │ Pierre Wener  │ … │ 80027       │ 2
 */
export async function readXlsx(file: string, schema: TableSchema, options: ReadXlsxOptions = {}): Promise<ReadResult> {
  const bytes = await fileSize(file);
  const limit = {
    bytes: options.maxInflatedBytes ?? inflatedLimit(bytes),
    given: options.maxInflatedBytes !== undefined,
  };
  await assertZipArchive(file, bytes, limit);
  const fast = options.fastPath === false ? null : await readXlsxFast(file, schema, new InflateBudget(file, limit));
  if (fast !== null) return { table: fast.table, issues: [], file, rowsRead: fast.rowsRead, bytes, fixes: {} };
  const input = createReadStream(file);
  try {
    const builder = new RawTableBuilder(schema, file);
    const rowsRead = await readFirstWorksheet(input, file, builder, new InflateBudget(file, limit));
    return { table: builder.finish(), issues: [], file, rowsRead, bytes, fixes: {} };
  } catch (error) {
    if (error instanceof EcomflowError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError('xlsx.not_a_workbook', `is not a readable Excel workbook (corrupt or truncated: ${reason})`, {
      file,
    });
  } finally {
    input.destroy();
  }
}

/** Streams the first worksheet into `builder`; returns the number of data rows read. */
async function readFirstWorksheet(
  input: Readable,
  file: string,
  builder: RawTableBuilder,
  budget: InflateBudget,
): Promise<number> {
  const { default: ExcelJS } = await import('exceljs'); // lazily: the fast path never pays for loading exceljs
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const internals = patchReader(reader as unknown as ReaderInternals, budget);
  for await (const sheet of reader) {
    if (!isFirstWorksheet(internals, sheet as unknown as { name?: string })) continue;
    const date1904 = internals.properties?.model?.date1904 === true;
    return await readRows(sheet, file, builder, date1904);
  }
  if (internals.model === undefined) {
    throw new InputError('xlsx.not_a_workbook', 'is a zip archive but not an Excel workbook (no xl/workbook.xml)', {
      file,
    });
  }
  throw new InputError('xlsx.empty', 'the workbook has no worksheet', { file });
}

/** Maps worksheet columns to builder columns from the header row, then feeds every non-empty data row. */
async function readRows(
  sheet: AsyncIterable<Row>,
  file: string,
  builder: RawTableBuilder,
  date1904: boolean,
): Promise<number> {
  const columns = new SheetColumns(builder);
  let headerSeen = false;
  let rowsRead = 0;
  const cells: [number, string][] = [];
  for await (const row of sheet) {
    cells.length = 0;
    row.eachCell((cell, col) => {
      const text = cellText(cell.value, cell.numFmt, date1904);
      if (text !== null) cells.push([col, text]);
    });
    if (!headerSeen) {
      if (row.number !== 1 || !columns.readHeader(cells)) break;
      headerSeen = true;
      builder.checkRequired();
      continue;
    }
    // A fully empty row (no cell with a value, e.g. a row that only carries formatting) is skipped and not
    // counted; the rows after it keep their worksheet row numbers as `source_row`.
    if (cells.length === 0) continue;
    builder.beginRow(row.number);
    for (const [col, text] of cells) builder.setText(columns.indexOf(col), text);
    builder.endRow();
    rowsRead++;
  }
  if (!headerSeen)
    throw new InputError('xlsx.empty', 'the first worksheet has no header row (row 1 is empty)', { file, row: 1 });
  return rowsRead;
}

async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new InputError('io.not_found', 'is not a file', { file });
    return info.size;
  } catch (error) {
    if (error instanceof EcomflowError) throw error;
    throw new InputError('io.not_found', 'file not found or not readable', { file });
  }
}

/**
 * Rejects files that are not zip archives (an .xlsx is one), and archives whose directory declares more than
 * `limit` inflated bytes (a zip bomb), before exceljs sees them.
 */
async function assertZipArchive(file: string, bytes: number, limit: Limit): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead < 4 || head.readUInt32LE(0) !== 0x04034b50) {
      throw new InputError('xlsx.not_a_workbook', 'is not an Excel workbook (not a zip archive)', { file });
    }
    const dir = await readZipDirectory(handle, bytes);
    if (typeof dir === 'string')
      throw new InputError('xlsx.not_a_workbook', `is not a readable Excel workbook (corrupt or truncated: ${dir})`, {
        file,
      });
    if (dir.uncompressedTotal > limit.bytes) {
      const largest = dir.entries.reduce((a, z) => (z.uncompressed > a.uncompressed ? z : a));
      throw tooLarge(
        file,
        limit,
        `its entries inflate to ${mib(dir.uncompressedTotal)} ("${largest.name}" alone ${mib(largest.uncompressed)})`,
      );
    }
  } finally {
    await handle.close();
  }
}

/** Counts inflated bytes as exceljs streams them, in case the zip directory understates them. */
class InflateBudget {
  private used = 0;
  constructor(
    readonly file: string,
    readonly limit: Limit,
  ) {}

  /** Bytes that may still be inflated. */
  get remaining(): number {
    return this.limit.bytes - this.used;
  }

  /** Adds `n` inflated bytes; throws InputError `xlsx.too_large` once past the limit. */
  spend(n: number): void {
    this.used += n;
    if (this.used > this.limit.bytes)
      throw tooLarge(
        this.file,
        this.limit,
        'it inflates past the limit while being read (its zip directory understates its size)',
      );
  }
}

/** The inflated-size limit and whether the caller chose it. */
interface Limit {
  readonly bytes: number;
  readonly given: boolean;
}

function tooLarge(file: string, limit: Limit, why: string): InputError {
  const rule = limit.given ? '' : ' (200 × the file size, at least 16 MiB, at most 1 GiB)';
  return new InputError(
    'xlsx.too_large',
    `is refused: ${why}; the limit is ${mib(limit.bytes)} of XML${rule} — a zip bomb, or a workbook too large to read safely`,
    { file },
  );
}

const mib = (n: number): string =>
  n < 1048576 ? `${n.toLocaleString('en-US')} bytes` : `${(n / 1048576).toFixed(1)} MiB`;

// --- Workarounds for exceljs 4.4.0's streaming reader -------------------------------------------------
// 1. It decodes each inflated chunk separately, so a multi-byte UTF-8 character split across chunks turns
//    into U+FFFD (exceljs issues #2084, #2316). Shared strings get `setEncoding('utf8')`; worksheet XML is
//    decoded with a streaming TextDecoder.
// 2. It reads every formula result that is not `t="str"` with parseFloat, so a cached TRUE becomes 1 and a
//    cached #N/A becomes NaN. Formula cells with `t="b"`/`t="e"` are rewritten to `t="str"` results
//    (`TRUE`/`FALSE`, or the error text) before it parses them.

/** The parts of exceljs's WorkbookReader this file relies on beyond its typings. */
interface ReaderInternals {
  _parseSharedStrings(entry: NodeJS.ReadableStream): unknown;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): unknown;
  model?: { sheets?: { name?: string }[] };
  properties?: { model?: { date1904?: boolean } };
}

function patchReader(reader: ReaderInternals, budget: InflateBudget): ReaderInternals {
  const parseSharedStrings = reader._parseSharedStrings.bind(reader);
  const parseWorksheet = reader._parseWorksheet.bind(reader);
  reader._parseSharedStrings = (entry) => {
    const counted = entry.pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          try {
            budget.spend(chunk.length);
            done(null, chunk);
          } catch (error) {
            done(error as Error);
          }
        },
      }),
    );
    counted.setEncoding('utf8');
    return parseSharedStrings(counted);
  };
  reader._parseWorksheet = (iterator, sheetNo) => parseWorksheet(repairSheetXml(iterator, budget), sheetNo);
  return reader;
}

/** True unless the workbook's tab order names a different worksheet first (sheet files may be out of order). */
function isFirstWorksheet(reader: ReaderInternals, sheet: { name?: string }): boolean {
  const names = (reader.model?.sheets ?? []).map((s) => s.name);
  return sheet.name === undefined || !names.includes(sheet.name) || names[0] === sheet.name;
}

/** Decodes worksheet XML as one UTF-8 text and fixes formula result types, a run of whole rows at a time. */
async function* repairSheetXml(chunks: AsyncIterable<Buffer | string>, budget: InflateBudget): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of chunks) {
    budget.spend(chunk.length);
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const end = pending.lastIndexOf('</row>');
    if (end < 0) continue;
    yield keepFormulaResultTypes(pending.slice(0, end + 6));
    pending = pending.slice(end + 6);
  }
  pending += decoder.decode();
  if (pending !== '') yield keepFormulaResultTypes(pending);
}

/** A formula cell (`<c …><f…`) whose cached result is a boolean (`t="b"`) or an error (`t="e"`). */
const FORMULA_BOOLEAN_OR_ERROR = /<c\b([^>]*?)\bt="([be])"([^>]*)>(<f\b[\s\S]*?<\/c>)/g;

function keepFormulaResultTypes(xml: string): string {
  return xml.replace(FORMULA_BOOLEAN_OR_ERROR, (_cell, before: string, type: string, after: string, body: string) => {
    const result =
      type === 'b'
        ? body.replace(/<v>([^<]*)<\/v>/, (_v, v: string) => `<v>${Number(v) !== 0 ? 'TRUE' : 'FALSE'}</v>`)
        : body;
    return `<c${before}t="str"${after}>${result}`;
  });
}

/**
 * The xlsx reader: finds the customers worksheet of a workbook (choose-sheet.ts) and streams it into a raw
 * table. Row 1 is the header (each header cell names a column, snake_cased); every later non-empty row becomes
 * one raw row whose `source_row` is its worksheet row number; cells are kept as the text Excel shows
 * (read-sheet.ts). The zip is walked by its central directory (io/zip), each part read once, CRC-checked and
 * bounded by an inflate budget; nothing is held whole or written to disk.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { posix } from 'node:path';
import { EcomflowError, InputError } from '../../errors.js';
import type { TableSchema } from '../../schemas/types.js';
import { RawTableBuilder } from '../../table/raw-builder.js';
import { fileSize } from '../files/file-info.js';
import { errnoCode, sourceReadFault } from '../files/fs-errors.js';
import type { ReadResult } from '../read-result.js';
import type { TableOfSchema } from '../../table/typed-tables.js';
import { ZipArchive, type InflateBudget } from '../zip/zip-archive.js';
import { byteSource, type ByteSource } from '../zip/byte-source.js';
import type { ZipEntry } from '../zip/zip-directory.js';
import { ZipError } from '../zip/zip-error.js';
import { chooseSheet } from './choose-sheet.js';
import { OLE_SIGNATURE, oleKind } from './ole-file.js';
import { readSheet } from './read-sheet.js';
import { readSharedStrings, type SharedStrings } from './shared-strings.js';
import { cellFormats } from './styles.js';
import { relationships, workbookInfo, type Relationship, type SheetTab } from './workbook-parts.js';
import { XmlError } from './xml-scanner.js';

/** Options of `readXlsx`. */
export interface ReadXlsxOptions {
  /** Most bytes the workbook may inflate to (default `inflatedLimit(file size)`); tests set it small. */
  readonly maxInflatedBytes?: number;
}

/** The default guard against zip bombs: 200 × the file size, at least 16 MiB, at most 1 GiB of XML. */
export function inflatedLimit(fileBytes: number): number {
  return Math.min(1 << 30, Math.max(16 << 20, fileBytes * 200));
}

/** The most a workbook, relationships or styles part may inflate to (they are read whole; sheets stream). */
const MAX_SMALL_PART = 64 << 20;
const ZIP_SIGNATURE = 0x04034b50;

/**
 * Reads the customers worksheet of an .xlsx workbook (see choose-sheet.ts) into a raw table declared by
 * `schema` (header row → columns); `sheet` names the worksheet read. Fully empty rows are skipped and not
 * counted in `rowsRead`; `source_row` keeps the worksheet row number, so a gap marks where an empty row was.
 * Throws InputError for a file that is not a readable workbook (docs/errors.md, "Excel").
 * @example
 * const { table, sheet } = await readXlsx('Customer.xlsx', rawCustomers);
 * // sheet → 'Worksheet'
 * // customer_id │ customer_name │ … │ postal_code │ source_row
 * // PW-19240    │ Pierre Wener  │ … │ 80027       │ 2
 */
export async function readXlsx<S extends TableSchema>(
  file: string,
  schema: S,
  options: ReadXlsxOptions = {},
): Promise<ReadResult<TableOfSchema<S>>> {
  const bytes = await fileSize(file);
  const limit = {
    bytes: options.maxInflatedBytes ?? inflatedLimit(bytes),
    given: options.maxInflatedBytes !== undefined,
  };
  const handle = await openFile(file);
  try {
    // the builder holds the declared columns as declared
    return (await readWorkbook(handle, file, bytes, schema, limit)) as ReadResult<TableOfSchema<S>>;
  } catch (error) {
    if (error instanceof EcomflowError) throw error;
    if (error instanceof ZipError) {
      if (error.fault === 'unsafe')
        throw new InputError('xlsx.unsafe_entry', `is refused: it ${error.message} (a hostile archive)`, { file });
      throw new InputError('xlsx.damaged', `is a damaged workbook: ${error.message}`, { file });
    }
    throw errnoCode(error) === undefined ? error : sourceReadFault(error, file);
  } finally {
    await handle.close();
  }
}

async function readWorkbook(
  handle: FileHandle,
  file: string,
  bytes: number,
  schema: TableSchema,
  limit: Limit,
): Promise<ReadResult> {
  const source = await byteSource(handle, bytes);
  await assertZip(source, file);
  const zip = await ZipArchive.open(source);
  assertDeclaredSize(zip, file, limit);
  const budget = new Budget(file, limit);
  const parts = new Parts(zip, file, budget);
  const workbookPath = (await parts.relationships('_rels/.rels', '')).find((r) => r.type === 'officeDocument')?.target;
  const workbookEntry = zip.entry(workbookPath ?? 'xl/workbook.xml');
  if (workbookEntry === undefined)
    throw new InputError('xlsx.not_a_workbook', 'is a zip archive but not an Excel workbook (no xl/workbook.xml)', {
      file,
    });
  const workbookXml = await parts.whole(workbookEntry);
  const info = await parts.xml(workbookEntry, () => Promise.resolve(workbookInfo(workbookXml)));
  const rels = await parts.relationships(relsPathOf(workbookEntry.name), workbookEntry.name);
  const sheet = customersSheet(file, info.sheets, rels);
  const sheetEntry = zip.entry(sheet.path ?? '');
  if (sheetEntry === undefined) {
    const why =
      sheet.path === undefined ? 'no relationship points to its part' : `its part ${sheet.path} is not in the archive`;
    throw new InputError('xlsx.damaged', `is a damaged workbook: the worksheet "${sheet.name}" is missing (${why})`, {
      file,
    });
  }
  const part = (type: string, fallback: string): ZipEntry | undefined =>
    zip.entry(rels.find((r) => r.type === type)?.target ?? fallback);
  const stylesEntry = part('styles', 'xl/styles.xml');
  const stylesXml = stylesEntry === undefined ? undefined : await parts.whole(stylesEntry);
  const formats = await parts.xml(stylesEntry, () => Promise.resolve(cellFormats(stylesXml)));
  const sharedEntry = part('sharedStrings', 'xl/sharedStrings.xml');
  const shared = sharedEntry === undefined ? undefined : await parts.sharedStrings(sharedEntry);
  const builder = new RawTableBuilder(schema, file);
  const read = await parts.xml(sheetEntry, () =>
    readSheet(zip.chunks(sheetEntry, budget), {
      file,
      sheet: sheet.name,
      builder,
      formats,
      shared,
      date1904: info.date1904,
    }),
  );
  return {
    table: builder.finish(),
    issues: [],
    file,
    rowsRead: read.rowsRead,
    bytes,
    fixes: read.repairedValues > 0 ? { 'text.invalid_utf8': { changed: read.repairedValues, nulled: 0 } } : {},
    sheet: sheet.name,
  };
}

/** The chosen worksheet tab and its part; throws `xlsx.empty` or `xlsx.ambiguous_sheet` when there is none. */
function customersSheet(
  file: string,
  tabs: readonly SheetTab[],
  rels: readonly Relationship[],
): SheetTab & { path: string | undefined } {
  const worksheets = tabs.flatMap((tab) => {
    const rel = rels.find((r) => r.id === tab.relId);
    return rel === undefined || rel.type === 'worksheet' ? [{ ...tab, path: rel?.target }] : [];
  });
  const choice = chooseSheet(worksheets);
  if ('sheet' in choice) return choice.sheet;
  throw new InputError(choice.problem === 'empty' ? 'xlsx.empty' : 'xlsx.ambiguous_sheet', choice.message, { file });
}

/** `xl/_rels/workbook.xml.rels` for `xl/workbook.xml`. */
function relsPathOf(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}

/** Reads parts of one archive, naming the part in XML errors. */
class Parts {
  constructor(
    private readonly zip: ZipArchive,
    private readonly file: string,
    private readonly budget: InflateBudget,
  ) {}

  /** A small part's bytes, whole. */
  async whole(entry: ZipEntry): Promise<Buffer> {
    const tooBig = (): InputError =>
      new InputError(
        'xlsx.too_large',
        `is refused: its part ${entry.name} inflates past ${mib(MAX_SMALL_PART)}, far more than such a part needs`,
        { file: this.file },
      );
    if (entry.uncompressed > MAX_SMALL_PART) throw tooBig();
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of this.zip.chunks(entry, this.budget)) {
      total += chunk.length;
      if (total > MAX_SMALL_PART) throw tooBig();
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  /** The relationships of the `.rels` part at `path` (none when it is absent). */
  async relationships(path: string, source: string): Promise<Relationship[]> {
    const entry = this.zip.entry(path);
    if (entry === undefined) return [];
    const xml = await this.whole(entry);
    return this.xml(entry, () => Promise.resolve(relationships(xml, source)));
  }

  async sharedStrings(entry: ZipEntry): Promise<SharedStrings> {
    return this.xml(entry, () => readSharedStrings(this.zip.chunks(entry, this.budget), entry.uncompressed));
  }

  /** Runs `read`, turning an XmlError into InputError `xlsx.damaged` naming the part. */
  async xml<T>(entry: ZipEntry | undefined, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof XmlError)) throw error;
      throw new InputError(
        'xlsx.damaged',
        `is a damaged workbook: its part ${entry?.name ?? ''} is not readable XML: ${error.message}`,
        {
          file: this.file,
        },
      );
    }
  }
}

async function openFile(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (error) {
    // removed or made unreadable since the shared check
    if (errnoCode(error) === 'ENOENT') throw new InputError('io.not_found', 'does not exist', { file });
    throw sourceReadFault(error, file);
  }
}

/** Refuses files that are not zip archives, naming encrypted workbooks and legacy .xls files. */
async function assertZip(source: ByteSource, file: string): Promise<void> {
  const head = await source.read(0, 8);
  if (head.length === 8 && head.equals(OLE_SIGNATURE)) {
    const kind = await oleKind(source);
    if (kind === 'encrypted')
      throw new InputError(
        'xlsx.encrypted',
        'is a password-protected (encrypted) workbook: ' +
          'open it in Excel, save a copy without the password, and read that',
        { file },
      );
    throw new InputError(
      'xlsx.not_a_workbook',
      kind === 'xls'
        ? 'is an Excel 97-2003 workbook (.xls), not an .xlsx: save it as .xlsx first'
        : 'is not an Excel workbook (an OLE compound file, not a zip archive)',
      { file },
    );
  }
  if (head.length < 4 || head.readUInt32LE(0) !== ZIP_SIGNATURE)
    throw new InputError('xlsx.not_a_workbook', 'is not an Excel workbook (not a zip archive)', { file });
}

/** Refuses an archive whose directory declares more than the limit (a zip bomb) before inflating anything. */
function assertDeclaredSize(zip: ZipArchive, file: string, limit: Limit): void {
  const dir = zip.directory;
  if (dir.uncompressedTotal <= limit.bytes) return;
  const largest = dir.entries.reduce((a, z) => (z.uncompressed > a.uncompressed ? z : a));
  throw tooLarge(
    file,
    limit,
    `its entries inflate to ${mib(dir.uncompressedTotal)} ("${largest.name}" alone ${mib(largest.uncompressed)})`,
  );
}

/** The inflated-size limit and whether the caller chose it. */
interface Limit {
  readonly bytes: number;
  readonly given: boolean;
}

/** Counts inflated bytes as parts stream, in case the zip directory understates them. */
class Budget implements InflateBudget {
  private used = 0;
  constructor(
    private readonly file: string,
    private readonly limit: Limit,
  ) {}

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

function tooLarge(file: string, limit: Limit, why: string): InputError {
  const rule = limit.given ? '' : ' (200 × the file size, at least 16 MiB, at most 1 GiB)';
  return new InputError(
    'xlsx.too_large',
    `is refused: ${why}; the limit is ${mib(limit.bytes)} of XML${rule} — ` +
      'a zip bomb, or a workbook too large to read safely',
    { file },
  );
}

const mib = (n: number): string =>
  n < 1048576 ? `${n.toLocaleString('en-US')} bytes` : `${(n / 1048576).toFixed(1)} MiB`;

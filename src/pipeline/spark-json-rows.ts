/**
 * Before the Spark runner reads the orders: the JSON rows' issues (`json.not_an_object`, `json.duplicate_key`),
 * the file's keys, and, when some lines are blank, have an issue or are arrays, the map from the rows Spark's
 * JSON reader makes to their line numbers (src/spark/plan/json-issues.ts). A clean file costs one extra pass and
 * no join. A row that is not valid JSON fails the run (`json.syntax`), as locally; a JSON array holding a
 * non-object is refused (`json.not_an_object`): Spark's `multiLine` reader turns the whole file into one null row.
 */
import { fileURLToPath } from 'node:url';
import { sqlString } from '../spark/sql-text.js';
import { InputError } from '../errors.js';
import { SparkError } from '../spark/spark-error.js';
import type { SparkSession } from '../spark/session.js';
import { snakeCase } from '../schemas/names.js';
import * as json from '../spark/plan/json-issues.js';
import { DECLARED_ORDER_COLUMNS, type OrdersLayout, type SourceColumn } from '../spark/plan/order-steps.js';
import { fileSize } from '../io/files/file-info.js';

/** What the check found. */
export interface JsonRows {
  /** The keys beyond the declared columns, as text columns (the local reader keeps them). */
  readonly extras: readonly SourceColumn[];
  /** Rows skipped with an issue. */
  readonly issues: number;
  /** With issues, blank lines or split arrays: the classified rows (`line_no`, `rule`, …) and the row map. */
  readonly views?: { readonly classified: string; readonly rowMap: string };
}

/**
 * A JSON array larger than this is not checked row by row: the check holds the whole file as one string (Spark's
 * limit is 2 GiB, and the driver's memory is smaller); its keys come from schema inference, as before the check.
 */
export const ARRAY_CHECK_MAX_BYTES = 16 * 1024 * 1024;

const CLASSIFIED = 'ef_json_rows';
const ROW_MAP = 'ef_json_row_map';
const WHOLE_FILES = 'ef_json_whole_files';

/**
 * Checks the orders at `path` (as Spark reads it; `file` as the user named it) row by row as JSON text.
 * @example
 * const rows = await checkJsonRows(session, '/data/Orders.ndjson', 'ndjson', 'Orders.ndjson');
 * rows.issues; // 2 — e.g. a line `[1, 2]` and an object repeating "Row ID"
 */
export async function checkJsonRows(
  session: SparkSession,
  path: string,
  layout: OrdersLayout,
  file: string,
  arrayCheckMaxBytes: number = ARRAY_CHECK_MAX_BYTES,
): Promise<JsonRows> {
  const size = layout === 'array' ? await fileSize(file).catch(() => 0) : 0;
  if (size > arrayCheckMaxBytes) {
    return { extras: await inferredKeys(session, path, file), issues: 0 };
  }
  const what = layout === 'ndjson' ? 'line' : 'array element';
  if (layout === 'array') await session.command(json.wholeFilesSql(WHOLE_FILES, path));
  const rows = (numbered: boolean): string =>
    layout === 'ndjson' ? `(${json.ndjsonLinesSql(path, numbered)})` : `(${json.arrayElementsSql(WHOLE_FILES)})`;
  const summaryOf = json.classifyJsonSql(rows(false), what, layout === 'ndjson' ? "''" : 'line_no');
  const summary = (await session.sql(json.jsonSummarySql(summaryOf))).get(0)!.toJSON() as {
    blank: bigint;
    issues: bigint;
    invalid: bigint;
    uneven: bigint;
    keys: { toArray(): string[] } | null;
  };
  const numbered = json.classifyJsonSql(rows(true), what, 'line_no');
  if (Number(summary.invalid) > 0) {
    const first = (await session.sql(json.firstInvalidSql(numbered))).get(0)!.toJSON() as {
      source_file: string;
      line_no: bigint | null;
      message: string;
    };
    throw new InputError('json.syntax', first.message, {
      file: shownFile(first.source_file, file),
      ...(first.line_no === null ? {} : { row: Number(first.line_no) }),
    });
  }
  const extras = extraColumns(summary.keys?.toArray() ?? []);
  const issues = Number(summary.issues);
  if (issues === 0 && Number(summary.blank) === 0 && Number(summary.uneven) === 0) return { extras, issues };
  await session.command(`CACHE TABLE ${CLASSIFIED} OPTIONS ('storageLevel' 'MEMORY_AND_DISK') AS ${numbered}`);
  if (layout === 'array') {
    const found = await session.sql(
      `SELECT source_file, line_no, message FROM ${CLASSIFIED} WHERE rule = 'json.not_an_object' ` +
        'ORDER BY source_file, line_no LIMIT 1',
    );
    if (found.numRows > 0) {
      const first = found.get(0)!.toJSON() as { source_file: string; line_no: bigint; message: string };
      throw new InputError(
        'json.not_an_object',
        `${first.message}; the Spark engine cannot skip it in a JSON array (Spark's reader would drop the whole ` +
          'file): remove it, or write the orders as NDJSON (one object per line), where it becomes a reject',
        { file: shownFile(first.source_file, file), row: Number(first.line_no) },
      );
    }
    // every element is an object: Spark's k-th row is element k
    await session.command(
      `CREATE OR REPLACE TEMPORARY VIEW ${ROW_MAP} AS ` +
        `SELECT source_file, line_no, rule, line_no AS k FROM ${CLASSIFIED}`,
    );
  } else {
    await session.command(
      `CACHE TABLE ${ROW_MAP} OPTIONS ('storageLevel' 'MEMORY_AND_DISK') AS ${json.lineRowsSql(CLASSIFIED)}`,
    );
  }
  return { extras, issues, views: { classified: CLASSIFIED, rowMap: ROW_MAP } };
}

/** The keys of a (large) JSON array by Spark's schema inference, every primitive as a string. */
async function inferredKeys(session: SparkSession, path: string, file: string): Promise<SourceColumn[]> {
  try {
    await session.command(
      `CREATE OR REPLACE TEMPORARY VIEW ef_orders_keys USING json OPTIONS (path ${sqlString(path)}, ` +
        `multiLine 'true', primitivesAsString 'true')`,
    );
    const keys = (await session.sql('SELECT * FROM ef_orders_keys LIMIT 0')).schema.fields.map((f) => f.name);
    return extraColumns(keys.filter((k) => k !== '_corrupt_record'));
  } catch (e) {
    if (!(e instanceof SparkError) || e.errorClass !== 'COLUMN_ALREADY_EXISTS') throw e;
    throw new InputError(
      'json.duplicate_key',
      `an object repeats a key (${e.messageParameters['columnName'] ?? 'a column'}); in a JSON array over ` +
        `${ARRAY_CHECK_MAX_BYTES / 1024 / 1024} MiB the Spark engine does not find which row: write the orders as ` +
        'NDJSON (one object per line), where it becomes a reject',
      { file },
    );
  }
}

/** The keys of the file beyond the declared columns, by snake-case name, first spelling (in sorted order) kept. */
function extraColumns(keys: readonly string[]): SourceColumn[] {
  const declared = new Set(DECLARED_ORDER_COLUMNS.map((c) => c.name));
  const extras: SourceColumn[] = [];
  for (const key of keys) {
    const name = snakeCase(key);
    if (declared.has(name)) continue;
    declared.add(name);
    extras.push({ source: key, name });
  }
  return extras;
}

/** A file as Spark names it (`file:///…`), shown as the user named it when it is that one file. */
function shownFile(sparkFile: string, given: string): string {
  if (!sparkFile.startsWith('file:')) return sparkFile;
  const path = fileURLToPath(sparkFile);
  return path.endsWith(given.replace(/^\.\//, '')) ? given : path;
}

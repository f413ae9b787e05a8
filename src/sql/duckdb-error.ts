/** Turns DuckDB's errors into one-line InputErrors with a stable rule (`sql.syntax`, `sql.table_not_found`…). */
import { EcomflowError, InputError } from '../errors.js';

/**
 * DuckDB's message on one line: the caret display (`LINE 1: …` and what follows) is dropped.
 * @example
 * cleanDuckDbMessage('Catalog Error: Table with name x does not exist!\nDid you mean "orders"?\n\nLINE 1: select…');
 * // 'Catalog Error: Table with name x does not exist! Did you mean "orders"?'
 */
export function cleanDuckDbMessage(message: string): string {
  const lines: string[] = [];
  for (const line of message.split(/\r?\n/)) {
    if (/^LINE \d+:/.test(line)) break;
    if (line.trim() !== '') lines.push(line.trim());
  }
  return lines.join(' ').replace(/^Failed to extract statements: /, '');
}

/** A table whose files DuckDB cannot read: the file named, DuckDB's reason. */
export interface DamagedTable {
  /** `layer.table`. */
  readonly name: string;
  /** The damaged Parquet file (or the table's folder when no single file is to blame). */
  readonly file: string;
  readonly reason: string;
}

/** What `sqlError` knows of the warehouse a query ran over. */
export interface SqlErrorContext {
  /** The readable tables, `layer.table`, sorted. */
  readonly tables: readonly string[];
  readonly damaged?: readonly DamagedTable[];
  /** Every Parquet file behind a readable table → that table's name. */
  readonly files?: ReadonlyMap<string, string>;
  /** The tables the query refers to (`layer.table`, lower-cased), when known. */
  readonly referenced?: readonly string[];
}

/**
 * The InputError for an error DuckDB raised while preparing or running a query: a failure that names one of
 * the warehouse's Parquet files, or a query over a table that could not be opened, is `sql.damaged_table`
 * naming the file; a missing table lists the available ones. Errors that already are ecomflow's pass through.
 */
export function sqlError(error: unknown, context: SqlErrorContext): EcomflowError {
  if (error instanceof EcomflowError) return error;
  const message = cleanDuckDbMessage(error instanceof Error ? error.message : String(error));
  const file = [...(context.files?.keys() ?? [])].find((f) => message.includes(f));
  if (file !== undefined) return damagedTableError({ name: context.files!.get(file)!, file, reason: message });
  if (/^Parser Error:/.test(message)) return new InputError('sql.syntax', message);
  const missing = /^Catalog Error: (?:Table|Schema) with name "?(.*?)"? does not exist/.exec(message);
  if (missing !== null) {
    const damaged = context.damaged ?? [];
    const hit = damaged.find((d) => touches(d, missing[1]!, damaged, context.referenced));
    if (hit !== undefined) return damagedTableError(hit);
    const list = context.tables.length > 0 ? context.tables.join(', ') : 'none';
    const note = damaged.length > 0 ? `; damaged: ${damaged.map((d) => d.name).join(', ')}` : '';
    return new InputError('sql.table_not_found', `${message} (available tables: ${list}${note})`);
  }
  if (/^Permission Error:|Cannot change configuration option/.test(message)) {
    return new InputError('sql.read_only', `ecomflow sql is read-only: ${message}`);
  }
  return new InputError('sql.failed', message);
}

/**
 * The error for a query over a damaged table, naming its file:
 * `/w/raw/orders.parquet: table raw.orders cannot be read (Invalid Input Error: No magic bytes found at end of file)`.
 */
export function damagedTableError(d: DamagedTable): InputError {
  const reason = d.reason.replaceAll(` '${d.file}'`, '').replaceAll(` "${d.file}"`, '');
  return new InputError('sql.damaged_table', `table ${d.name} cannot be read (${reason})`, { file: d.file });
}

/** Whether a damaged table is the one a "does not exist" error is about. */
function touches(
  d: DamagedTable,
  missingName: string,
  damaged: readonly DamagedTable[],
  referenced: readonly string[] | undefined,
): boolean {
  if (referenced !== undefined) return referenced.includes(d.name.toLowerCase());
  // without the query's table references, DuckDB's message names only the table: match it when unambiguous
  const table = (x: DamagedTable): string => x.name.slice(x.name.indexOf('.') + 1).toLowerCase();
  const same = damaged.filter((x) => table(x) === missingName.toLowerCase());
  return same.length === 1 && same[0] === d;
}

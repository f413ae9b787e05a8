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

/**
 * The InputError for an error DuckDB raised while preparing or running a query; `tables` (`raw.orders`, …)
 * are listed when a table was not found. Errors that already are ecomflow's pass through unchanged.
 */
export function sqlError(error: unknown, tables: readonly string[]): EcomflowError {
  if (error instanceof EcomflowError) return error;
  const message = cleanDuckDbMessage(error instanceof Error ? error.message : String(error));
  if (/^Parser Error:/.test(message)) return new InputError('sql.syntax', message);
  if (/^Catalog Error: (Table|Schema) with name .* does not exist/.test(message)) {
    const list = tables.length > 0 ? tables.join(', ') : 'none';
    return new InputError('sql.table_not_found', `${message} (available tables: ${list})`);
  }
  if (/^Permission Error:|Cannot change configuration option/.test(message)) {
    return new InputError('sql.read_only', `ecomflow sql is read-only: ${message}`);
  }
  return new InputError('sql.failed', message);
}

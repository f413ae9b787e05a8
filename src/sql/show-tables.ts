/**
 * `show tables` over a warehouse. DuckDB's own `show tables` lists the `main` schema, which is empty here (the
 * tables live in the layer schemas), so a statement that is exactly `show tables` is answered with the
 * warehouse's tables instead: their name, where they are stored, and why one cannot be read.
 */
import { splitStatements } from './statements.js';

/** One row of `show tables`. */
export interface TableListing {
  /** `layer.table`. */
  readonly name: string;
  /** Relative to the warehouse: `enriched/orders.parquet`, or `enriched/orders.parquet/` for a folder of parts. */
  readonly source: string;
  /** Why the table cannot be read, or null. */
  readonly problem: string | null;
}

const SKIP = String.raw`(?:\s|--[^\n]*(?:\n|$)|/\*[\s\S]*?\*/)*`;
const SHOW_TABLES = new RegExp(`^${SKIP}show\\s+tables${SKIP}$`, 'i');

/**
 * `sql` with every `show tables` statement replaced by a query listing `tables` (statements are joined on
 * lines of their own, so a trailing `--` comment cannot swallow the `;`); the text is returned as it is when it
 * holds none.
 * @example
 * rewriteShowTables('show tables', [{ name: 'raw.orders', source: 'raw/orders.parquet', problem: null }]);
 * // "select * from (values ('raw.orders', 'raw/orders.parquet', null::varchar)) t(name, source, problem)"
 */
export function rewriteShowTables(sql: string, tables: readonly TableListing[]): string {
  const statements = splitStatements(sql);
  if (!statements.some((s) => SHOW_TABLES.test(s.text))) return sql;
  return statements.map((s) => (SHOW_TABLES.test(s.text) ? listingQuery(tables) : s.text)).join('\n;\n');
}

function listingQuery(tables: readonly TableListing[]): string {
  if (tables.length === 0) {
    return 'select null::varchar as name, null::varchar as source, null::varchar as problem where false';
  }
  const rows = tables.map((t) => `(${literal(t.name)}, ${literal(t.source)}, ${literal(t.problem)}::varchar)`);
  return `select * from (values ${rows.join(', ')}) t(name, source, problem)`;
}

function literal(text: string | null): string {
  return text === null ? 'null' : `'${text.replaceAll("'", "''")}'`;
}

/** The warehouse tables a query refers to, read from DuckDB's own parse tree (`json_serialize_sql`). */
import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The qualified tables (`layer.table`, lower-cased) the statements of `sql` read, or undefined when DuckDB
 * cannot serialise them (statements other than SELECT). Unqualified names (CTEs, `main` tables) are left out.
 * @example
 * await referencedTables(connection, 'with t as (select * from raw.orders) select * from t'); // ['raw.orders']
 */
export async function referencedTables(connection: DuckDBConnection, sql: string): Promise<string[] | undefined> {
  let tree: unknown;
  try {
    const reader = await connection.runAndReadAll('select json_serialize_sql($1::varchar)', [sql]);
    tree = JSON.parse(String(reader.getRows()[0]?.[0]));
  } catch {
    return undefined;
  }
  if (!isRecord(tree) || tree['error'] !== false) return undefined;
  const out = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const n of node) walk(n);
    else if (isRecord(node)) {
      const schema = node['schema_name'];
      const table = node['table_name'];
      if (node['type'] === 'BASE_TABLE' && typeof schema === 'string' && schema !== '' && typeof table === 'string') {
        out.add(`${schema}.${table}`.toLowerCase());
      }
      for (const v of Object.values(node)) walk(v);
    }
  };
  walk(tree);
  return [...out];
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

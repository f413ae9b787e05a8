/**
 * The table format's one-pass preview: the first rows of a result and how many rows it has, computed by DuckDB
 * so that no row beyond the first ones ever reaches JavaScript. Counting a streamed result chunk by chunk
 * would not do: each chunk @duckdb/node-api hands over holds native memory that is freed only when V8 collects
 * its small wrapper, which a loop that allocates nothing else rarely triggers (5M rows grew to 1.5 GB).
 */
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { duckdb } from './duckdb-api.js';
import { rowConverter, type Cell } from './query-result.js';

/**
 * A query over `statement` (with `columnCount` result columns) giving one row: `total`, the row count, and
 * `shown`, the first `maxRows` rows in order as a list of structs (`c1`…`cn`). Row numbers come from
 * `row_number() over ()`, which keeps the statement's order and streams; the aggregate holds `maxRows` rows.
 * @example
 * previewQuery('select 1 as a', 1, 40);
 * // "select count(*) as total, list(r order by n) filter (where n <= 40) as shown from (…)"
 */
export function previewQuery(statement: string, columnCount: number, maxRows: number): string {
  const aliases = Array.from({ length: columnCount }, (_, i) => `c${i + 1}`);
  const struct = `{${aliases.map((a) => `'${a}': ${a}`).join(', ')}}`;
  const numbered = `select row_number() over () as n, * from (\n${statement}\n) as t(${aliases.join(', ')})`;
  const shown = `select n, case when n <= ${maxRows} then ${struct} end as r from (${numbered})`;
  return `select count(*) as total, list(r order by n) filter (where n <= ${maxRows}) as shown from (${shown})`;
}

/** The rows of a preview's `shown` list, converted for the statement's column `types` as `query()` converts. */
export function previewRows(shown: DuckDBValue, types: readonly DuckDBType[]): Cell[][] {
  const { DuckDBListValue, DuckDBStructValue } = duckdb();
  if (!(shown instanceof DuckDBListValue)) return [];
  const convert = rowConverter(types);
  return shown.items.map((item) => {
    const entries = item instanceof DuckDBStructValue ? item.entries : {};
    return convert(types.map((_, i) => entries[`c${i + 1}`] ?? null));
  });
}

/**
 * CSV lines rendered by DuckDB itself, for `ecomflow sql --format csv`. Reading a long text value out of
 * @duckdb/node-api costs a native call each (~0.6 µs), so a 16-column row costs ~13 µs in JavaScript; one line
 * per row built by DuckDB costs one. The SQL here renders exactly what `csvLine` (format-csv.ts) writes, and
 * only for the types whose DuckDB text is the text `query()` gives (text, integers, decimals, booleans, dates);
 * a result with any other type is written by `csvLine` instead. A test holds both renderings equal on every
 * tricky value (test/sql/csv-sql.test.ts).
 */
import type { CsvOptions } from './format-csv.js';
import type { ResultColumn } from './query-result.js';

/** Types whose `::varchar` is the cell's text as `query()` converts it, and needs no CSV quoting. */
const PLAIN =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|BOOLEAN|DATE|DECIMAL\(\d+,\d+\))$/;

/**
 * A query that renders the rows of `statement` as CSV lines (one VARCHAR column `line`, without the `\n`),
 * or undefined when one of `columns` (the statement's result columns) has a type rendered only in JavaScript.
 * @example
 * csvLinesQuery('select 1 as n', [{ name: 'n', type: 'INTEGER' }]);
 * // "select coalesce(c1::varchar, '') as line from (\nselect 1 as n\n) as t(c1)"
 */
export function csvLinesQuery(
  statement: string,
  columns: readonly ResultColumn[],
  { escapeFormulas = false }: CsvOptions = {},
): string | undefined {
  if (columns.length === 0) return undefined;
  const fields: string[] = [];
  for (const [i, c] of columns.entries()) {
    const ref = `c${i + 1}`;
    if (c.type === 'VARCHAR') fields.push(textField(ref, escapeFormulas));
    else if (PLAIN.test(c.type)) fields.push(`coalesce(${ref}::varchar, '')`);
    else return undefined;
  }
  const aliases = columns.map((_, i) => `c${i + 1}`).join(', ');
  return `select ${fields.join(" || ',' || ")} as line from (\n${statement}\n) as t(${aliases})`;
}

/** A text field: formula-escaped when asked (as `escapeFormula`), then quoted as `csvField` quotes. */
function textField(ref: string, escapeFormulas: boolean): string {
  const text = escapeFormulas
    ? `case when regexp_matches(${ref}, '^[=+\\-@\\t\\r]') ` +
      `and not regexp_matches(${ref}, '^[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?$') ` +
      `then '''' || ${ref} else ${ref} end`
    : ref;
  // the quote the escape may add is no reason to quote: test the text as it is
  return (
    `case when ${ref} is null then '' ` +
    `when ${ref} = '' or regexp_matches(${ref}, '[",\\r\\n]') then '"' || replace(${text}, '"', '""') || '"' ` +
    `else ${text} end`
  );
}

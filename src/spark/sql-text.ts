/** Spark SQL text built safely from values: string literals and identifiers. */

/**
 * A Spark SQL string literal for `value` (single quotes; backslash and quote escaped, as Spark's parser reads
 * them with its default `spark.sql.parser.escapedStringLiterals=false`).
 * @example
 * sqlString("O'Neil"); // "'O\\'Neil'"
 * sqlString('C:\\data'); // "'C:\\\\data'"
 */
export function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * A Spark SQL identifier (backquoted; a backquote inside is doubled).
 * @example
 * sqlIdentifier('enriched_orders'); // '`enriched_orders`'
 */
export function sqlIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

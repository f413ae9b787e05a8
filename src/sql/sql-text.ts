/** SQL text for DuckDB: quoted identifiers and string literals. */

/** A double-quoted identifier: `sqlIdent('a"b')` → `"a""b"`. */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted string literal: `sqlLiteral("O'Brien")` → `'O''Brien'`. */
export function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

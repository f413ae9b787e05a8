/**
 * Building blocks for the Spark SQL form of each cleaning rule. Spark's regular expressions are Java's, whose
 * classes differ from JavaScript's (`\s` is ASCII-only in Java, Unicode in JavaScript; `$` also matches before a
 * final line break in Java): these helpers spell out JavaScript's meaning so both forms read values alike.
 */

/**
 * The characters JavaScript's `\s` (and `String.prototype.trim`) match, as the body of a Java regex class:
 * TAB, LF, VT, FF, CR, SPACE, NBSP, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF.
 * (Java's `(?U)\s` would add U+0085 and leave out U+FEFF.)
 */
export const JS_SPACE =
  String.raw`\t\n\x{B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}` +
  String.raw`\x{202F}\x{205F}\x{3000}\x{FEFF}`;

/** JavaScript's `.` without the `s` flag: anything but LF, CR, U+2028, U+2029 (Java's `.` also skips U+0085). */
export const JS_DOT = String.raw`[^\n\r\x{2028}\x{2029}]`;

/**
 * A Spark SQL raw string literal (`r'…'`) holding a Java regex. The pattern may not contain a quote: write
 * `\x{27}` for `'` and `\x{22}` for `"`.
 * @example
 * sqlRegex(String.raw`^\d{5}\z`); // "r'^\\d{5}\\z'"
 */
export function sqlRegex(pattern: string): string {
  if (pattern.includes("'") || pattern.includes('"')) {
    throw new Error(`a regex for Spark SQL must spell quotes as \\x{27} / \\x{22}: ${pattern}`);
  }
  return `r'${pattern}'`;
}

/**
 * JavaScript's `value.trim()` as a Spark SQL expression (Spark's own `trim` removes only spaces; `btrim` and
 * casts strip other sets).
 * @example
 * jsTrimSql('v'); // "regexp_replace(v, r'^[\\t\\n…]+|[\\t\\n…]+\\z', '')"
 */
export function jsTrimSql(value: string): string {
  return `regexp_replace(${value}, ${sqlRegex(`^[${JS_SPACE}]+|[${JS_SPACE}]+\\z`)}, '')`;
}

/**
 * Binds `expr` to the lambda variable `name` inside `body` (Spark SQL has no `let`): evaluates `expr` once per row
 * and keeps the generated SQL from repeating it.
 * @example
 * letSql('t', 'trim(v)', "CASE WHEN t = '' THEN NULL ELSE t END");
 * // "element_at(transform(array(trim(v)), t -> CASE WHEN t = '' THEN NULL ELSE t END), 1)"
 */
export function letSql(name: string, expr: string, body: string): string {
  return `element_at(transform(array(${expr}), ${name} -> ${body}), 1)`;
}

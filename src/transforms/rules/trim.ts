/** `text.trim`: single-line ids and labels without stray whitespace. */
import type { CleaningRule } from './rule.js';
import { JS_SPACE, sqlRegex } from './spark-sql.js';

/** Whitespace at either end: Unicode White_Space (incl. NBSP, U+FEFF) plus zero-width space and word joiner. */
const EDGES = /^[\s\u200b\u2060]+|[\s\u200b\u2060]+$/gu;
/** A run of whitespace inside the text (tabs, newlines, NBSP, several spaces). */
const INNER_RUN = /\s+/gu;
/** Anything this rule would change: an edge character above, a non-space whitespace, or two spaces in a row. */
const NEEDS_WORK = /^[\s\u200b\u2060]|[\s\u200b\u2060]$|[^\S ]| {2}/u;

/**
 * Trims whitespace (incl. NBSP and zero-width spaces) at both ends and collapses every inner whitespace run
 * (spaces, tabs, newlines, NBSP) to one space; null when nothing is left.
 * @example
 * trimText('  CG-12520\u00a0');      // 'CG-12520'
 * trimText('Home \t  Office');       // 'Home Office'
 * trimText('   ');                   // null
 */
export function trimText(value: string): string | null {
  if (value === '') return null;
  if (!NEEDS_WORK.test(value)) return value;
  const text = value.replace(EDGES, '').replace(INNER_RUN, ' ');
  return text === '' ? null : text;
}

/** `text.trim` in Spark SQL: the same edges and inner runs, spelled as Java regex classes. */
const EDGES_SQL = sqlRegex(String.raw`^[${JS_SPACE}\x{200B}\x{2060}]+|[${JS_SPACE}\x{200B}\x{2060}]+\z`);
const INNER_RUN_SQL = sqlRegex(`[${JS_SPACE}]+`);

/**
 * {@link trimText} as a Spark SQL expression over `value`.
 * @example
 * trimTextSql('segment'); // "nullif(regexp_replace(regexp_replace(segment, r'^[…]+|[…]+\\z', ''), r'[…]+', ' '), '')"
 */
export function trimTextSql(value: string): string {
  return `nullif(regexp_replace(regexp_replace(${value}, ${EDGES_SQL}, ''), ${INNER_RUN_SQL}, ' '), '')`;
}

/** The `text.trim` rule (see {@link trimText}); used for ids, segment, country, city, state, region. */
export const trimRule: CleaningRule = {
  name: 'text.trim',
  description:
    'Trims whitespace (incl. NBSP) at both ends and collapses inner whitespace runs to one space; empty → null.',
  clean: trimText,
  sql: trimTextSql,
};

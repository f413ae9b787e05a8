/** `name.clean`: keeps the letters of a person's name (any script) and drops digits, symbols and stray punctuation. */
import type { CleaningRule } from './rule.js';
import { JS_SPACE, letSql, sqlRegex } from './spark-sql.js';

/** A name already in canonical form: ASCII letters, single spaces between words (most real values). */
const PLAIN_ASCII_NAME = /^[A-Za-z]+(?: [A-Za-z]+)*$/;
/** Every character a name may keep: letters, combining marks, whitespace, hyphens (- ‐ ‑) and apostrophes (' ’). */
const DROPPED = /[^\p{L}\p{M}\s\-\u2010\u2011'\u2019]+/gu;
/** Whitespace runs (Unicode White_Space, incl. tab, newline, NBSP) that separate words. */
const WHITESPACE_RUN = /\s+/u;
/** Combining marks left with no letter to sit on: at a word start or right after a hyphen/apostrophe. */
const ORPHAN_MARKS = /(^|[-\u2010\u2011'\u2019])\p{M}+/gu;
/** A run of hyphens/apostrophes inside a word; only its first character is kept. */
const JOINER_RUN = /([-\u2010\u2011'\u2019])[-\u2010\u2011'\u2019]+/gu;
/** Hyphens/apostrophes at a word edge (`Fortune-`, `-erman`, `'lendrick`): they join nothing. */
const EDGE_JOINERS = /^[-\u2010\u2011'\u2019]+|[-\u2010\u2011'\u2019]+$/gu;
/** Any letter of any script. */
const LETTER = /\p{L}/u;

/**
 * Cleans a person's name: NFC, then drops every character that is not a letter, combining mark, space, hyphen
 * or apostrophe; collapses whitespace; drops hyphens/apostrophes that do not sit between letters. Case is kept.
 * Returns null when no letter is left.
 * @example
 * cleanName('Gary567 Hansen');     // 'Gary Hansen'
 * cleanName(' &&Tracy Blumstein'); // 'Tracy Blumstein'
 * cleanName('Jean-Luc O\'Neil');   // "Jean-Luc O'Neil"
 * cleanName('#$%');                // null
 */
export function cleanName(value: string): string | null {
  if (PLAIN_ASCII_NAME.test(value)) return value;
  const kept = value.normalize('NFC').replace(DROPPED, '');
  const words: string[] = [];
  for (const raw of kept.split(WHITESPACE_RUN)) {
    const word = raw.replace(ORPHAN_MARKS, '$1').replace(JOINER_RUN, '$1').replace(EDGE_JOINERS, '');
    if (word !== '') words.push(word);
  }
  // Dropping a symbol can put a combining mark next to a new base letter (`e#\u0301` → `é`): compose again.
  const name = words.join(' ').normalize('NFC');
  return LETTER.test(name) ? name : null;
}

/** Hyphens and apostrophes (- ‐ ‑ ' ’) as a Java regex class body (the quote spelled as a code point). */
const JOINERS_SQL = String.raw`\-\x{2010}\x{2011}\x{27}\x{2019}`;
const DROPPED_SQL = sqlRegex(String.raw`[^\p{L}\p{M}${JS_SPACE}${JOINERS_SQL}]+`);
const WHITESPACE_RUN_SQL = sqlRegex(`[${JS_SPACE}]+`);
const ORPHAN_MARKS_SQL = sqlRegex(String.raw`(^|[${JOINERS_SQL}])\p{M}+`);
const JOINER_RUN_SQL = sqlRegex(String.raw`([${JOINERS_SQL}])[${JOINERS_SQL}]+`);
const EDGE_JOINERS_SQL = sqlRegex(String.raw`^[${JOINERS_SQL}]+|[${JOINERS_SQL}]+\z`);

/**
 * {@link cleanName} as a Spark SQL expression over `value`: the same drops, word split and joiner fixes. Spark
 * SQL has no Unicode normalisation, so the two NFC steps are missing (see docs/spark.md).
 * @example
 * cleanNameSql('customer_name'); // "element_at(transform(array(array_join(filter(transform(split(…"
 */
export function cleanNameSql(value: string): string {
  const word =
    `regexp_replace(regexp_replace(regexp_replace(w_, ${ORPHAN_MARKS_SQL}, '$1'), ${JOINER_RUN_SQL}, '$1'), ` +
    `${EDGE_JOINERS_SQL}, '')`;
  const words = `transform(split(regexp_replace(${value}, ${DROPPED_SQL}, ''), ${WHITESPACE_RUN_SQL}), w_ -> ${word})`;
  const name = `array_join(filter(${words}, w_ -> w_ <> ''), ' ')`;
  return letSql('name_', name, String.raw`CASE WHEN name_ RLIKE r'\p{L}' THEN name_ END`);
}

/** The `name.clean` rule (see {@link cleanName}); used for `customer_name`. */
export const nameRule: CleaningRule = {
  name: 'name.clean',
  description:
    'Keeps letters of any script, spaces, and hyphens/apostrophes between letters; NFC; null when no letter is left.',
  clean: cleanName,
  sql: cleanNameSql,
};

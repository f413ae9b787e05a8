/**
 * The fix rules in plain words, for the report's readers, and where each rule's effect can be seen in the
 * warehouse: which column of which table, compared between raw/ and enriched/ row by row (`source_row`).
 */
import type { SourceTable } from './report-data.js';

/**
 * How a rule's before → after shows in the warehouse:
 * - `text`: an enriched text column holds the rule's output of the raw column (changed or emptied);
 * - `lenient-decimal`: a decimal read from text that needed stray characters removed (or could not be read);
 * - `rounded-profit`: a profit whose text had a non-zero digit beyond 2 decimal places.
 */
export type FixEvidence = 'text' | 'lenient-decimal' | 'rounded-profit';

/** One fix rule as the report explains it. */
export interface FixRule {
  /** What the rule did, in words a stakeholder reads. */
  readonly words: string;
  /** The table and column whose raw and enriched values show the rule's effect; null when none does. */
  readonly column: { readonly table: SourceTable; readonly name: string; readonly evidence: FixEvidence } | null;
}

/** The rules with their own sentence; `<column>.trim` and unknown rules are described by `fixRule`. */
const RULES: Readonly<Record<string, FixRule>> = {
  'name.clean': {
    words:
      'Customer names were tidied: digits, symbols and stray punctuation removed, spaces evened out. ' +
      'A name with no letter left was emptied.',
    column: { table: 'customers', name: 'customer_name', evidence: 'text' },
  },
  'phone.normalise': {
    words:
      'Phone numbers were written in one form, +1-AAA-BBB-CCCC (with “x” and the extension after it). ' +
      'Phone numbers that could not be read as a phone number were emptied.',
    column: { table: 'customers', name: 'phone', evidence: 'text' },
  },
  'email.validate': {
    words: 'Email addresses were trimmed of spaces; addresses that are not a valid email address were emptied.',
    column: { table: 'customers', name: 'email', evidence: 'text' },
  },
  'postal_code.normalise': {
    words:
      'ZIP codes were written as 5 digits, putting back the leading zeros a spreadsheet drops (2005 → 02005), ' +
      'or as ZIP+4; codes that are not a ZIP code were emptied.',
    column: { table: 'customers', name: 'postal_code', evidence: 'text' },
  },
  'price.stray_characters': {
    words:
      'Order prices written with stray characters around the number (%, $, quotes or thousands commas) were ' +
      'read as the number they hold.',
    column: { table: 'orders', name: 'price', evidence: 'lenient-decimal' },
  },
  'price.clean': {
    words:
      'Unit prices written with stray characters around the number were read as the number they hold; ' +
      'prices that are not a number were emptied.',
    column: { table: 'products', name: 'price_per_product', evidence: 'lenient-decimal' },
  },
  'text.invalid_utf8': {
    words:
      'Text with bytes that are not valid UTF-8 was read with each such byte sequence replaced by “�”, ' +
      'so it can be stored (the file itself is not changed).',
    column: null,
  },
  'profit.round_2dp': {
    words: 'Profits given to more than 2 decimal places were rounded to the cent (halves away from zero).',
    column: { table: 'orders', name: 'profit', evidence: 'rounded-profit' },
  },
};

/** A column name in words: `customer_id` → `customer ID`, `sub_category` → `sub-category`. */
function columnWords(column: string): string {
  return column.replace(/_id$/, ' ID').replace(/^sub_/, 'sub-').replace(/_/g, ' ');
}

/**
 * The plain-words description of the fix rule `rule` counted on `table`, and where its examples are.
 * @example
 * fixRule('customers', 'customer_id.trim').words;
 * // 'Spaces around the customer ID were removed, and runs of spaces inside it made one.'
 */
export function fixRule(table: SourceTable, rule: string): FixRule {
  const known = RULES[rule];
  if (known) return known;
  const trimmed = /^([a-z_]+)\.trim$/.exec(rule);
  if (trimmed) {
    return {
      words: `Spaces around the ${columnWords(trimmed[1]!)} were removed, and runs of spaces inside it made one.`,
      column: { table, name: trimmed[1]!, evidence: 'text' },
    };
  }
  return { words: `Values repaired by rule ${rule}.`, column: null };
}

/** The rule names with a sentence of their own (the `<column>.trim` family aside). */
export const DESCRIBED_FIX_RULES: readonly string[] = Object.keys(RULES);

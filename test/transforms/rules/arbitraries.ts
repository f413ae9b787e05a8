/** fast-check generators of messy text for the cleaning-rule property tests. */
import fc from 'fast-check';

/** Characters real dirty exports mix into values: letters of several scripts, marks, digits, symbols, spaces. */
const DIRTY_UNITS = [
  'a', 'Z', 'é', 'ü', 'ß', 'Ж', 'Ω', '李', 'ㅎ', 'ʻ', '\u0301', '\u0308', '0', '5', '٣', '-', '‐', "'", '’', '.', ',', '@',
  '#', '$', '%', '&', '*', '(', ')', '[', ']', '_', '+', '=', ';', ':', '!', '?', '/', ' ', '  ', '\t', '\n', '\u00a0',
  '\u200b', '\u200d', '€', '😀', 'x', 'ext', '1', '001',
];

/** Strings built from a mix of the characters above and arbitrary Unicode code points. */
export const dirtyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...DIRTY_UNITS), maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

/** Phone-shaped strings: digits and the separators/markers phone numbers are written with. */
export const phoneLikeText: fc.Arbitrary<string> = fc.string({
  unit: fc.constantFrom('0', '1', '2', '5', '9', '+', '-', '.', ' ', '(', ')', 'x', 'X', 'ext', 'ext.', 'extension', '#', 'a'),
  maxLength: 24,
});

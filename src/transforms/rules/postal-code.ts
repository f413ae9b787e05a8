/** `postal_code.normalise`: US ZIP codes as 5 digits (or ZIP+4), restoring leading zeros a spreadsheet dropped. */
import type { CleaningRule } from './rule.js';

/** 1–5 digits, or 9 digits, optionally with the `.0` a spreadsheet adds to a number; group 1 is the digits. */
const DIGITS = /^(\d{1,5}|\d{9})(?:\.0+)?$/;
/** ZIP+4 written with its hyphen. */
const ZIP_PLUS_4 = /^\d{5}-\d{4}$/;
/** `00000` is no ZIP code. */
const ALL_ZEROS = /^0+$/;

/**
 * Normalises a US ZIP code: 1–5 digits are left-padded with zeros to 5 (`2005` → `02005`; a trailing `.0` is
 * dropped first), `12345-6789` is kept, 9 digits become `12345-6789`; anything else, and all zeros, is null.
 * @example
 * normalisePostalCode('2005');      // '02005'
 * normalisePostalCode('2005.0');    // '02005'
 * normalisePostalCode('123456789'); // '12345-6789'
 * normalisePostalCode('123456');    // null
 */
export function normalisePostalCode(value: string): string | null {
  const text = value.trim();
  if (ZIP_PLUS_4.test(text)) return text.startsWith('00000') ? null : text;
  const digits = DIGITS.exec(text)?.[1];
  if (digits === undefined || ALL_ZEROS.test(digits.slice(0, 5))) return null;
  return digits.length === 9 ? `${digits.slice(0, 5)}-${digits.slice(5)}` : digits.padStart(5, '0');
}

/** The `postal_code.normalise` rule (see {@link normalisePostalCode}); used for `postal_code`. */
export const postalCodeRule: CleaningRule = {
  name: 'postal_code.normalise',
  description: 'US ZIP: 1–5 digits zero-padded to 5 (a spreadsheet ".0" dropped), ZIP+4 as 12345-6789; else null.',
  clean: normalisePostalCode,
};

/** `postal_code.normalise`: US ZIP codes as 5 digits (or ZIP+4), restoring leading zeros a spreadsheet dropped. */
import type { CleaningRule } from './rule.js';
import { jsTrimSql, letSql, sqlRegex } from './spark-sql.js';

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

const DIGITS_SQL = sqlRegex(String.raw`^(\d{1,5}|\d{9})(?:\.0+)?\z`);
const ZIP_PLUS_4_SQL = sqlRegex(String.raw`^\d{5}-\d{4}\z`);

/**
 * {@link normalisePostalCode} as a Spark SQL expression over `value`.
 * @example
 * normalisePostalCodeSql('postal_code'); // "element_at(transform(array(regexp_replace(postal_code, …"
 */
export function normalisePostalCodeSql(value: string): string {
  const digits = letSql(
    'd_',
    `regexp_extract(t_, ${DIGITS_SQL}, 1)`,
    String.raw`CASE WHEN substr(d_, 1, 5) RLIKE r'^0+\z' THEN NULL ` +
      `WHEN length(d_) = 9 THEN concat(substr(d_, 1, 5), '-', substr(d_, 6)) ELSE lpad(d_, 5, '0') END`,
  );
  return letSql(
    't_',
    jsTrimSql(value),
    `CASE WHEN t_ RLIKE ${ZIP_PLUS_4_SQL} THEN CASE WHEN startswith(t_, '00000') THEN NULL ELSE t_ END ` +
      `WHEN t_ RLIKE ${DIGITS_SQL} THEN ${digits} END`,
  );
}

/** The `postal_code.normalise` rule (see {@link normalisePostalCode}); used for `postal_code`. */
export const postalCodeRule: CleaningRule = {
  name: 'postal_code.normalise',
  description: 'US ZIP: 1–5 digits zero-padded to 5 (a spreadsheet ".0" dropped), ZIP+4 as 12345-6789; else null.',
  clean: normalisePostalCode,
  sql: normalisePostalCodeSql,
};

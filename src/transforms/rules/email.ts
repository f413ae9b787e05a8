/** `email.validate`: keeps syntactically usable email addresses, with the domain lower-cased. */
import type { CleaningRule } from './rule.js';
import { JS_SPACE, jsTrimSql, letSql, sqlRegex } from './spark-sql.js';

/**
 * `local@domain`: the local part is 1–64 characters with no whitespace, no `@` and no control character; the
 * domain is 1+ dot-separated labels of ASCII letters/digits/hyphens (1–63 characters, no hyphen at either end)
 * followed by a top-level domain of 2–63 ASCII letters.
 */
// eslint-disable-next-line no-control-regex -- control characters are what the local part must not hold
const EMAIL = /^([^\s@\x00-\x1f\x7f]{1,64})@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})$/;
/** The longest domain DNS allows (RFC 1035), in characters. */
const MAX_DOMAIN = 253;

/**
 * Validates an email address after trimming; returns it with the domain lower-cased (the local part is kept
 * as written: it may be case-sensitive), or null when it is not a usable address.
 * @example
 * validateEmail(' Jane.Doe@Example.COM '); // 'Jane.Doe@example.com'
 * validateEmail('a@b');                     // null
 */
export function validateEmail(value: string): string | null {
  const m = EMAIL.exec(value.trim());
  if (m === null) return null;
  const local = m[1];
  const domain = m[2];
  if (local === undefined || domain === undefined || domain.length > MAX_DOMAIN) return null;
  return `${local}@${domain.toLowerCase()}`;
}

const EMAIL_SQL = sqlRegex(
  String.raw`^([^${JS_SPACE}@\x{0}-\x{1F}\x{7F}]{1,64})@` +
    String.raw`((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})\z`,
);
/** Longest text that can be an address (64 + 1 + 253): longer values are null without running the regex. */
const MAX_EMAIL = 64 + 1 + MAX_DOMAIN;

/**
 * {@link validateEmail} as a Spark SQL expression over `value`.
 * @example
 * validateEmailSql('email'); // "element_at(transform(array(regexp_replace(email, …"
 */
export function validateEmailSql(value: string): string {
  return letSql(
    't_',
    jsTrimSql(value),
    `CASE WHEN length(t_) <= ${MAX_EMAIL} AND t_ RLIKE ${EMAIL_SQL} ` +
      `AND length(regexp_extract(t_, ${EMAIL_SQL}, 2)) <= ${MAX_DOMAIN} ` +
      `THEN concat(regexp_extract(t_, ${EMAIL_SQL}, 1), '@', lower(regexp_extract(t_, ${EMAIL_SQL}, 2))) END`,
  );
}

/** The `email.validate` rule (see {@link validateEmail}); used for `email`. */
export const emailRule: CleaningRule = {
  name: 'email.validate',
  description:
    'Trimmed; one @, a local part without spaces, a dotted ASCII domain (lower-cased) with a letter TLD; else null.',
  clean: validateEmail,
  sql: validateEmailSql,
};

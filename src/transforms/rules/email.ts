/** `email.validate`: keeps syntactically usable email addresses, with the domain lower-cased. */
import type { CleaningRule } from './rule.js';

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

/** The `email.validate` rule (see {@link validateEmail}); used for `email`. */
export const emailRule: CleaningRule = {
  name: 'email.validate',
  description:
    'Trimmed; one @, a local part without spaces, a dotted ASCII domain (lower-cased) with a letter TLD; else null.',
  clean: validateEmail,
};

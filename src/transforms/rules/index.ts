/** The named cleaning rules: one pure function per kind of value, each counted in quality.json by its name. */
import { emailRule } from './email.js';
import { nameRule } from './name.js';
import { phoneRule } from './phone.js';
import { postalCodeRule } from './postal-code.js';
import type { CleaningRule } from './rule.js';
import { trimRule } from './trim.js';

export type { CleaningRule } from './rule.js';
export { cleanName, cleanNameSql, nameRule } from './name.js';
export { normalisePhone, normalisePhoneSql, parsePhone, phoneRule, type PhoneParts } from './phone.js';
export { emailRule, validateEmail, validateEmailSql } from './email.js';
export { normalisePostalCode, normalisePostalCodeSql, postalCodeRule } from './postal-code.js';
export { trimRule, trimText, trimTextSql } from './trim.js';
export { JS_SPACE, JS_DOT, jsTrimSql, letSql, sqlRegex } from './spark-sql.js';

/**
 * Every rule by its stable name (the key used in `quality.json` → `<table>.fixes`).
 * @example
 * cleaningRules['phone.normalise'].clean('(563)647-4830'); // '+1-563-647-4830'
 */
export const cleaningRules = {
  'name.clean': nameRule,
  'phone.normalise': phoneRule,
  'email.validate': emailRule,
  'postal_code.normalise': postalCodeRule,
  'text.trim': trimRule,
} as const satisfies Record<string, CleaningRule>;

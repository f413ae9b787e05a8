/**
 * raw/customers → enriched/customers: one row per trimmed customer_id (first in file order), names, emails,
 * phones and postal codes cleaned by named rules, each rule's changes counted.
 */
import type { Table, Vector } from 'apache-arrow';
import { enrichedCustomers } from '../schemas/enriched.js';
import type { ColumnSpec } from '../schemas/types.js';
import { bigintColumn, formatScaled } from '../table/columns.js';
import { Int64Builder } from '../table/builders.js';
import { tableFromVectors } from '../table/table.js';
import { applyRule } from './apply-rule.js';
import { textVector } from './build-columns.js';
import type { Cleaned } from './cleaned.js';
import { firstRowPerKey } from './dedupe-keys.js';
import { addFix, type Fixes } from './quality.js';
import type { Reject } from './rejects-builder.js';
import { emailRule, nameRule, phoneRule, postalCodeRule, trimRule } from './rules/index.js';
import type { CleaningRule } from './rules/rule.js';

const rules: Readonly<Record<string, CleaningRule | null>> = {
  customer_name: nameRule,
  email: emailRule,
  phone: phoneRule,
  address: null,
  segment: trimRule,
  country: trimRule,
  city: trimRule,
  state: trimRule,
  postal_code: postalCodeRule,
  region: trimRule,
};

/**
 * Cleans raw customers into enriched customers (one row per customer_id) plus rejected rows and fix counts.
 * @example
 * const { table, rejects, fixes } = cleanCustomers(rawCustomersTable);
 * // 'Gary567 Hansen' → 'Gary Hansen'; phone '7185624866' → '+1-718-562-4866'; postal '2005' → '02005'
 * // fixes → { 'name.clean': { changed: 65, nulled: 0 }, 'phone.normalise': { changed: 651, nulled: 142 }, … }
 */
export function cleanCustomers(raw: Table): Cleaned {
  return cleanKeyed(raw, enrichedCustomers.columns, 'customer_id', 'customer', rules);
}

/** Shared by customers and products: dedupe on a trimmed key, then clean every other column by its rule. */
export function cleanKeyed(
  raw: Table,
  columns: readonly ColumnSpec[],
  keyName: string,
  entity: string,
  columnRules: Readonly<Record<string, CleaningRule | null>>,
  extra: Readonly<Record<string, (kept: Int32Array, fixes: Fixes) => Vector>> = {},
): Cleaned {
  const fixes: Fixes = {};
  const key = applyRule(raw, keyName, trimRule);
  const { kept, dropped } = firstRowPerKey(key);
  const sourceRows = bigintColumn(raw, 'source_row').values;
  const cleanKey = (row: number): string | null => key.values[key.codes[row]!] ?? null;
  const rawKey = (row: number): string | null => key.raw[key.codes[row]!] ?? null;
  const rejects: Reject[] = dropped.map(({ row, reason, firstRow }) =>
    reason === 'missing'
      ? {
          sourceRow: Number(sourceRows[row]!),
          key: null,
          column: keyName,
          value: rawKey(row),
          rule: `${entity}.missing_id`,
          message: `${keyName} is empty`,
        }
      : {
          sourceRow: Number(sourceRows[row]!),
          key: cleanKey(row),
          column: keyName,
          value: rawKey(row),
          rule: `${entity}.duplicate_id`,
          message:
            `${keyName} "${cleanKey(row)}" already seen at source row ` +
            `${formatScaled(sourceRows[firstRow]!, 0)}; the first row is kept`,
        },
  );
  let trimmed = 0;
  for (let i = 0; i < kept.length; i++) if (cleanKey(kept[i]!) !== rawKey(kept[i]!)) trimmed++;
  if (trimmed > 0) addFix(fixes, `${keyName}.trim`, { changed: trimmed });

  const vectors: Vector[] = columns.map((spec) => {
    if (spec.name === keyName) return textVector(spec, key, kept);
    if (spec.name === 'source_row') {
      const b = new Int64Builder();
      for (let i = 0; i < kept.length; i++) b.append(sourceRows[kept[i]!]!);
      return b.finish();
    }
    const custom = extra[spec.name];
    if (custom) return custom(kept, fixes);
    const rule = columnRules[spec.name] ?? null;
    const cleaned = applyRule(raw, spec.name, rule, kept);
    if (rule !== null && (cleaned.count.changed > 0 || cleaned.count.nulled > 0)) {
      addFix(fixes, rule === trimRule ? `${spec.name}.trim` : rule.name, cleaned.count);
    }
    return textVector(spec, cleaned, kept);
  });
  return { table: tableFromVectors(columns, vectors), rejects, fixes };
}

/**
 * raw/customers → enriched/customers: one row per trimmed customer_id (first in file order), names, emails,
 * phones and postal codes cleaned by named rules, each rule's changes counted.
 */
import type { Int64, Table, Vector } from 'apache-arrow';
import { enrichedCustomers } from '../schemas/enriched.js';
import type { ColumnSpec } from '../schemas/types.js';
import { bigintColumn, formatScaled, type ColumnName } from '../table/columns.js';
import { Int64Builder } from '../table/builders.js';
import { tableFromVectors, type TableOfColumns } from '../table/table.js';
import type { EnrichedCustomersTable, Having, TextType } from '../table/typed-tables.js';
import { applyRule } from './apply-rule.js';
import { textVector } from './build-columns.js';
import type { Cleaned } from './cleaned.js';
import { firstRowPerKey } from './dedupe-keys.js';
import { addFix, type Fixes } from './quality.js';
import type { Reject } from './rejects-builder.js';
import { emailRule, nameRule, phoneRule, postalCodeRule, trimRule } from './rules/index.js';
import type { CleaningRule } from './rules/rule.js';
import type { StepOptions } from './steps/step.js';

const rules = {
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
} as const;

/**
 * Cleans raw customers into enriched customers (one row per customer_id) plus rejected rows and fix counts.
 * @example
 * const { table, rejects, fixes } = cleanCustomers(rawCustomersTable);
 * // 'Gary567 Hansen' → 'Gary Hansen'; phone '7185624866' → '+1-718-562-4866'; postal '2005' → '02005'
 * // fixes → { 'name.clean': { changed: 65, nulled: 0 }, 'phone.normalise': { changed: 651, nulled: 142 }, … }
 */
export function cleanCustomers<R extends RawKeyedColumns<EnrichedCustomerColumn>>(
  raw: Table<R>,
): Cleaned<EnrichedCustomersTable> {
  return cleanKeyed(raw, customerKeyed);
}

/**
 * How a keyed entity (customers, products) is deduped and cleaned; `C` are the enriched table's columns, each read
 * from the raw column of the same name.
 */
export interface KeyedSpec<C extends ColumnSpec = ColumnSpec> {
  /** The enriched table's columns. */
  readonly columns: readonly C[];
  /** The key column: trimmed, first row per key kept. */
  readonly key: C['name'];
  /** The entity's name in reject rules: `<entity>.missing_id`, `<entity>.duplicate_id`. */
  readonly entity: 'customer' | 'product';
  /** Each other column's cleaning rule (null or absent: kept as read). */
  readonly rules: Readonly<Partial<Record<C['name'], CleaningRule | null>>>;
  /** Columns built otherwise, from the kept rows (e.g. a price): the Arrow form. */
  readonly extra?: Readonly<Partial<Record<C['name'], ExtraColumn>>>;
  /** The same columns in Spark SQL, over the raw column's name. */
  readonly extraSql?: Readonly<Partial<Record<C['name'], (column: string) => string>>>;
}

/** A column built from the kept rows of the raw table (e.g. a parsed price), counting its fixes. */
export type ExtraColumn = (raw: Table, kept: Int32Array, fixes: Fixes) => Vector;

/** What a keyed clean reads: a text raw column for every enriched column `C` but source_row, and source_row. */
export type RawKeyedColumns<C extends ColumnSpec> = Having<Exclude<C['name'], 'source_row'>, TextType> & {
  source_row: Int64;
};

type EnrichedCustomerColumn = (typeof enrichedCustomers.columns)[number];

/** The customers' spec: rules per column, keyed on customer_id. */
export const customerKeyed: KeyedSpec<EnrichedCustomerColumn> = {
  columns: enrichedCustomers.columns,
  key: 'customer_id',
  entity: 'customer',
  rules,
};

/**
 * Shared by customers and products: dedupe on a trimmed key, then clean every other column by its rule.
 * @example
 * cleanKeyed(rawCustomersTable, customerKeyed); // = cleanCustomers(rawCustomersTable)
 */
export function cleanKeyed<C extends ColumnSpec, R extends RawKeyedColumns<C>>(
  raw: Table<R>,
  spec: KeyedSpec<C>,
  options: StepOptions = {},
): Cleaned<TableOfColumns<C>> {
  options.signal?.throwIfAborted();
  const { columns, key: keyName, entity, rules: columnRules, extra = {} } = spec;
  const fixes: Fixes = {};
  // every enriched column but source_row is a raw column (RawKeyedColumns); TS cannot see it through C and R
  const rawColumn = (name: C['name']): ColumnName<R> => name as ColumnName<R>;
  const key = applyRule(raw, rawColumn(keyName), trimRule);
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
    const custom = (extra as Readonly<Partial<Record<string, ExtraColumn>>>)[spec.name];
    if (custom) return custom(raw, kept, fixes);
    const rule = (columnRules as Readonly<Partial<Record<string, CleaningRule | null>>>)[spec.name] ?? null;
    const cleaned = applyRule(raw, rawColumn(spec.name), rule, kept);
    if (rule !== null && (cleaned.count.changed > 0 || cleaned.count.nulled > 0)) {
      addFix(fixes, rule === trimRule ? `${spec.name}.trim` : rule.name, cleaned.count);
    }
    return textVector(spec, cleaned, kept);
  });
  return { table: tableFromVectors(columns, vectors), rejects, fixes };
}

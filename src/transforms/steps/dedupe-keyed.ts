/**
 * Steps `dedupe_customers` and `dedupe_products`: one row per trimmed key (the first in file order; later rows
 * and rows without a key are rejects), every other column cleaned by its named rule.
 */
import type { Table } from 'apache-arrow';
import { cleanKeyed, customerKeyed, type KeyedSpec } from '../clean-customers.js';
import { productKeyed } from '../clean-products.js';
import type { Cleaned } from '../cleaned.js';
import { trimRule } from '../rules/index.js';
import { sqlIdent, type Step } from './step.js';

/**
 * The keyed dedupe in Spark SQL over the raw view: `source_row`, the enriched columns (cleaned by the rules'
 * SQL forms), and the verdict `reject_key`, `reject_column`, `reject_value`, `reject_rule`, `reject_message`
 * (NULL for a kept row).
 */
export function dedupeKeyedSql(views: { readonly raw: string }, spec: KeyedSpec): string {
  const key = sqlIdent(spec.key);
  const cols = spec.columns
    .filter((c) => c.name !== spec.key && c.name !== 'source_row')
    .map((c) => {
      const raw = `r.${sqlIdent(c.name)}`;
      const extra = spec.extraSql?.[c.name];
      const rule = spec.rules[c.name] ?? null;
      const expr = extra ? extra(raw) : rule ? rule.sql(raw) : raw;
      return `${expr} AS ${sqlIdent(c.name)}`;
    });
  const dup = 'k IS NOT NULL AND source_row > first_row';
  const message =
    `CASE WHEN k IS NULL THEN '${spec.key} is empty' WHEN ${dup} THEN concat('${spec.key} "', k, ` +
    `'" already seen at source row ', first_row, '; the first row is kept') END`;
  return (
    `SELECT source_row, k AS ${key}, ${spec.columns
      .filter((c) => c.name !== spec.key && c.name !== 'source_row')
      .map((c) => sqlIdent(c.name))
      .join(', ')}, ` +
    `CASE WHEN ${dup} THEN k END AS reject_key, ` +
    `CASE WHEN k IS NULL OR ${dup} THEN '${spec.key}' END AS reject_column, ` +
    `CASE WHEN k IS NULL OR ${dup} THEN raw_key END AS reject_value, ` +
    `CASE WHEN k IS NULL THEN '${spec.entity}.missing_id' WHEN ${dup} THEN '${spec.entity}.duplicate_id' END ` +
    `AS reject_rule, ${message} AS reject_message ` +
    `FROM (SELECT *, first_value(source_row) OVER (PARTITION BY k ORDER BY source_row) AS first_row ` +
    `FROM (SELECT r.source_row, r.${key} AS raw_key, ${trimRule.sql(`r.${key}`)} AS k, ${cols.join(', ')} ` +
    `FROM ${views.raw} r))`
  );
}

/** A keyed dedupe step over its raw view. */
function keyedStep(
  name: 'dedupe_customers' | 'dedupe_products',
  spec: KeyedSpec,
): Step<Table, KeyedSpec, Cleaned, 'raw'> {
  return {
    name,
    summary: `One row per trimmed ${spec.key} (first in file order), other columns cleaned by their rules.`,
    views: ['raw'],
    arrow: cleanKeyed,
    sql: dedupeKeyedSql,
  };
}

/** `dedupe_customers`: spec `customerKeyed`. */
export const dedupeCustomersStep = keyedStep('dedupe_customers', customerKeyed);
/** `dedupe_products`: spec `productKeyed`. */
export const dedupeProductsStep = keyedStep('dedupe_products', productKeyed);

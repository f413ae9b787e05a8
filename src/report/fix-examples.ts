/**
 * Examples of each fix, found in the warehouse itself: the raw value and the enriched value of the same source
 * row (`source_row` links them), for the rows a rule changed. The rows a rule touched are told apart exactly as
 * the rule counts them, so the examples belong to the counted fixes; only the first source rows are read, as
 * far as needed to find them.
 */
import { enrichedSchemas } from '../schemas/index.js';
import type { WarehouseDb } from '../sql/warehouse-db.js';
import { fixRule, type FixEvidence } from './fix-rules.js';
import type { FixExample, FixExamples, QualityTable, SourceTable } from './report-data.js';

/** Examples shown per rule. */
export const EXAMPLES_PER_FIX = 3;

/** The characters `parseDecimal` trims around a number (its `isSpaceCode`), as an RE2 class. */
const SPACE =
  String.raw`[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}` +
  String.raw`\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]`;
/**
 * Text `parseDecimal` reads as it is: optional spaces and sign, digits with an optional fraction, an optional
 * exponent. A kept value that does not match needed its stray characters removed (`parseDecimalLenient`).
 */
export const PLAIN_DECIMAL = String.raw`^${SPACE}*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?${SPACE}*$`;

/**
 * The SQL condition, over raw `r` and enriched `e` joined on `source_row`, that holds exactly for the rows a rule
 * of this kind changed or emptied in `column` (tests hold it equal to quality.json's counts).
 * @example
 * touchedCondition('text', 'phone'); // 'r.phone is distinct from e.phone'
 */
export function touchedCondition(evidence: FixEvidence, column: string): string {
  const raw = `r.${column}`;
  const enriched = `e.${column}`;
  switch (evidence) {
    case 'text':
      return `${raw} is distinct from ${enriched}`;
    case 'lenient-decimal':
      return `${raw} is not null and (${enriched} is null or not regexp_full_match(${raw}, '${PLAIN_DECIMAL}'))`;
    case 'rounded-profit':
      // a '.', no exponent, and a non-zero digit past the second decimal place (enrichOrders' fractionBeyond)
      return `not regexp_matches(${raw}, '[eE]') and regexp_matches(${raw}, '(?s)^[^.]*\\..{2}.*[1-9]')`;
  }
}

/** Whether `column` is a column of enriched/`table` (raw/ has every enriched column but the derived ones). */
function hasColumn(table: SourceTable, column: string): boolean {
  return enrichedSchemas[table].columns.some((c) => c.name === column);
}

/**
 * The first source rows searched, growing until every rule has its examples: most rules change many values, so
 * the first thousand rows usually suffice and only the start of each Parquet file is read.
 */
const PREFIXES = [1_024, 16_384, 262_144, Number.POSITIVE_INFINITY];

/** One rule to find examples of, and how many changed and emptied values it wants. */
interface Wanted {
  readonly rule: string;
  readonly column: string;
  readonly evidence: FixEvidence;
  readonly changed: number;
  readonly emptied: number;
}

/** How many examples of each kind to show: 3 in all; of a rule that did both, 1 emptied (2 if it changed only 1). */
function wanted(changed: number, nulled: number): { changed: number; emptied: number } {
  const emptied =
    nulled === 0 ? 0 : Math.min(nulled, changed > 0 ? EXAMPLES_PER_FIX - Math.min(changed, 2) : EXAMPLES_PER_FIX);
  return { changed: Math.min(changed, EXAMPLES_PER_FIX - emptied), emptied };
}

/**
 * Up to 3 before → after examples of every fix counted in quality.json, first rows first; a rule that also
 * emptied values shows 2 changed and 1 emptied (fewer when fewer exist). Rules whose effect is not in a warehouse
 * column get none. One query per table reads raw and enriched side by side for the first source rows, and looks
 * further only for the rules still short of examples.
 * @example
 * await fixExamples(db, quality);
 * // [{ table: 'customers', rule: 'name.clean',
 * //    examples: [{ sourceRow: 3, before: 'Gary567 Hansen', after: 'Gary Hansen' }, …] }, …]
 */
export async function fixExamples(
  db: WarehouseDb,
  quality: Readonly<Record<SourceTable, QualityTable>>,
): Promise<FixExamples[]> {
  const out: FixExamples[] = [];
  for (const table of ['customers', 'products', 'orders'] as const) {
    const present = db.tables.includes(`raw.${table}`) && db.tables.includes(`enriched.${table}`);
    const found = new Map<string, FixExample[]>();
    const pending: Wanted[] = [];
    for (const [rule, count] of Object.entries(quality[table].fixes)) {
      found.set(rule, []);
      const where = fixRule(table, rule).column;
      if (present && where !== null && where.table === table && hasColumn(table, where.name)) {
        pending.push({ rule, column: where.name, evidence: where.evidence, ...wanted(count.changed, count.nulled) });
      }
    }
    for (const prefix of PREFIXES) {
      const open = pending.filter((w) => {
        const got = found.get(w.rule)!;
        return (
          got.filter((e) => e.after !== null).length < w.changed ||
          got.filter((e) => e.after === null).length < w.emptied
        );
      });
      if (open.length === 0) break;
      const rows = await firstFixes(db, table, open, prefix);
      for (const w of open) {
        const mine = rows.filter((r) => r.rule === w.rule);
        const changed = mine.filter((e) => e.after !== null).slice(0, w.changed);
        const emptied = mine.filter((e) => e.after === null).slice(0, w.emptied);
        found.set(
          w.rule,
          [...changed, ...emptied].sort((a, b) => a.sourceRow - b.sourceRow),
        );
      }
    }
    for (const [rule, examples] of found) out.push({ table, rule, examples });
  }
  return out;
}

/** The first 3 changed and first 3 emptied values of each rule in `rules`, among source rows ≤ `prefix`. */
async function firstFixes(
  db: WarehouseDb,
  table: SourceTable,
  rules: readonly Wanted[],
  prefix: number,
): Promise<(FixExample & { rule: string })[]> {
  const fixes = rules
    .map(
      (w) =>
        `{rule: '${w.rule}', before: r.${w.column}::varchar, after: e.${w.column}::varchar, ` +
        `hit: coalesce(${touchedCondition(w.evidence, w.column)}, false)}`,
    )
    .join(', ');
  const within = Number.isFinite(prefix) ? `where r.source_row <= ${prefix} and e.source_row <= ${prefix}` : '';
  const r = await db.run(
    `select f.rule, source_row, f.before, f.after from (
       select source_row, unnest([${fixes}]) as f
       from raw.${table} r join enriched.${table} e using (source_row) ${within})
     where f.hit
     qualify row_number() over (partition by f.rule, f.after is null order by source_row) <= ${EXAMPLES_PER_FIX}`,
  );
  return r.rows.map(([rule, sourceRow, before, after]) => ({
    rule: rule as string,
    sourceRow: Number(sourceRow),
    before: before as string | null,
    after: after as string | null,
  }));
}

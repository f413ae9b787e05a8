/**
 * The shape of a pipeline step: one named piece of the enrichment, written twice side by side — as a pure
 * function over Arrow tables (the local engine) and as one Spark SQL SELECT over named input views (the Spark
 * engine). The parity suite (test/transforms/steps/*.spark.test.ts) holds the two equal on a real Spark.
 */

/** Every step of the pipeline, in the order it runs; declared once. */
export const STEP_NAMES = [
  'dedupe_customers',
  'dedupe_products',
  'stage_orders',
  'round_profit',
  'dedupe_lines',
  'lookup_customer',
  'lookup_product',
  'order_year',
  'profit_summary',
  'profit_by_year',
  'profit_by_category',
  'profit_by_sub_category',
  'profit_by_customer',
] as const;

/** The name of a step. */
export type StepName = (typeof STEP_NAMES)[number];

/** Options every step accepts; none change the result. */
export interface StepOptions {
  /** Reserved for progress and cancellation hooks; steps are pure and ignore it today. */
  readonly signal?: AbortSignal;
}

/** The Spark temp views (or table names, or parenthesised subqueries) a step's SQL reads, by input name. */
export type SqlViews<View extends string> = Readonly<Record<View, string>>;

/**
 * A pipeline step. `arrow` is pure (never mutates its input or spec); `sql` returns one Spark SQL SELECT (ANSI
 * mode, `try_*` functions: a bad value becomes a reject row, never a failed job) over the views it is given,
 * one per name in `views`, and its output columns are documented on each step.
 */
export interface Step<In, Spec, Out, View extends string = string> {
  readonly name: StepName;
  /** One line for docs/spark.md and docs/architecture.md. */
  readonly summary: string;
  /** The input views `sql` reads, by name. */
  readonly views: readonly View[];
  readonly arrow: (input: In, spec: Spec, options?: StepOptions) => Out;
  readonly sql: (views: SqlViews<View>, spec: Spec) => string;
}

/** Quotes a Spark SQL identifier (backticks doubled). */
export function sqlIdent(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}

/** A Spark SQL string literal for `text` (quotes and backslashes escaped). */
export function sqlString(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** A named cleaning rule over one text value; the unit every data-cleaning step is built from. */

/**
 * A cleaning rule: a stable name (used in quality.json and docs), a one-line description, the function, and
 * the same rule in Spark SQL (held equal to the function by test/transforms/rules/spark-parity.spark.test.ts).
 */
export interface CleaningRule {
  /** Stable name, e.g. `name.clean`, `phone.normalise`. */
  readonly name: string;
  /** One line for docs and the report. */
  readonly description: string;
  /** Cleans one non-null value; returns the cleaned text, or null when nothing usable is left. Pure. */
  readonly clean: (value: string) => string | null;
  /**
   * The rule as a Spark SQL expression over the STRING expression `value`: the cleaned text or NULL (NULL for
   * NULL). Written for ANSI mode: it never fails on a bad value. Differences from `clean` are listed in docs/spark.md.
   */
  readonly sql: (value: string) => string;
}

/** A named cleaning rule over one text value; the unit every data-cleaning step is built from. */

/** A cleaning rule: a stable name (used in quality.json and docs), a one-line description, and the function. */
export interface CleaningRule {
  /** Stable name, e.g. `name.clean`, `phone.normalise`. */
  readonly name: string;
  /** One line for docs and the report. */
  readonly description: string;
  /** Cleans one non-null value; returns the cleaned text, or null when nothing usable is left. Pure. */
  readonly clean: (value: string) => string | null;
}

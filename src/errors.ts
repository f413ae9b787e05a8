/**
 * Typed errors. Every error names where it happened: the file, and when known the row (1-based, as a
 * person counts rows in that file), the column and, for JSON, the byte offset. This module imports nothing.
 */

/** Where in an input a problem was found. */
export interface Where {
  readonly file?: string;
  readonly row?: number;
  readonly column?: string;
  readonly offset?: number;
}

/** Renders a `Where` as `file, row 3, column "phone", byte 120`. */
export function formatWhere(where: Where): string {
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(where.file);
  if (where.row !== undefined) parts.push(`row ${where.row}`);
  if (where.column !== undefined) parts.push(`column "${where.column}"`);
  if (where.offset !== undefined) parts.push(`byte ${where.offset}`);
  return parts.join(', ');
}

/** The base of every error ecomflow raises on purpose; `rule` is a stable machine-readable name. */
export class EcomflowError extends Error {
  readonly rule: string;
  readonly where: Where;
  constructor(rule: string, message: string, where: Where = {}) {
    const at = formatWhere(where);
    super(at ? `${at}: ${message}` : message);
    this.name = new.target.name;
    this.rule = rule;
    this.where = where;
  }
}

/** A whole input cannot be used (malformed file, missing required column…). The CLI exits 1. */
export class InputError extends EcomflowError {}

/** The command was called wrongly (unknown flag, missing argument). The CLI exits 2. */
export class UsageError extends EcomflowError {
  constructor(message: string) {
    super('usage', message);
  }
}

/**
 * The machine, not the input, stopped the run: a full disk, a read-only or unwritable folder, a source this
 * process may not read. The message names the path and the cause; `path` holds the path alone. The CLI exits 1.
 */
export class EnvironmentError extends EcomflowError {
  readonly path: string;
  constructor(rule: string, message: string, path: string) {
    super(rule, message);
    this.path = path;
  }
}

/** The run was stopped by a signal (Ctrl-C, SIGTERM) before it replaced anything. The CLI exits 130. */
export class InterruptedError extends EcomflowError {
  readonly signal: string;
  constructor(signal: string) {
    super('interrupted', 'interrupted; the previous warehouse is unchanged');
    this.signal = signal;
  }
}

/** A schema or table invariant does not hold (a bug or a contract breach, not dirty input). */
export class SchemaError extends EcomflowError {}

/** One source row, or one value of it, that could not be read or used; collected, never thrown. */
export interface RowIssue {
  /** 1-based row number in the source file (data rows for JSON/CSV; worksheet row for xlsx). */
  readonly row: number;
  readonly column: string | null;
  readonly value: string | null;
  /** Stable name of the rule that was broken, e.g. `json.not_an_object`, `date.impossible`. */
  readonly rule: string;
  readonly message: string;
}

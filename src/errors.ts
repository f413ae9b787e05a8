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

/**
 * Every rule name an error or a reject carries, declared once: docs/errors.md lists exactly these
 * (test/schemas/rule-names.test.ts holds the two equal). Internal invariants (`table.*`, `usage`, `interrupted`)
 * are named here too.
 */
export const RULE_NAMES = [
  'csv.duplicate_header',
  'csv.empty',
  'csv.field_count',
  'csv.syntax',
  'customer.duplicate_id',
  'customer.missing_id',
  'env.cannot_create',
  'env.cwd_too_long',
  'env.io_error',
  'env.name_too_long',
  'env.no_space',
  'env.not_a_folder',
  'env.permission_denied',
  'env.read_only',
  'groupby.duplicate',
  'groupby.key_type',
  'groupby.no_column',
  'groupby.overflow',
  'groupby.sum_type',
  'header.missing_column',
  'header.too_many_columns',
  'header.unknown_column',
  'internal',
  'interrupted',
  'io.not_a_file',
  'io.not_found',
  'io.permission_denied',
  'io.unreadable',
  'json.duplicate_key',
  'json.empty',
  'json.late_column',
  'json.no_objects',
  'json.not_an_object',
  'json.not_array',
  'json.syntax',
  'json.trailing',
  'json.truncated',
  'order.bad_discount',
  'order.bad_order_date',
  'order.bad_price',
  'order.bad_profit',
  'order.bad_quantity',
  'order.bad_row_id',
  'order.bad_ship_date',
  'order.conflicting_row_id',
  'order.discount_out_of_range',
  'order.duplicate_line',
  'order.missing_order_date',
  'order.missing_profit',
  'order.missing_row_id',
  'order.nonpositive_quantity',
  'parquet.corrupt',
  'parquet.decimal_precision',
  'parquet.decimal_range',
  'parquet.extra_column',
  'parquet.missing',
  'parquet.missing_column',
  'parquet.no_columns',
  'parquet.null_in_required',
  'parquet.row_group_size',
  'parquet.stream_schema',
  'parquet.type_mismatch',
  'parquet.unreadable',
  'parquet.unsupported_type',
  'product.duplicate_id',
  'product.missing_id',
  'report.bad_quality',
  'report.no_quality',
  'row.rejected',
  'schema.raw',
  'show.bad_option',
  'sources.ambiguous',
  'sources.missing',
  'sources.no_input',
  'sources.no_match',
  'spark.closed',
  'spark.no_delta',
  'spark.protocol',
  'spark.result_column',
  'spark.result_type',
  'spark.server',
  'spark.unreachable',
  'spark.unreadable_input',
  'sql.damaged_table',
  'sql.empty',
  'sql.failed',
  'sql.no_warehouse',
  'sql.not_a_warehouse',
  'sql.read_only',
  'sql.syntax',
  'sql.table_not_found',
  'table.chunks',
  'table.concat',
  'table.no_column',
  'table.offset',
  'table.shape',
  'table.type',
  'usage',
  'warehouse.foreign_files',
  'warehouse.locked',
  'warehouse.not_a_folder',
  'warehouse.not_ours',
  'warehouse.unreadable',
  'xlsx.ambiguous_sheet',
  'xlsx.damaged',
  'xlsx.empty',
  'xlsx.encrypted',
  'xlsx.not_a_workbook',
  'xlsx.too_large',
  'xlsx.unsafe_entry',
] as const;

/** A stable rule name (see RULE_NAMES). */
export type RuleName = (typeof RULE_NAMES)[number];

const ruleNames: ReadonlySet<string> = new Set(RULE_NAMES);

/** Whether `text` (e.g. read back from a rejects table or a worker message) is a rule name. */
export function isRuleName(text: string): text is RuleName {
  return ruleNames.has(text);
}

/** The base of every error ecomflow raises on purpose; `rule` is a stable machine-readable name. */
export class EcomflowError extends Error {
  readonly rule: RuleName;
  readonly where: Where;
  constructor(rule: RuleName, message: string, where: Where = {}) {
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
  constructor(rule: RuleName, message: string, path: string) {
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
  /** The file of the row, when the source is several files (orders from a folder or a glob). */
  readonly file?: string;
  readonly column: string | null;
  readonly value: string | null;
  /** Stable name of the rule that was broken, e.g. `json.not_an_object`. */
  readonly rule: RuleName;
  readonly message: string;
}

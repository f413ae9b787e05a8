/** The typed error for anything a Spark Connect server refuses, fails, or cannot be reached for. */
import { EcomflowError } from '../errors.js';

/** What went wrong with Spark, as a stable rule name. */
export type SparkErrorRule =
  /** The server ran the request and reported an error (a SQL error, a missing table, a failed job…). */
  | 'spark.server'
  /** The server could not be reached or the connection broke (gRPC UNAVAILABLE, a deadline). */
  | 'spark.unreachable'
  /** The server's answer did not follow the protocol (bad bytes, an unexpected response). */
  | 'spark.protocol'
  /** The session was closed before the request. */
  | 'spark.closed';

/** What the server said about an error: its error class, SQL state and message parameters, when it sent them. */
export interface SparkErrorDetails {
  /** Spark's error class, e.g. `TABLE_OR_VIEW_NOT_FOUND`, `CAST_INVALID_INPUT`; null for non-Spark errors. */
  readonly errorClass: string | null;
  /** The SQLSTATE, e.g. `42P01`; null when none was sent. */
  readonly sqlState: string | null;
  /** The error class's message parameters, e.g. `{ relationName: '`nope`' }`. */
  readonly messageParameters: Readonly<Record<string, string>>;
  /** The JVM exception classes, most specific first (for code that needs them; never shown). */
  readonly exceptionClasses: readonly string[];
  /** The gRPC status code of the failed call (2 UNKNOWN, 13 INTERNAL, 14 UNAVAILABLE, …). */
  readonly grpcCode: number;
}

/**
 * A Spark Connect failure: the message is the server's own one-paragraph message (never a JVM stack trace),
 * prefixed with `Spark: `; `errorClass` and the other details are kept for code.
 * @example
 * err.message;    // 'Spark: [TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found. … SQLSTATE: 42P01'
 * err.errorClass; // 'TABLE_OR_VIEW_NOT_FOUND'
 */
export class SparkError extends EcomflowError implements SparkErrorDetails {
  readonly errorClass: string | null;
  readonly sqlState: string | null;
  readonly messageParameters: Readonly<Record<string, string>>;
  readonly exceptionClasses: readonly string[];
  readonly grpcCode: number;
  /** The server's message alone, without the `Spark: ` prefix. */
  readonly serverMessage: string;

  constructor(rule: SparkErrorRule, serverMessage: string, details: Partial<SparkErrorDetails> = {}) {
    const text = cleanServerMessage(serverMessage);
    super(rule, `Spark: ${text}`);
    this.serverMessage = text;
    this.errorClass = details.errorClass ?? null;
    this.sqlState = details.sqlState ?? null;
    this.messageParameters = details.messageParameters ?? {};
    this.exceptionClasses = details.exceptionClasses ?? [];
    this.grpcCode = details.grpcCode ?? 0;
  }
}

/** A JVM stack frame line (`\tat org.apache.spark.Foo.bar(Foo.scala:12)`), `... 12 more` or `Caused by: …`. */
const STACK_LINE = /^\s*(?:at [\w$.<>/]+\(.*\)|\.\.\. \d+ more|Caused by: .*)$/;
/** Where an AnalysisException's message ends and the logical plan Spark appends to it begins. */
const PLAN_TAIL = /(; line \d+ pos \d+);\n[\s\S]*$/;

/**
 * A server message fit for a person's screen: a `JVM stacktrace:` section, stack-frame lines and the logical
 * plan an analysis error appends are dropped; surrounding blank lines trimmed.
 * @example
 * cleanServerMessage('[X] boom\nJVM stacktrace:\norg.apache.spark.SparkException\n\tat a.b(c.scala:1)'); // '[X] boom'
 * cleanServerMessage("[T] not found. SQLSTATE: 42P01; line 1 pos 14;\n'Project [*]");
 * // '[T] not found. SQLSTATE: 42P01; line 1 pos 14'
 */
export function cleanServerMessage(message: string): string {
  const cut = message.indexOf('\nJVM stacktrace:');
  const head = (cut < 0 ? message : message.slice(0, cut)).replace(PLAN_TAIL, '$1');
  return head
    .split('\n')
    .filter((line) => !STACK_LINE.test(line))
    .join('\n')
    .trim();
}

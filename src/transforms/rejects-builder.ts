/**
 * Collects rejected rows into a rejects table (see src/schemas/rejects.ts). Rejects are rare: one append per row.
 * Text is cut to 1,000 characters, so a 50 MB bad value makes a small reject (and a small report).
 */
import type { Table, Vector } from 'apache-arrow';
import type { RowIssue, RuleName } from '../errors.js';
import type { TableSchema } from '../schemas/types.js';
import { DictionaryBuilder, Int64Builder, Utf8Builder } from '../table/builders.js';
import { tableFromVectors } from '../table/table.js';
import { letSql, sqlRegex } from './rules/spark-sql.js';

/** One rejected source row. */
export interface Reject {
  readonly sourceRow: number;
  /** The row's file, when the source is several files (else the builder's file). */
  readonly file?: string;
  readonly key: string | null;
  readonly column: string | null;
  readonly value: string | null;
  readonly rule: RuleName;
  readonly message: string;
}

/** The most characters of a reject's key, column name, value and message that the rejects table keeps. */
export const REJECT_TEXT_CHARS = 1000;

/** `text` cut to `REJECT_TEXT_CHARS` characters (never inside a surrogate pair); null stays null. */
export function cut(text: string | null): string | null {
  if (text === null || text.length <= REJECT_TEXT_CHARS) return text;
  const high = text.charCodeAt(REJECT_TEXT_CHARS - 1);
  return text.slice(0, high >= 0xd800 && high <= 0xdbff ? REJECT_TEXT_CHARS - 1 : REJECT_TEXT_CHARS);
}

/** Java regex of one character outside the BMP (two UTF-16 units in JavaScript, one code point in Spark). */
const ASTRAL = String.raw`[\x{10000}-\x{10FFFF}]`;

/** Spark SQL: how many characters of `text` lie outside the BMP. */
function astralCountSql(text: string): string {
  return `(char_length(${text}) - char_length(regexp_replace(${text}, ${sqlRegex(ASTRAL)}, '')))`;
}

/**
 * The Spark SQL form of `cut` (`n` = 1,000): the same cut point in UTF-16 units, though Spark counts code points.
 * Each astral character gets a one-unit companion, so `left` of that text counts units; the code points kept
 * are then `n` minus the astral characters in those `n` units. A pair cut in half is dropped, as `cut` does, or,
 * with `half: 'replace'`, kept as U+FFFD, as a plain `slice(0, n)` ends up once written as UTF-8.
 * @example
 * cutTextSql('value'); // an expression: NULL for NULL, the text when ≤ 1,000 units, else its first 1,000 (or 999)
 */
export function cutTextSql(text: string, n: number = REJECT_TEXT_CHARS, half: 'drop' | 'replace' = 'drop'): string {
  const broken = half === 'drop' ? '' : `, IF(left(cut_t, ${n}) RLIKE ${sqlRegex(`${ASTRAL}\\z`)}, '\uFFFD', '')`;
  return letSql(
    'cut_s',
    `left(${text}, ${n + 1})`,
    letSql(
      'cut_t',
      `regexp_replace(cut_s, ${sqlRegex(`(${ASTRAL})`)}, '$1_')`,
      `IF(char_length(cut_t) <= ${n}, cut_s, ` +
        `concat(left(cut_s, ${n} - ${astralCountSql(`left(cut_t, ${n})`)})${broken}))`,
    ),
  );
}

/** The Spark SQL form of `cutMessage`: the note counts the whole message in UTF-16 units, as JavaScript does. */
export function cutMessageSql(message: string): string {
  const n = REJECT_TEXT_CHARS;
  return letSql(
    'cut_m',
    message,
    letSql(
      'cut_u',
      `char_length(cut_m) + ${astralCountSql('cut_m')}`,
      `IF(cut_u <= ${n}, cut_m, concat(${cutTextSql('cut_m')}, '… (message cut: ', format_number(cut_u, 0), ` +
        `' characters in all)'))`,
    ),
  );
}

/**
 * A reject message cut like its value, saying so: the first `REJECT_TEXT_CHARS` characters, then
 * `… (message cut: <n> characters in all)`. Short messages are kept as they are.
 * @example
 * cutMessage(`Profit "${'9'.repeat(5000)}x" is not a number`)
 * // → 'Profit "999…9… (message cut: 5,027 characters in all)' (1,000 characters before the note)
 */
export function cutMessage(message: string): string {
  if (message.length <= REJECT_TEXT_CHARS) return message;
  return `${cut(message)!}… (message cut: ${message.length.toLocaleString('en-US')} characters in all)`;
}

/** Accumulates rejects of one source file and finishes them as a rejects table. */
export class RejectsBuilder {
  private readonly file = new DictionaryBuilder();
  private readonly row = new Int64Builder();
  private readonly key = new Utf8Builder();
  private readonly column = new DictionaryBuilder();
  private readonly value = new Utf8Builder();
  private readonly rule = new DictionaryBuilder();
  private readonly message = new Utf8Builder();
  private readonly rules: string[] = [];

  constructor(
    private readonly schema: TableSchema,
    private readonly sourceFile: string,
  ) {}

  /** Rejects so far. */
  get length(): number {
    return this.row.length;
  }

  /** The rule of every reject so far, in order. */
  get ruleNames(): readonly string[] {
    return this.rules;
  }

  /** Records one rejected row. */
  add(r: Reject): void {
    this.file.append(r.file ?? this.sourceFile);
    this.row.append(BigInt(r.sourceRow));
    this.key.append(cut(r.key));
    this.column.append(cut(r.column));
    this.value.append(cut(r.value));
    this.rule.append(r.rule);
    this.message.append(cutMessage(r.message));
    this.rules.push(r.rule);
  }

  /** Records a reader's row issue (a row that never reached the raw table). */
  addIssue(issue: RowIssue): void {
    this.add({
      sourceRow: issue.row,
      ...(issue.file === undefined ? {} : { file: issue.file }),
      key: null,
      column: issue.column,
      value: issue.value,
      rule: issue.rule,
      message: issue.message,
    });
  }

  /** The rejects table, ordered as added. */
  finish(): Table {
    const vectors: Vector[] = [this.file, this.row, this.key, this.column, this.value, this.rule, this.message].map(
      (b) => b.finish(),
    );
    return tableFromVectors(this.schema.columns, vectors);
  }
}

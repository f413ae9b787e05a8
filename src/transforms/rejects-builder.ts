/** Collects rejected rows into a rejects table (see src/schemas/rejects.ts). Rejects are rare: one append per row. */
import type { Table, Vector } from 'apache-arrow';
import type { RowIssue } from '../errors.js';
import type { TableSchema } from '../schemas/types.js';
import { DictionaryBuilder, Int64Builder, Utf8Builder } from '../table/builders.js';
import { tableFromVectors } from '../table/table.js';

/** One rejected source row. */
export interface Reject {
  readonly sourceRow: number;
  readonly key: string | null;
  readonly column: string | null;
  readonly value: string | null;
  readonly rule: string;
  readonly message: string;
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
    this.file.append(this.sourceFile);
    this.row.append(BigInt(r.sourceRow));
    this.key.append(r.key);
    this.column.append(r.column);
    this.value.append(r.value === null ? null : r.value.slice(0, 1000));
    this.rule.append(r.rule);
    this.message.append(r.message);
    this.rules.push(r.rule);
  }

  /** Records a reader's row issue (a row that never reached the raw table). */
  addIssue(issue: RowIssue): void {
    this.add({
      sourceRow: issue.row,
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

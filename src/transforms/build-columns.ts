/** Builds output columns from cleaned text columns for a selection of rows. */
import type { Utf8, Vector } from 'apache-arrow';
import type { ColumnSpec } from '../schemas/types.js';
import { builderFor, DictionaryBuilder, Utf8Builder } from '../table/builders.js';
import type { CleanedColumn } from './apply-rule.js';

/** A text column of `rows`: each row's cleaned value (null where the code is -1 or the value was nulled). */
export function textVector(spec: ColumnSpec, cleaned: CleanedColumn, rows: Int32Array): Vector {
  const builder = builderFor(spec.type);
  if (builder instanceof DictionaryBuilder) {
    // map each distinct cleaned value to one output code, once
    const outCode = new Int32Array(cleaned.values.length).fill(-2);
    for (let i = 0; i < rows.length; i++) {
      const code = cleaned.codes[rows[i]!]!;
      const value = code < 0 ? null : cleaned.values[code]!;
      if (value === null) {
        builder.appendNull();
        continue;
      }
      if (outCode[code] === -2) outCode[code] = builder.append(value);
      else builder.appendCode(outCode[code]!);
    }
    return builder.finish();
  }
  if (builder instanceof Utf8Builder) {
    for (let i = 0; i < rows.length; i++) {
      const code = cleaned.codes[rows[i]!]!;
      builder.append(code < 0 ? null : cleaned.values[code]!);
    }
    return builder.finish();
  }
  throw new TypeError(`textVector: column "${spec.name}" is not text`);
}

/**
 * Appends dictionary values by a source code (a dictionary code, or a row of a joined table): each distinct code
 * is hashed into the output dictionary once; every later row appends the remembered output code.
 */
export class CodeRemap {
  private readonly outCode: Int32Array;

  constructor(
    readonly builder: DictionaryBuilder,
    private readonly values: readonly (string | null)[],
  ) {
    this.outCode = new Int32Array(values.length).fill(-2);
  }

  /** Appends the value of source code `code` (null when `code` < 0 or its value is null). */
  append(code: number): void {
    const known = code < 0 ? -1 : this.outCode[code]!;
    if (known >= 0) this.builder.appendCode(known);
    else if (known === -1) this.builder.appendNull();
    else this.outCode[code] = this.builder.append(this.values[code] ?? null);
  }

  /** The finished dictionary column. */
  finish(): Vector {
    return this.builder.finish();
  }
}

/**
 * Appends rows of a dictionary column by their codes into an existing dictionary, without hashing anything:
 * for a column whose values pass through unchanged (the output shares the source's dictionary).
 */
export class DictionaryGather {
  private readonly builder: DictionaryBuilder;

  constructor(dictionary: Vector<Utf8>) {
    this.builder = DictionaryBuilder.sharing(dictionary);
  }

  /** Appends the row whose value is dictionary entry `code` (-1: null). */
  append(code: number): void {
    if (code < 0) this.builder.appendNull();
    else this.builder.appendCode(code);
  }

  /** The finished dictionary column, sharing the source dictionary. */
  finish(): Vector {
    return this.builder.finish();
  }
}

/** Builds output columns from cleaned text columns for a selection of rows. */
import { Dictionary, Int32, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';
import { Validity } from '../table/growable.js';
import type { ColumnSpec } from '../schemas/types.js';
import { builderFor, DictionaryBuilder, Utf8Builder } from '../table/builders.js';
import type { CleanedColumn } from './apply-rule.js';

/** A text column of `rows`, holding for each row its cleaned value (null where the code is -1 or the value was nulled). */
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
    if (code < 0) return this.builder.appendNull();
    const known = this.outCode[code]!;
    if (known >= 0) return this.builder.appendCode(known);
    if (known === -1) return this.builder.appendNull();
    this.outCode[code] = this.builder.append(this.values[code] ?? null);
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
  private codes = new Int32Array(1024);
  private readonly validity = new Validity();
  private length = 0;

  constructor(private readonly dictionary: Vector<Utf8>) {}

  /** Appends the row whose value is dictionary entry `code` (-1: null). */
  append(code: number): void {
    if (this.length >= this.codes.length) {
      const next = new Int32Array(this.codes.length * 2);
      next.set(this.codes);
      this.codes = next;
    }
    this.codes[this.length] = code < 0 ? 0 : code;
    this.validity.set(this.length, code >= 0);
    this.length++;
  }

  /** The finished dictionary column, sharing the source dictionary. */
  finish(): Vector {
    const nullBitmap = this.validity.finish(this.length);
    return makeVector(
      makeData({
        type: new Dictionary(new Utf8(), new Int32()),
        length: this.length,
        nullCount: this.validity.nullCount,
        ...(nullBitmap ? { nullBitmap } : {}),
        data: this.codes.slice(0, this.length),
        dictionary: this.dictionary,
      }),
    );
  }
}

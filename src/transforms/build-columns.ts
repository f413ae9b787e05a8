/** Builds output columns from cleaned text columns for a selection of rows. */
import type { Vector } from 'apache-arrow';
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

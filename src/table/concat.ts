/** Concatenation: one single-batch table holding the rows of several tables of the same columns, in order. */
import { Type, type Data, type Table, type TypeMap, type Vector } from 'apache-arrow';
import { SchemaError } from '../errors.js';
import { column, plainString, type ColumnSpec } from '../schemas/types.js';
import { DictionaryBuilder, Int32Builder, Int64Builder, Utf8Builder } from './builders.js';
import { vectorOf } from './arrow-types.js';
import { isValid } from './columns.js';
import { tableFromVectors } from './table.js';

function chunksOf(tables: readonly Table[], name: string): Data[] {
  return tables.flatMap((t) => vectorOf(t, name).data);
}

function concatColumn(chunks: readonly Data[]): Vector {
  const first = chunks[0]!;
  switch (first.typeId) {
    case Type.Dictionary: {
      const out = new DictionaryBuilder();
      for (const d of chunks) {
        const dict = d.dictionary!.data[0]!;
        const offsets = dict.valueOffsets as Int32Array;
        const bytes = dict.values as Uint8Array;
        const remap = new Int32Array(dict.length).fill(-1);
        const codes = d.values as Int32Array;
        const validity = d.nullCount > 0 ? d.nullBitmap : null;
        for (let i = 0; i < d.length; i++) {
          if (!isValid(validity, i)) {
            out.appendNull();
            continue;
          }
          const c = codes[i]!;
          if (remap[c]! < 0) remap[c] = out.appendUtf8(bytes, offsets[c]!, offsets[c + 1]!);
          else out.appendCode(remap[c]!);
        }
      }
      return out.finish();
    }
    case Type.Utf8: {
      const out = new Utf8Builder();
      for (const d of chunks) {
        const offsets = d.valueOffsets as Int32Array;
        const bytes = d.values as Uint8Array;
        const validity = d.nullCount > 0 ? d.nullBitmap : null;
        for (let i = 0; i < d.length; i++) {
          if (isValid(validity, i)) out.appendUtf8(bytes, offsets[i]!, offsets[i + 1]!);
          else out.appendNull();
        }
      }
      return out.finish();
    }
    case Type.Int:
    case Type.Date:
    case Type.Decimal: {
      const wide = first.typeId === Type.Decimal || (first.values as unknown) instanceof BigInt64Array;
      const out = wide ? new Int64Builder(first.type as never) : new Int32Builder(first.type as never);
      for (const d of chunks) {
        const validity = d.nullCount > 0 ? d.nullBitmap : null;
        if (wide) {
          const wideValues = d.values as Uint32Array | BigInt64Array;
          const words = new Int32Array(wideValues.buffer, wideValues.byteOffset, wideValues.byteLength / 4);
          const stride = first.typeId === Type.Decimal ? 4 : 2; // 32-bit words per value
          const b = out as Int64Builder;
          for (let i = 0; i < d.length; i++) {
            if (!isValid(validity, i)) b.appendNull();
            else b.appendWords(words, (i * stride) / 2);
          }
        } else {
          const values = d.values as Int32Array;
          const b = out as Int32Builder;
          for (let i = 0; i < d.length; i++) b.append(isValid(validity, i) ? values[i]! : null);
        }
      }
      return out.finish();
    }
    default:
      throw new SchemaError('table.type', `concat does not support ${String(first.type)}`);
  }
}

/** The rows of `tables` (same column names and types) as one single-batch table, of their type. */
export function concatTables<T extends TypeMap>(typed: readonly Table<T>[]): Table<T> {
  const tables = typed as readonly Table[];
  const head = tables[0];
  if (!head) throw new SchemaError('table.concat', 'nothing to concatenate');
  const specs: ColumnSpec[] = head.schema.fields.map((f) => ({
    ...column(f.name, plainString(), ''),
    nullable: f.nullable,
  }));
  for (const t of tables) {
    if (
      t.schema.fields.map((f) => `${f.name}:${String(f.type)}`).join() !==
      head.schema.fields.map((f) => `${f.name}:${String(f.type)}`).join()
    ) {
      throw new SchemaError('table.concat', 'tables to concatenate must have the same columns and types');
    }
  }
  const vectors = head.schema.fields.map((f) => concatColumn(chunksOf(tables, f.name)));
  const out: Table = tableFromVectors(
    specs.map((s, i) => ({ ...s, nullable: head.schema.fields[i]!.nullable })),
    vectors,
  );
  return out as Table<T>;
}

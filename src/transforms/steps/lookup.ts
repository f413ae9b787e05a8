/** The left join both lookup steps share: each line's key → the row of that key in an enriched entity table. */
import type { Table } from 'apache-arrow';
import type { ColumnSpec, StringType } from '../../schemas/types.js';
import { DictionaryBuilder } from '../../table/builders.js';
import { codedColumn, textReader, type ColumnName } from '../../table/columns.js';
import { withColumns } from '../../table/table.js';
import type { ArrowTypeMapOfColumns, Having, TextType } from '../../table/typed-tables.js';
import { CodeRemap } from '../build-columns.js';
import { lookUpBytes } from './lookup-bytes.js';
import { sqlIdent } from './step.js';

/** What a lookup joins on (`K`) and brings along (`C`: dictionary-encoded text columns, as the join builds them). */
export interface LookupSpec<
  K extends string = string,
  C extends ColumnSpec<string, StringType<true>> = ColumnSpec<string, StringType<true>>,
> {
  /** The key column, in the lines and in the entity table (unique there). */
  readonly key: K;
  /** The entity columns added to each line (null when its key is unknown). */
  readonly columns: readonly C[];
}

/** The lines with the looked-up columns added, and how many lines found no entity. */
export interface LookedUp<T extends Table = Table> {
  readonly table: T;
  readonly unknown: number;
}

/**
 * Left-joins `lines` to `entity` on `spec.key`, adding `spec.columns`; a line with a null or unknown key gets
 * nulls and is counted. The return type is `lines`' type with `spec.columns` added. Output dictionaries hold
 * the entity's values in entity row order, as first used.
 * @example
 * lookUp({ lines, entity: customers }, { key: 'customer_id', columns: [customerName, country] });
 */
export function lookUp<
  const K extends string,
  const C extends ColumnSpec<string, StringType<true>>,
  L extends Having<K, TextType>,
  E extends Having<K | C['name'], TextType>,
>(
  input: { readonly lines: Table<L>; readonly entity: Table<E> },
  spec: LookupSpec<K, C>,
): LookedUp<Table<L & ArrowTypeMapOfColumns<C>>> {
  const { lines, entity } = input;
  const names = spec.columns.map((c) => c.name);
  const fast = lookUpBytes(lines, entity, spec.key, names);
  if (fast !== null) return { table: withColumns(lines, spec.columns, fast.vectors), unknown: fast.unknown };
  // the string join, for what the byte join does not take (a plain key column, bytes that are not UTF-8)
  const ids = codedColumn(lines, spec.key);
  const keys = codedColumn(entity, spec.key);
  const rowOfKey = new Map<string, number>();
  for (let r = 0; r < keys.codes.length; r++) {
    const c = keys.codes[r]!;
    if (c >= 0 && !rowOfKey.has(keys.dictionary[c]!)) rowOfKey.set(keys.dictionary[c]!, r);
  }
  const target = Int32Array.from(ids.dictionary, (id) => rowOfKey.get(id) ?? -1);
  const outs = spec.columns.map((c) => {
    const read = textReader(entity, c.name as ColumnName<E>);
    return new CodeRemap(
      new DictionaryBuilder(),
      Array.from({ length: entity.numRows }, (_, r) => read(r)),
    );
  });
  let unknown = 0;
  for (let i = 0; i < ids.codes.length; i++) {
    const code = ids.codes[i]!;
    const row = code < 0 ? -1 : target[code]!;
    if (row < 0) unknown++;
    for (const out of outs) out.append(row);
  }
  return {
    table: withColumns(
      lines,
      spec.columns,
      outs.map((o) => o.finish()),
    ),
    unknown,
  };
}

/** The lookup as Spark SQL: every column of `lines`, then `spec.columns` from a LEFT JOIN on `spec.key`. */
export function lookUpSql(views: { readonly lines: string; readonly entity: string }, spec: LookupSpec): string {
  const key = sqlIdent(spec.key);
  const added = spec.columns.map((c) => `e.${sqlIdent(c.name)}`).join(', ');
  return (
    `SELECT l.*, ${added} FROM ${views.lines} l ` +
    `LEFT JOIN (SELECT * FROM ${views.entity} WHERE ${key} IS NOT NULL) e ON l.${key} = e.${key}`
  );
}

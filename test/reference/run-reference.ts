/**
 * Runs the DuckDB SQL reference implementation (rules.sql + reference-pipeline.sql) over a warehouse's raw
 * Parquet, and reads the pipeline's own tables the same way, so tests compare both value by value as exact text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqlPath, withDuck, type Query } from '../helpers/duckdb.js';

/** One row as DuckDB renders it: exact text for BIGINT, DECIMAL and DATE, numbers for INTEGER, null for NULL. */
export type Row = Record<string, unknown>;

/** The aggregate tables, by name. */
export const aggregateNames = [
  'profit_by_year',
  'profit_by_category',
  'profit_by_sub_category',
  'profit_by_customer',
  'profit_summary',
] as const;
/** An aggregate table's name. */
export type AggregateName = (typeof aggregateNames)[number];
/** The three entity tables, by name. */
export const entityNames = ['customers', 'products', 'orders'] as const;
/** An entity table's name. */
export type EntityName = (typeof entityNames)[number];

/** A set of tables in one shape for both sides: rows in a fixed order, plus each table's `name TYPE` columns. */
export interface Tables {
  readonly enriched: Readonly<Record<EntityName, Row[]>>;
  /** Rejected source rows (source_row, rule), by source row. */
  readonly rejects: Readonly<Record<EntityName, Row[]>>;
  readonly aggregates: Readonly<Record<AggregateName, Row[]>>;
  /** `name TYPE` of every column, by `<layer>/<table>`. */
  readonly columns: Readonly<Record<string, string[]>>;
}

/** The reference's tables plus the fix counts it derives (table_name, rule, changed, nulled). */
export interface ReferenceTables extends Tables {
  readonly fixes: Row[];
}

/** The pipeline's key of each enriched table (rows are ordered by it). */
export const enrichedKeys: Readonly<Record<EntityName, string>> = {
  customers: 'customer_id',
  products: 'product_id',
  orders: 'row_id',
};

const here = import.meta.dirname;
const script = (name: string): string => readFileSync(join(here, name), 'utf8');

/** `name TYPE` of each column of a relation. */
async function columnsOf(q: Query, relation: string): Promise<string[]> {
  const rows = await q(`DESCRIBE SELECT * FROM ${relation}`);
  return rows.map((r) => `${String(r['column_name'])} ${String(r['column_type'])}`);
}

/** Reads one side's tables; `relation(layer, table)` names where each table lives. */
async function readTables(q: Query, relation: (layer: string, table: string) => string): Promise<Tables> {
  const columns: Record<string, string[]> = {};
  const enriched = {} as Record<EntityName, Row[]>;
  const rejects = {} as Record<EntityName, Row[]>;
  const aggregates = {} as Record<AggregateName, Row[]>;
  for (const name of entityNames) {
    const e = relation('enriched', name);
    columns[`enriched/${name}`] = await columnsOf(q, e);
    enriched[name] = await q(`SELECT * FROM ${e} ORDER BY ${enrichedKeys[name]}`);
    rejects[name] = await q(`SELECT source_row, rule FROM ${relation('rejects', name)} ORDER BY source_row, rule`);
  }
  for (const name of aggregateNames) {
    const a = relation('aggregates', name);
    columns[`aggregates/${name}`] = await columnsOf(q, a);
    aggregates[name] = await q(`SELECT * FROM ${a} ORDER BY ALL NULLS FIRST`);
  }
  return { enriched, rejects, aggregates, columns };
}

/**
 * Runs the SQL reference over `<warehouse>/raw/*.parquet` in a fresh in-memory DuckDB and returns its tables.
 * @example
 * const ref = await runReference('/tmp/wh'); // ref.enriched.orders[0].profit === '109.61'
 */
export async function runReference(warehouse: string): Promise<ReferenceTables> {
  return withDuck(async (q) => {
    for (const name of entityNames) {
      await q(
        `CREATE VIEW raw_${name} AS SELECT * FROM read_parquet(${sqlPath(join(warehouse, 'raw', `${name}.parquet`))})`,
      );
    }
    await q(script('rules.sql'));
    await q(script('reference-pipeline.sql'));
    const tables = await readTables(q, (layer, table) =>
      layer === 'rejects' ? `ref_rejects_${table}` : `ref_${table}`,
    );
    const fixes = await q('SELECT * FROM ref_fixes ORDER BY table_name, rule');
    return { ...tables, fixes };
  });
}

/**
 * Reads the pipeline's enriched, rejects and aggregates Parquet of `warehouse` with DuckDB, in the same shape and
 * order as {@link runReference}.
 */
export async function readPipelineTables(warehouse: string): Promise<Tables> {
  return withDuck((q) =>
    readTables(q, (layer, table) => `read_parquet(${sqlPath(join(warehouse, layer, `${table}.parquet`))})`),
  );
}

/** Raw source rows of a table (the rows the reference sees), by source_row. */
export async function rawSourceRows(warehouse: string, table: EntityName): Promise<Set<string>> {
  const rows = await withDuck((q) =>
    q(`SELECT source_row FROM read_parquet(${sqlPath(join(warehouse, 'raw', `${table}.parquet`))})`),
  );
  return new Set(rows.map((r) => String(r['source_row'])));
}

/**
 * The report's summaries of the big tables, computed by DuckDB over the warehouse's Parquet files: the rejects
 * with their first examples, the fixes' examples, the order lines whose customer or product is unknown or
 * nameless, and the aggregates' row counts. Kept apart from load-data.ts so a thread of its own can compute them
 * (pipeline/duckdb-thread.ts) without loading the rest of the report.
 */
import { aggregateSchemas } from '../schemas/index.js';
import { sqlLiteral } from '../sql/sql-text.js';
import { openWarehouse, type WarehouseDb } from '../sql/warehouse-db.js';
import type { NamelessStatus } from './chart-data.js';
import { fixExamples } from './fix-examples.js';
import type { QualityTable, RejectGroup, ReportTables, SourceTable, UnknownKeys } from './report-data.js';

const SOURCE_TABLES: readonly SourceTable[] = ['customers', 'products', 'orders'];
/** Rejected rows shown per rule. */
const EXAMPLES_PER_RULE = 3;
/** Ids named per unknown/nameless group. */
const IDS_SHOWN = 5;

/** What DuckDB summarises for the report. */
export type ReportSummaries = Pick<
  ReportTables,
  | 'rejects'
  | 'fixExamples'
  | 'unknownCustomers'
  | 'nameCleanedCustomers'
  | 'noNameCustomers'
  | 'unknownProducts'
  | 'aggregates'
>;

/**
 * DuckDB's summaries of `warehouse` for the report, given its quality.json tables and its nameless customers
 * (`namelessCustomers`); every query on a connection of its own, at once.
 * @example
 * const s = await reportSummaries('warehouse', quality, namelessCustomers(raw, enriched));
 * s.unknownProducts.lines; // 204
 */
export async function reportSummaries(
  warehouse: string,
  quality: Readonly<Record<SourceTable, QualityTable>>,
  nameless: ReadonlyMap<string, NamelessStatus>,
): Promise<ReportSummaries> {
  const db = await openWarehouse(warehouse, { requireMarker: false });
  try {
    // each on a connection of its own, at once: DuckDB's threads share them (a query alone leaves them waiting)
    const [byStatus, rejects, examples, unknownCustomers, unknownProducts, aggregates] = await allSettled([
      namelessLines(db, nameless),
      readRejects(db),
      fixExamples(db, quality),
      unknownKeys(db, 'customers', 'customer_id'),
      unknownKeys(db, 'products', 'product_id'),
      aggregateCounts(db),
    ]);
    return {
      rejects,
      fixExamples: examples,
      unknownCustomers,
      nameCleanedCustomers: byStatus['name-cleaned'],
      noNameCustomers: byStatus['no-name'],
      unknownProducts,
      aggregates,
    };
  } finally {
    db.close();
  }
}

/** `Promise.all`, but settling only once every promise has (the database is closed after): the first failure. */
async function allSettled<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Row count of every aggregate table, in declaration order. */
async function aggregateCounts(db: WarehouseDb): Promise<{ name: string; rows: number }[]> {
  const names = Object.keys(aggregateSchemas);
  const r = await db.run(
    names.map((n) => `select '${n}' as name, count(*) as n from aggregates.${n}`).join(' union all '),
  );
  const rows = new Map(r.rows.map((row) => [row[0] as string, Number(row[1])]));
  return names.map((name) => ({ name, rows: rows.get(name) ?? 0 }));
}

async function readRejects(db: WarehouseDb): Promise<RejectGroup[]> {
  const groups: RejectGroup[] = [];
  for (const table of SOURCE_TABLES) {
    const counts = await db.run(`select rule, count(*) as n from rejects.${table} group by rule`);
    const examples = await db.run(
      `select rule, source_row, key, column_name, value, message from rejects.${table}
       qualify row_number() over (partition by rule order by source_row) <= ${EXAMPLES_PER_RULE}
       order by rule, source_row`,
    );
    for (const [rule, n] of counts.rows
      .map((r) => [r[0] as string, Number(r[1])] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1))) {
      groups.push({
        table,
        rule,
        count: n,
        examples: examples.rows
          .filter((r) => r[0] === rule)
          .map((r) => ({
            sourceRow: Number(r[1]),
            key: r[2] as string | null,
            column: r[3] as string | null,
            value: r[4] as string | null,
            message: r[5] as string,
          })),
      });
    }
  }
  return groups;
}

/** Ids with their line counts → the `UnknownKeys` summary: most lines first, a handful named. */
function summarise(ids: { id: string; lines: number }[]): UnknownKeys {
  ids.sort((a, b) => b.lines - a.lines || (a.id < b.id ? -1 : 1));
  return { lines: ids.reduce((n, x) => n + x.lines, 0), distinct: ids.length, examples: ids.slice(0, IDS_SHOWN) };
}

/** Order lines whose `column` matches no row of enriched/<table> (a null key counts as unknown, shown as "(none)"). */
async function unknownKeys(db: WarehouseDb, table: SourceTable, column: string): Promise<UnknownKeys> {
  const r = await db.run(
    `select coalesce(o.${column}, '(none)') as id, count(*) as lines from enriched.orders o
     where o.${column} is null or o.${column} not in (select ${column} from enriched.${table})
     group by all`,
  );
  return summarise(r.rows.map(([id, lines]) => ({ id: id as string, lines: Number(lines) })));
}

/** The order lines naming each nameless customer of `nameless`, by why the customer has no name. */
async function namelessLines(
  db: WarehouseDb,
  nameless: ReadonlyMap<string, NamelessStatus>,
): Promise<Record<NamelessStatus, UnknownKeys>> {
  const ids: Record<NamelessStatus, { id: string; lines: number }[]> = { 'no-name': [], 'name-cleaned': [] };
  if (nameless.size > 0) {
    const r = await db.run(
      `select customer_id, count(*) as lines from enriched.orders
       where customer_id in (${[...nameless.keys()].map(sqlLiteral).join(', ')}) group by all`,
    );
    for (const [id, lines] of r.rows) ids[nameless.get(id as string)!].push({ id: id as string, lines: Number(lines) });
  }
  return { 'no-name': summarise(ids['no-name']), 'name-cleaned': summarise(ids['name-cleaned']) };
}

// Delta tables read through their _delta_log (JSON commits): the current files after adds and removes, the
// columns of an empty table, and the tables ecomflow refuses (says to use Spark SQL); `ecomflow sql` on them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deltaSnapshot } from '../../../src/io/warehouse/delta-log.js';
import { findTables } from '../../../src/io/warehouse/table-files.js';
import { readWarehouseTable } from '../../../src/io/warehouse/read-table.js';
import { query } from '../../../src/sql/warehouse-db.js';
import { profitByYear } from '../../../src/schemas/aggregates.js';
import { emptyWarehouse, removeWarehouse, writeTable } from '../../sql/warehouse.js';

const schemaString = (fields: [string, string][]): string =>
  JSON.stringify({
    type: 'struct',
    fields: fields.map(([name, type]) => ({ name, type, nullable: true, metadata: {} })),
  });

const metaData = (fields: [string, string][], extra: Record<string, unknown> = {}): unknown => ({
  metaData: {
    id: 'x',
    format: { provider: 'parquet' },
    schemaString: schemaString(fields),
    partitionColumns: [],
    ...extra,
  },
});
const protocol = { protocol: { minReaderVersion: 1, minWriterVersion: 2 } };
const add = (path: string, extra: Record<string, unknown> = {}): unknown => ({
  add: { path, partitionValues: {}, size: 1, dataChange: true, ...extra },
});

/** Writes `commits` (each a list of actions) as the JSON commits 0…n of the Delta table `dir`. */
function writeLog(dir: string, commits: unknown[][], first = 0): void {
  mkdirSync(join(dir, '_delta_log'), { recursive: true });
  commits.forEach((actions, i) => {
    const name = String(first + i).padStart(20, '0') + '.json';
    writeFileSync(join(dir, '_delta_log', name), actions.map((a) => JSON.stringify(a)).join('\n') + '\n');
  });
}

describe('deltaSnapshot and Delta tables in the warehouse', () => {
  let wh = '';
  const year: [string, string][] = [
    ['order_year', 'integer'],
    ['profit', 'decimal(18,2)'],
    ['order_lines', 'long'],
  ];
  beforeAll(async () => {
    wh = emptyWarehouse(['enriched', 'rejects', 'aggregates']);
    const py = join(wh, 'aggregates', 'profit_by_year');
    const row = (y: number, p: string): string =>
      `select ${y}::integer as order_year, ${p}::decimal(18,2) as profit, 1::bigint as order_lines`;
    await writeTable(wh, 'aggregates/profit_by_year/part-00000-old.snappy.parquet', row(2015, '1.00'));
    await writeTable(wh, 'aggregates/profit_by_year/part-00000-new.snappy.parquet', row(2016, '2.50'));
    await writeTable(wh, 'aggregates/profit_by_year/part-00001-a%20b.snappy.parquet', row(2017, '-0.05'));
    // version 0 adds the old file; version 1 replaces it (the old file stays on disk until VACUUM)
    writeLog(py, [
      [protocol, metaData(year), add('part-00000-old.snappy.parquet')],
      [
        metaData(year),
        add('part-00000-new.snappy.parquet'),
        add('part-00001-a%2520b.snappy.parquet'),
        { remove: { path: 'part-00000-old.snappy.parquet', dataChange: true } },
      ],
    ]);
    // no rows: Spark wrote an empty part file that no add names
    await writeTable(wh, 'rejects/orders/part-00000-empty.snappy.parquet', 'select 1 as x where false');
    writeLog(join(wh, 'rejects', 'orders'), [
      [
        protocol,
        metaData([
          ['source_row', 'long'],
          ['rule', 'string'],
          ['when', 'date'],
        ]),
      ],
    ]);
    writeLog(join(wh, 'enriched', 'checkpointed'), [[add('part-1.parquet')]], 11);
    writeLog(join(wh, 'enriched', 'partitioned'), [[protocol, metaData(year, { partitionColumns: ['order_year'] })]]);
    writeLog(join(wh, 'enriched', 'vectors'), [
      [{ protocol: { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['deletionVectors'] } }],
    ]);
  });
  afterAll(() => {
    removeWarehouse(wh);
  });

  it('lists the current files: adds less removes, paths URI-decoded, sorted', async () => {
    const snap = await deltaSnapshot(join(wh, 'aggregates', 'profit_by_year'));
    expect(snap).toEqual({
      version: 1,
      files: [
        join(wh, 'aggregates/profit_by_year/part-00000-new.snappy.parquet'),
        join(wh, 'aggregates/profit_by_year/part-00001-a%20b.snappy.parquet'),
      ],
      columns: year.map(([name, type]) => ({ name, type })),
    });
  });

  it('refuses logs it cannot read, saying to use Spark SQL', async () => {
    const problem = async (t: string): Promise<string> => {
      const snap = await deltaSnapshot(join(wh, 'enriched', t));
      return 'problem' in snap ? snap.problem : '';
    };
    expect(await problem('checkpointed')).toMatch(/no longer holds every JSON commit.*Spark SQL/);
    expect(await problem('partitioned')).toMatch(/^it is partitioned: query it with Spark SQL/);
    expect(await problem('vectors')).toMatch(/^it uses Delta reader features \(deletionVectors\)/);
  });

  it('finds Delta tables among the warehouse tables, with their problems', async () => {
    const tables = await findTables(wh);
    const byName = new Map(tables.map((t) => [t.name, t]));
    expect(byName.get('aggregates.profit_by_year')?.files).toHaveLength(2);
    expect(byName.get('rejects.orders')?.files).toEqual([]);
    expect(byName.get('rejects.orders')?.problem).toBeUndefined();
    expect(byName.get('enriched.vectors')?.problem).toMatch(/deletion|reader features/);
  });

  it('answers SQL over the live files only, and over an empty table in its columns', async () => {
    const years = await query(wh, 'select order_year, profit from aggregates.profit_by_year order by 1');
    expect(years.rows.map((r) => r.map(String))).toEqual([
      ['2016', '2.50'],
      ['2017', '-0.05'],
    ]);
    const empty = await query(wh, 'select * from rejects.orders');
    expect(empty.rows).toEqual([]);
    expect(empty.columns.map((c) => c.name)).toEqual(['source_row', 'rule', 'when']);
  });

  it('reads a Delta table for the report: its live files, or no rows', async () => {
    expect((await readWarehouseTable(wh, 'aggregates', 'profit_by_year', profitByYear)).numRows).toBe(2);
    await expect(readWarehouseTable(wh, 'rejects', 'orders')).rejects.toThrow(/holds no rows/);
  });
});

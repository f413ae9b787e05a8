import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCsv, openWarehouse, type WarehouseDb } from '../../src/index.js';
import { findTable } from '../../src/io/warehouse/table-files.js';
import { openCsvCopier, type CsvCopier } from '../../src/sql/copy-csv.js';
import { TRICKY } from './tricky-csv-values.js';
import { emptyWarehouse, removeWarehouse, writeTable } from './warehouse.js';

describe('CSV files written by DuckDB’s COPY (openCsvCopier)', () => {
  let wh: string | undefined;
  let db: WarehouseDb | undefined;
  let copier: CsvCopier | undefined;
  const open = async (): Promise<{ db: WarehouseDb; copier: CsvCopier; wh: string }> => {
    if (wh === undefined || db === undefined || copier === undefined) {
      wh = emptyWarehouse();
      await writeTable(wh, 'enriched/orders.parquet', TRICKY);
      db = await openWarehouse(wh);
      copier = await openCsvCopier([(await findTable(wh, 'enriched', 'orders'))!]);
    }
    return { db, copier, wh };
  };
  afterAll(() => {
    copier?.close();
    db?.close();
    if (wh !== undefined) removeWarehouse(wh);
  });

  for (const escapeFormulas of [false, true]) {
    const label = escapeFormulas ? ', formulas escaped' : '';
    it(`writes exactly what formatCsv writes, every tricky value${label}`, async () => {
      const t = await open();
      const sql = `${TRICKY} order by id`;
      const file = join(t.wh, `tricky-${escapeFormulas}.csv`);
      expect((await t.copier.copy(sql, file, { escapeFormulas }))?.rows).toBe(26);
      expect(readFileSync(file, 'utf8')).toBe(formatCsv(await t.db.run(sql), { escapeFormulas }));
    });
  }

  it('keeps the order of an ordered query of many rows (DuckDB writes it on several threads)', async () => {
    const t = await open();
    const big = "select range as n, (range % 7)::varchar || '#' as s from range(300000) order by s desc, n desc";
    const file = join(t.wh, 'big.csv');
    expect(await t.copier.copy(big, file)).toEqual({
      columns: [
        { name: 'n', type: 'BIGINT' },
        { name: 's', type: 'VARCHAR' },
      ],
      rows: 300000,
    });
    expect(readFileSync(file, 'utf8')).toBe(formatCsv(await t.db.run(big)));
  });

  it('runs a query and converts its rows as query does', async () => {
    const t = await open();
    const sql = `${TRICKY} order by id`;
    expect(await t.copier.run(sql)).toEqual(await t.db.run(sql));
  });

  it('reads its tables, gives undefined for a type only JavaScript renders, rejects a failure', async () => {
    const t = await open();
    const count = join(t.wh, 'count.csv');
    expect((await t.copier.copy('select count(*) as n, max(id) as top from enriched.orders', count))?.rows).toBe(1);
    expect(readFileSync(count, 'utf8')).toBe('n,top\n26,26\n');
    expect(await t.copier.copy('select 0.1::double as x', join(t.wh, 'double.csv'))).toBeUndefined();
    await expect(t.copier.copy('select * from enriched.nothing', join(t.wh, 'none.csv'))).rejects.toThrow(/nothing/);
  });
});

import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTables } from '../../src/sql/table-files.js';
import { emptyWarehouse, removeWarehouse } from './warehouse.js';

describe('findTables', () => {
  let wh = '';
  const file = (rel: string, content = 'x'): void => {
    mkdirSync(join(wh, rel, '..'), { recursive: true });
    writeFileSync(join(wh, rel), content);
  };
  beforeAll(() => {
    wh = emptyWarehouse(['raw', 'enriched', 'rejects', 'aggregates']);
    file('raw/orders.parquet');
    file('enriched/orders.parquet/part-00001-abc.snappy.parquet');
    file('enriched/orders.parquet/part-00000-abc.snappy.parquet');
    file('enriched/orders.parquet/.part-00000-abc.snappy.parquet.crc');
    file('enriched/orders.parquet/_SUCCESS', '');
    file('enriched/customers/part-00000.parquet');
    file('enriched/customers/_SUCCESS', '');
    file('enriched/notes/readme.txt');
    file('rejects/orders.parquet/_SUCCESS', '');
    file('aggregates/profit_by_year.parquet');
    file('aggregates/profit_by_year/part-00000.parquet');
    file('aggregates/.profit_by_year.parquet.tmp-1');
    file('aggregates/_staging.parquet');
    symlinkSync(join(wh, 'raw/orders.parquet'), join(wh, 'raw/products.parquet'));
  });
  afterAll(() => {
    removeWarehouse(wh);
  });

  it('finds single files and folders of part files, skipping bookkeeping names', async () => {
    const tables = await findTables(wh);
    expect(tables.map((t) => [t.name, t.source, t.files.map((f) => f.slice(wh.length + 1)), t.problem])).toEqual([
      ['raw.orders', 'raw/orders.parquet', ['raw/orders.parquet'], undefined],
      ['raw.products', 'raw/products.parquet', ['raw/products.parquet'], undefined],
      ['enriched.customers', 'enriched/customers/', ['enriched/customers/part-00000.parquet'], undefined],
      [
        'enriched.orders',
        'enriched/orders.parquet/',
        [
          'enriched/orders.parquet/part-00000-abc.snappy.parquet',
          'enriched/orders.parquet/part-00001-abc.snappy.parquet',
        ],
        undefined,
      ],
      ['rejects.orders', 'rejects/orders.parquet/', [], 'holds no Parquet part files'],
      [
        'aggregates.profit_by_year',
        'aggregates/profit_by_year/',
        [],
        'both aggregates/profit_by_year/ and aggregates/profit_by_year.parquet exist',
      ],
    ]);
  });

  it('stamps every file, so a rewritten table is noticed', async () => {
    const before = (await findTables(wh)).find((t) => t.name === 'enriched.orders')!.stamp;
    file('enriched/orders.parquet/part-00001-abc.snappy.parquet', 'longer');
    const after = (await findTables(wh)).find((t) => t.name === 'enriched.orders')!.stamp;
    expect(after).not.toBe(before);
  });

  it('finds nothing in a folder without layers', async () => {
    expect(await findTables(join(wh, 'raw', 'nope'))).toEqual([]);
  });
});

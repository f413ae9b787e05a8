import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTable, findTables } from '../../../src/io/warehouse/table-files.js';
import { emptyWarehouse, removeWarehouse } from '../../sql/warehouse.js';

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

describe('findTable', () => {
  let wh = '';
  beforeAll(() => {
    wh = emptyWarehouse(['aggregates']);
    for (const part of ['part-00001.parquet', 'part-00000.parquet']) {
      const rel = `aggregates/profit_by_year/${part}`;
      mkdirSync(join(wh, rel, '..'), { recursive: true });
      writeFileSync(join(wh, rel), 'x');
    }
    writeFileSync(join(wh, 'aggregates/profit_by_year_2.parquet'), 'x');
    mkdirSync(join(wh, 'aggregates/profit_by_year.parquet.tmp'));
  });
  afterAll(() => {
    removeWarehouse(wh);
  });

  it('resolves one table as findTables does, in either form', async () => {
    const all = await findTables(wh);
    expect(await findTable(wh, 'aggregates', 'profit_by_year')).toEqual(all.find((t) => t.table === 'profit_by_year'));
    expect((await findTable(wh, 'aggregates', 'profit_by_year'))?.files.map((f) => f.slice(wh.length + 1))).toEqual([
      'aggregates/profit_by_year/part-00000.parquet',
      'aggregates/profit_by_year/part-00001.parquet',
    ]);
    expect((await findTable(wh, 'aggregates', 'profit_by_year_2'))?.source).toBe('aggregates/profit_by_year_2.parquet');
  });

  it('gives undefined for a table the layer does not hold', async () => {
    expect(await findTable(wh, 'aggregates', 'profit_by_customer')).toBeUndefined();
    expect(await findTable(wh, 'raw', 'profit_by_year')).toBeUndefined();
  });
});

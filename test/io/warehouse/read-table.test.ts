import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWarehouseTable } from '../../../src/io/warehouse/read-table.js';
import { profitByCustomer, profitByYear } from '../../../src/schemas/aggregates.js';
import { tableRows } from '../../../src/table/columns.js';
import { emptyWarehouse, removeWarehouse, writeTable } from '../../sql/warehouse.js';

const years = (from: number, to: number): string =>
  `select range::integer as order_year, (range - 2000 + 0.25)::decimal(18,2) as profit, 1::bigint as order_lines
   from range(${from}, ${to})`;

describe('readWarehouseTable', () => {
  let wh = '';
  beforeAll(async () => {
    wh = emptyWarehouse(['aggregates', 'enriched']);
    // the same rows in the three forms a warehouse may hold a table in
    await writeTable(wh, 'aggregates/profit_by_year.parquet', years(2014, 2018));
    await writeTable(wh, 'aggregates/by_year_spark.parquet/part-00001-a.snappy.parquet', years(2016, 2018));
    await writeTable(wh, 'aggregates/by_year_spark.parquet/part-00000-a.snappy.parquet', years(2014, 2016));
    writeFileSync(join(wh, 'aggregates/by_year_spark.parquet/_SUCCESS'), '');
    writeFileSync(join(wh, 'aggregates/by_year_spark.parquet/.part-00000-a.snappy.parquet.crc'), 'crc');
    await writeTable(wh, 'aggregates/by_year_bare/part-00000.parquet', years(2014, 2017));
    await writeTable(wh, 'aggregates/by_year_bare/part-00001.parquet', years(2017, 2018));
    await writeTable(
      wh,
      'aggregates/by_customer/part-00000.parquet',
      `select 'AA-1' as customer_id, 'Ann' as customer_name, 1.50::decimal(18,2) as profit, 2::bigint as order_lines`,
    );
    await writeTable(
      wh,
      'aggregates/by_customer/part-00001.parquet',
      `select 'BB-2' as customer_id, null::varchar as customer_name, -0.05::decimal(18,2) as profit,
        1::bigint as order_lines union all select 'AA-1', 'Ann', 3.00, 1`,
    );
    mkdirSync(join(wh, 'aggregates/empty.parquet'));
    writeFileSync(join(wh, 'aggregates/empty.parquet/_SUCCESS'), '');
    await writeTable(wh, 'aggregates/twice.parquet', years(2014, 2015));
    await writeTable(wh, 'aggregates/twice/part-0.parquet', years(2014, 2015));
  });
  afterAll(() => {
    removeWarehouse(wh);
  });

  const expected = [2014, 2015, 2016, 2017].map((y) => ({
    order_year: y,
    profit: `${y - 2000}.25`,
    order_lines: 1n,
  }));

  it('reads one <table>.parquet file', async () => {
    const table = await readWarehouseTable(wh, 'aggregates', 'profit_by_year', profitByYear);
    expect(tableRows(table)).toEqual(expected);
  });

  it('reads a <table>.parquet/ folder of Spark part files in name order, skipping _SUCCESS and .crc', async () => {
    const table = await readWarehouseTable(wh, 'aggregates', 'by_year_spark', profitByYear);
    expect(tableRows(table)).toEqual(expected);
  });

  it('reads a <table>/ folder of part files, dictionary strings and nulls included', async () => {
    expect(tableRows(await readWarehouseTable(wh, 'aggregates', 'by_year_bare', profitByYear))).toEqual(expected);
    const customers = await readWarehouseTable(wh, 'aggregates', 'by_customer', profitByCustomer);
    expect(tableRows(customers)).toEqual([
      { customer_id: 'AA-1', customer_name: 'Ann', profit: '1.50', order_lines: 2n },
      { customer_id: 'BB-2', customer_name: null, profit: '-0.05', order_lines: 1n },
      { customer_id: 'AA-1', customer_name: 'Ann', profit: '3.00', order_lines: 1n },
    ]);
  });

  it('names the file it looked for when the table is not there, or its folder has no part', async () => {
    await expect(readWarehouseTable(wh, 'aggregates', 'profit_by_category')).rejects.toMatchObject({
      rule: 'parquet.missing',
      where: { file: join(wh, 'aggregates', 'profit_by_category.parquet') },
    });
    await expect(readWarehouseTable(wh, 'enriched', 'profit_by_year')).rejects.toMatchObject({
      rule: 'parquet.missing',
    });
    await expect(readWarehouseTable(wh, 'aggregates', 'empty')).rejects.toMatchObject({
      rule: 'parquet.missing',
      where: { file: join(wh, 'aggregates', 'empty.parquet/') },
      message: expect.stringContaining('holds no Parquet part files') as unknown,
    });
  });

  it('refuses a table held in both forms, naming both', async () => {
    await expect(readWarehouseTable(wh, 'aggregates', 'twice')).rejects.toMatchObject({
      rule: 'parquet.unreadable',
      message: expect.stringContaining('both aggregates/twice/ and aggregates/twice.parquet exist') as unknown,
    });
  });

  it('passes on readParquet’s errors for a damaged part, naming the part', async () => {
    const part = join(wh, 'aggregates/by_year_bare/part-00001.parquet');
    writeFileSync(part, 'not parquet');
    try {
      await expect(readWarehouseTable(wh, 'aggregates', 'by_year_bare', profitByYear)).rejects.toMatchObject({
        rule: 'parquet.corrupt',
        where: { file: part },
      });
    } finally {
      rmSync(part);
      await writeTable(wh, 'aggregates/by_year_bare/part-00001.parquet', years(2017, 2018));
    }
  });
});

import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, runPipeline } from '../../src/index.js';
import { withDuck, sqlPath } from '../helpers/duckdb.js';
import { hasSample, sampleDir, tempDir } from '../helpers/tmp.js';

describe.skipIf(!hasSample)('runPipeline on the shared sample', () => {
  const out = join(tempDir(), 'warehouse');
  const run = runPipeline({ input: sampleDir, out });

  it('writes every table of the contract', async () => {
    const s = await run;
    expect(s.tables.map((t) => t.path)).toEqual([
      'raw/customers.parquet',
      'raw/products.parquet',
      'raw/orders.parquet',
      'enriched/customers.parquet',
      'enriched/products.parquet',
      'enriched/orders.parquet',
      'rejects/customers.parquet',
      'rejects/products.parquet',
      'rejects/orders.parquet',
      'aggregates/profit_by_year.parquet',
      'aggregates/profit_by_category.parquet',
      'aggregates/profit_by_sub_category.parquet',
      'aggregates/profit_by_customer.parquet',
      'aggregates/profit_summary.parquet',
    ]);
    for (const t of s.tables) expect(existsSync(join(out, t.path)), t.path).toBe(true);
    expect(existsSync(join(out, 'quality.json'))).toBe(true);
  });

  it('keeps every source row in raw: 793 customers, 1,851 product rows, 9,994 order lines', async () => {
    const s = await run;
    const rows = Object.fromEntries(s.tables.map((t) => [t.path, t.rows]));
    expect([rows['raw/customers.parquet'], rows['raw/products.parquet'], rows['raw/orders.parquet']]).toEqual([
      793, 1851, 9994,
    ]);
  });

  it('gives the known profit by year with 9,994 enriched lines, read back through DuckDB', async () => {
    await run;
    await withDuck(async (q) => {
      expect(
        await q(`select order_year, profit from ${sqlPath(join(out, 'aggregates/profit_by_year.parquet'))} order by 1`),
      ).toEqual([
        { order_year: 2014, profit: '39185.75' },
        { order_year: 2015, profit: '63073.09' },
        { order_year: 2016, profit: '65073.23' },
        { order_year: 2017, profit: '111084.96' },
      ]);
      expect(await q(`select count(*) as n from ${sqlPath(join(out, 'enriched/orders.parquet'))}`)).toEqual([
        { n: '9994' },
      ]);
    });
  });

  it('declares the raw and enriched types DuckDB reads', async () => {
    await run;
    await withDuck(async (q) => {
      const types = async (f: string) =>
        Object.fromEntries(
          (await q(`describe select * from ${sqlPath(join(out, f))}`)).map((r) => [
            r['column_name'] as string,
            r['column_type'],
          ]),
        );
      expect(await types('raw/orders.parquet')).toMatchObject({
        row_id: 'VARCHAR',
        profit: 'VARCHAR',
        source_row: 'BIGINT',
      });
      expect(await types('enriched/orders.parquet')).toMatchObject({
        row_id: 'BIGINT',
        order_date: 'DATE',
        quantity: 'INTEGER',
        price: 'DECIMAL(18,2)',
        profit: 'DECIMAL(18,2)',
        order_year: 'INTEGER',
      });
    });
  });

  it('accounts for every source row in quality.json: enriched + rejects = read', async () => {
    await run;
    const quality = JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')) as {
      tables: Record<
        string,
        {
          rows_read: number;
          rows_written: number;
          rows_rejected: number;
          rejected_by_reason: Record<string, number>;
          counts: Record<string, number>;
        }
      >;
    };
    for (const q of Object.values(quality.tables)) expect(q.rows_written + q.rows_rejected).toBe(q.rows_read);
    expect(quality.tables['products']!.rejected_by_reason).toEqual({ 'product.duplicate_id': 33 });
    expect(quality.tables['orders']!.counts['unknown_product_lines']).toBe(204);
  });
});

describe('runPipeline warehouse safety', () => {
  it('refuses to replace a non-empty folder that is not an ecomflow warehouse, and leaves it alone', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'thesis.docx'), 'precious');
    await expect(runPipeline({ input: sampleDir, out })).rejects.toThrow(/not an ecomflow warehouse/);
    expect(readdirSync(out)).toEqual(['thesis.docx']);
  });

  it('leaves the previous warehouse in place when a run fails on bad input', async () => {
    const input = tempDir();
    writeFileSync(join(input, 'Customer.xlsx'), 'this is not a workbook');
    writeFileSync(join(input, 'Products.csv'), 'Product ID,Category,Sub-Category\nP1,Furniture,Chairs\n');
    writeFileSync(join(input, 'Orders.json'), '[]');
    const out = join(tempDir(), 'wh');
    mkdirSync(out);
    writeFileSync(join(out, '_ecomflow_warehouse.json'), '{}');
    writeFileSync(join(out, 'quality.json'), '{"old":true}');
    const err = await runPipeline({ input, out }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toContain('Customer.xlsx');
    expect(readFileSync(join(out, 'quality.json'), 'utf8')).toBe('{"old":true}');
  });
});

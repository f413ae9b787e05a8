/**
 * runPipeline end to end, on every dataset the repo can prove it with: the hand-written fixtures, a generated
 * dataset (fixtures/generate.ts) and, when it is beside the project, the shared sample. Each run must write every
 * table of the contract, keep every source row in raw, declare the contract's types, account for every row, and
 * give profit by year equal to decimal.js summing the source texts of the lines it kept.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSources } from '../../fixtures/generate.js';
import { InputError, runPipeline, type RunSummary } from '../../src/index.js';
import { cli } from '../helpers/cli.js';
import { sqlPath, withDuck } from '../helpers/duckdb.js';
import { orderLineTexts, profitByYear } from '../helpers/profit-oracle.js';
import { describeWithSample } from '../helpers/sample.js';
import { sampleDir, tempDir } from '../helpers/tmp.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures');

/** What a dataset's run must show beyond what every run shows. */
interface Expected {
  /** Source rows of customers, products and orders. */
  readonly rawRows: readonly [number, number, number];
  /** quality.json → products.rejected_by_reason. */
  readonly productRejects: Readonly<Record<string, number>>;
}

/** A finished run: its summary, warehouse and source folder. */
interface Run {
  readonly summary: RunSummary;
  readonly out: string;
  readonly input: string;
}

const contractTables = [
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
];

/** The checks every dataset goes through; `prepare` makes the input (in `beforeAll`, never at collection). */
function pipelineChecks(
  prepare: () => Promise<{ input: string; expected: Expected }> | { input: string; expected: Expected },
): () => Run {
  let run: Run | undefined;
  let expected: Expected | undefined;
  const get = (): Run => {
    if (run === undefined) throw new Error('the pipeline did not run');
    return run;
  };
  beforeAll(async () => {
    const made = await prepare();
    expected = made.expected;
    const out = join(tempDir('ecomflow-run-'), 'warehouse');
    run = { summary: await runPipeline({ input: made.input, out }), out, input: made.input };
  });

  it('writes every table of the contract, quality.json, the SQL answers and the report', () => {
    const { summary, out } = get();
    expect(summary.tables.map((t) => t.path)).toEqual(contractTables);
    for (const t of summary.tables) expect(existsSync(join(out, t.path)), t.path).toBe(true);
    for (const f of ['quality.json', 'run.json', 'report/index.html', 'sql/profit_by_year.csv'])
      expect(existsSync(join(out, f)), f).toBe(true);
  });

  it('keeps every source row in raw', async () => {
    const { summary, out } = get();
    const rows = Object.fromEntries(summary.tables.map((t) => [t.path, t.rows]));
    const raw = ['raw/customers.parquet', 'raw/products.parquet', 'raw/orders.parquet'];
    expect(raw.map((p) => rows[p])).toEqual(expected!.rawRows);
    await withDuck(async (q) => {
      for (const [i, p] of raw.entries())
        expect(await q(`select count(*)::int as n from ${sqlPath(join(out, p))}`), p).toEqual([
          { n: expected!.rawRows[i] },
        ]);
    });
  });

  it('declares the raw and enriched types DuckDB reads', async () => {
    const { out } = get();
    await withDuck(async (q) => {
      const types = async (f: string): Promise<Record<string, unknown>> => {
        const described = await q(`describe select * from ${sqlPath(join(out, f))}`);
        return Object.fromEntries(
          described.map((r): [string, unknown] => [String(r['column_name']), r['column_type']]),
        );
      };
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

  it('accounts for every source row in quality.json: enriched + rejects = read, as the tables hold them', () => {
    const { summary, out } = get();
    const quality = JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')) as RunSummary['quality'];
    expect(quality).toEqual(JSON.parse(JSON.stringify(summary.quality)));
    const rows = Object.fromEntries(summary.tables.map((t) => [t.path, t.rows]));
    for (const name of ['customers', 'products', 'orders'] as const) {
      const t = quality.tables[name];
      expect(t.rows_written + t.rows_rejected, name).toBe(t.rows_read);
      expect(rows[`enriched/${name}.parquet`], name).toBe(t.rows_written);
      expect(rows[`rejects/${name}.parquet`], name).toBe(t.rows_rejected);
      expect(
        Object.values(t.rejected_by_reason).reduce((a, b) => a + b, 0),
        name,
      ).toBe(t.rows_rejected);
    }
    expect(quality.tables.products.rejected_by_reason).toEqual(expected!.productRejects);
  });

  it('gives profit by year equal to decimal.js summing the source texts of the lines kept (via DuckDB)', async () => {
    const { out, input } = get();
    await withDuck(async (q) => {
      const rejected = await q(`select source_row::int as r from ${sqlPath(join(out, 'rejects/orders.parquet'))}`);
      const lines = orderLineTexts(readFileSync(join(input, 'Orders.json'), 'utf8'));
      const oracle = profitByYear(lines, new Set(rejected.map((r) => r['r'] as number)));
      const file = sqlPath(join(out, 'aggregates/profit_by_year.parquet'));
      const byYear = await q(`select order_year, profit::varchar as profit from ${file} order by 1`);
      expect(byYear).toEqual([...oracle].map(([order_year, profit]) => ({ order_year, profit })));
      expect(await q(`select count(*)::int as n from ${sqlPath(join(out, 'enriched/orders.parquet'))}`)).toEqual([
        { n: lines.length - rejected.length },
      ]);
    });
  });

  return get;
}

describe('runPipeline on the hand-written fixtures', () => {
  pipelineChecks(() => ({
    input: fixtures,
    expected: { rawRows: [15, 14, 27], productRejects: { 'product.duplicate_id': 3 } },
  }));
});

describe('runPipeline on generated sources (20,000 lines)', () => {
  let made: Awaited<ReturnType<typeof generateSources>> | undefined;
  const get = pipelineChecks(async () => {
    const input = tempDir('ecomflow-gen-');
    made = await generateSources({ lines: 20_000, out: input, seed: 11 });
    return {
      input,
      expected: {
        rawRows: [made.customers.rows, made.products.rows, made.orders.rows],
        productRejects: { 'product.duplicate_id': made.products.repeated },
      },
    };
  });

  it('answers through `ecomflow sql` as the tables hold them', async () => {
    const { summary, out } = get();
    expect(
      await cli('sql', '--warehouse', out, '--format', 'csv', 'select count(*) as n from enriched.orders'),
    ).toEqual({ code: 0, out: `n\n${summary.quality.tables.orders.rows_written}\n`, err: '' });
    const csv = readFileSync(join(out, 'sql', 'profit_by_year.csv'), 'utf8');
    const viaCli = await cli('sql', '--warehouse', out, '--format', 'csv', 'select * from aggregates.profit_by_year');
    expect(viaCli.code).toBe(0);
    expect(
      new Set(
        viaCli.out
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',').slice(0, 2).join(',')),
      ),
    ).toEqual(new Set(csv.trim().split('\n').slice(1)));
  });

  it('counts the unknown products and customers the generator planted', () => {
    const { summary } = get();
    const counts = summary.quality.tables.orders.counts;
    // planted lines can be rejected for another reason as well, so at most as many
    expect(counts['unknown_product_lines']).toBeGreaterThan(0);
    expect(counts['unknown_product_lines']).toBeLessThanOrEqual(made!.orders.dirt.unknownProduct);
    expect(counts['unknown_customer_lines']).toBeGreaterThan(0);
    expect(counts['unknown_customer_lines']).toBeLessThanOrEqual(made!.orders.dirt.unknownCustomer);
  });
});

describeWithSample('runPipeline on the shared sample', () => {
  const get = pipelineChecks(() => ({
    input: sampleDir,
    expected: { rawRows: [793, 1851, 9994], productRejects: { 'product.duplicate_id': 33 } },
  }));

  it('gives the known profit by year with 9,994 enriched lines, read back through DuckDB', async () => {
    const { out } = get();
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

  it('counts the known 204 order lines of unknown products', () => {
    expect(get().summary.quality.tables.orders.counts['unknown_product_lines']).toBe(204);
  });
});

describe('runPipeline warehouse safety', () => {
  it('refuses to replace a non-empty folder that is not an ecomflow warehouse, and leaves it alone', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'thesis.docx'), 'precious');
    await expect(runPipeline({ input: fixtures, out })).rejects.toThrow(/not an ecomflow warehouse/);
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

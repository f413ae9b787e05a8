import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { readParquet, runPipeline, runSqlAnswers, SQL_ANSWERS, tableRows, type RunSummary } from '../../src/index.js';
import { answersDir } from '../../src/sql/answers.js';
import { generateSources } from '../../fixtures/generate.js';
import { describeWithSample } from '../helpers/sample.js';
import { sampleDir, tempDir } from '../helpers/tmp.js';

const fixturesDir = join(import.meta.dirname, '../../fixtures');

/** Exact decimal text → hundredths, so sums stay exact. */
function cents(text: unknown): bigint {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(String(text));
  if (m === null) throw new Error(`not a 2-place decimal: ${String(text)}`);
  const v = BigInt(m[2]!) * 100n + BigInt(m[3]!);
  return m[1] ? -v : v;
}

function csvRows(warehouse: string, name: string): string[][] {
  return parse(readFileSync(join(warehouse, 'sql', `${name}.csv`), 'utf8')) as string[][];
}

/** Sums profit over `rows` by the given key columns; keys as the CSV writes them (null → ''). */
function sumBy(rows: Record<string, unknown>[], keys: string[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const r of rows) {
    const k = JSON.stringify(keys.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c]))));
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
    let out = '';
    let summary: RunSummary;
    beforeAll(async () => {
      out = join(tempDir(), 'warehouse');
      summary = await runPipeline({ input: await input(), out });
    });
    const aggregate = async (name: string): Promise<Record<string, unknown>[]> =>
      tableRows(await readParquet(join(out, 'aggregates', `${name}.parquet`)));

    it('writes the four CSVs with the contract columns', () => {
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
      const rows = csvRows(out, 'profit_by_year');
      expect(csvSums(rows)).toEqual(sumBy(await aggregate('profit_by_year'), ['order_year']));
      const years = rows.slice(1).map((r) => Number(r[0]));
      expect(years).toEqual([...years].sort((a, b) => a - b));
    });

    it('profit_by_customer equals aggregates.profit_by_customer, most profitable first', async () => {
      const rows = csvRows(out, 'profit_by_customer');
      expect(csvSums(rows)).toEqual(sumBy(await aggregate('profit_by_customer'), ['customer_id', 'customer_name']));
      const profits = rows.slice(1).map((r) => cents(r[2]));
      expect(profits).toEqual([...profits].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    });

    it('profit_by_year_category and profit_by_customer_year equal sums over aggregates.profit_summary', async () => {
      const summary = await aggregate('profit_summary');
      expect(csvSums(csvRows(out, 'profit_by_year_category'))).toEqual(sumBy(summary, ['order_year', 'category']));
      expect(csvSums(csvRows(out, 'profit_by_customer_year'))).toEqual(
        sumBy(summary, ['customer_id', 'customer_name', 'order_year']),
      );
    });

    it('every answer totals the profit of enriched/orders', async () => {
      const total = [...sumBy(await aggregate('profit_by_year'), []).values()][0];
      for (const n of SQL_ANSWERS) {
        expect(
          [...csvSums(csvRows(out, n)).values()].reduce((a, b) => a + b, 0n),
          n,
        ).toBe(total);
      }
    });

    it('reruns the same over the committed warehouse; one profit_by_customer row per customer', async () => {
      const again = await runSqlAnswers(out);
      expect(again.map((a) => a.result)).toEqual(summary.answers.map((a) => a.result));
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

describeWithSample('the SQL answers on the shared sample', () => {
  let out = '';
  let summary: RunSummary;
  beforeAll(async () => {
    out = join(tempDir(), 'warehouse');
    summary = await runPipeline({ input: sampleDir, out });
  });

  it('gives the known profit by year', () => {
    expect(readFileSync(join(out, 'sql/profit_by_year.csv'), 'utf8')).toBe(
      'order_year,profit\n2014,39185.75\n2015,63073.09\n2016,65073.23\n2017,111084.96\n',
    );
  });

  it('agrees with aggregates and reruns the same over the committed warehouse', async () => {
    const again = await runSqlAnswers(out);
    expect(again.map((a) => a.result)).toEqual(summary.answers.map((a) => a.result));
    expect(csvRows(out, 'profit_by_customer').length).toBe(794);
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

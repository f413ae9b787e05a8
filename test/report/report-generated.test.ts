/**
 * The report on a generated dataset (fixtures/generate.ts), so a clone without the shared sample still proves
 * what the report shows: every figure read back from its tables must equal the warehouse, the SQL answers, and
 * decimal.js summing the source texts of the lines kept.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSources } from '../../fixtures/generate.js';
import { query, runPipeline, type RunSummary } from '../../src/index.js';
import { orderLineTexts, profitByYear, totalProfit } from '../helpers/profit-oracle.js';
import { tableRows as reportTableRows } from './report-html.js';
import { tempDir } from '../helpers/tmp.js';

describe('the report on generated sources (20,000 lines)', () => {
  let out = '';
  let input = '';
  let html = '';
  let summary: RunSummary;
  beforeAll(async () => {
    input = tempDir('ecomflow-report-gen-in-');
    await generateSources({ lines: 20_000, out: input, seed: 5 });
    out = join(tempDir('ecomflow-report-gen-'), 'warehouse');
    summary = await runPipeline({ input, out });
    html = readFileSync(join(out, 'report', 'index.html'), 'utf8');
  });
  const rows = (id: string): string[][] => reportTableRows(html, id);
  const sql = async (text: string): Promise<string[][]> => (await query(out, text)).rows.map((r) => r.map(String));

  it('has at least four SVG charts, each titled and described, and the lineage diagram', () => {
    const charts = html.match(/<svg id="chart-[^"]+" class="chart-svg" role="img"/g) ?? [];
    expect(charts.length).toBeGreaterThanOrEqual(4);
    for (const id of charts.map((c) => /id="([^"]+)"/.exec(c)![1]!)) {
      expect(html).toContain(`<title id="${id}-title">`);
      expect(html).toContain(`<desc id="${id}-desc">`);
    }
    expect(html).toContain('<svg id="lineage-diagram"');
  });

  it('shows profit by year to the cent as decimal.js sums the source texts of the lines kept', async () => {
    const rejected = new Set((await sql('select source_row from rejects.orders')).map((r) => Number(r[0])));
    const oracle = profitByYear(orderLineTexts(readFileSync(join(input, 'Orders.json'), 'utf8')), rejected);
    const lines = await sql('select order_year, count(*) from enriched.orders group by 1 order by 1');
    expect(rows('table-profit-by-year')).toEqual([
      ...lines.map(([year, n]) => [year!, n!, oracle.get(Number(year))!]),
      ['Total', String(summary.quality.tables.orders.rows_written), totalProfit(oracle)],
    ]);
  });

  it('gives the same profit by year and category as the SQL answer', async () => {
    const answer = await sql(
      `select order_year, coalesce(category, '(unknown product)'), cast(sum(profit) as decimal(18,2))
       from enriched.orders group by all order by 1, 2`,
    );
    const table = rows('table-profit-by-year-category');
    const header = /<table id="table-profit-by-year-category"[\s\S]*?<thead><tr>([\s\S]*?)<\/tr>/.exec(html)![1]!;
    const columns = [...header.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]!.replace('&#39;', "'"));
    expect(answer.length).toBeGreaterThan(4);
    for (const [year, category, profit] of answer) {
      const row = table.find((r) => r[0] === year);
      expect(row?.[columns.indexOf(category!)], `${year} ${category}`).toBe(profit);
    }
  });

  it('lists the ten best and ten worst customers exactly as the warehouse has them', async () => {
    const ranked = (order: string): Promise<string[][]> =>
      sql(
        `select customer_name, customer_id, profit from aggregates.profit_by_customer
         order by profit ${order}, customer_id limit 10`,
      );
    for (const [id, order] of [
      ['table-best-customers', 'desc'],
      ['table-worst-customers', 'asc'],
    ] as const) {
      const shown = rows(id).map((r) => r.slice(1));
      const expected = await ranked(order);
      // ids and profits exactly; a customer without a name (unknown, or its name cleaned away) is labelled
      expect(
        shown.map((r) => r.slice(1)),
        id,
      ).toEqual(expected.map((r) => r.slice(1)));
      expect(
        shown.filter((_, i) => expected[i]![0] !== 'null').map((r) => r[0]),
        id,
      ).toEqual(expected.filter((r) => r[0] !== 'null').map((r) => r[0]));
    }
  });

  it('lists every sub-category with its exact profit, summing to the total', async () => {
    const subs = await sql(
      `select coalesce(sub_category, '(unknown product)'), profit
       from aggregates.profit_by_sub_category order by profit desc`,
    );
    const table = rows('table-profit-by-sub-category');
    expect(table.slice(0, -1).map((r) => [r[0], r[2]])).toEqual(subs);
    expect(table.at(-1)![2]).toBe((await sql('select sum(profit) from enriched.orders'))[0]![0]);
  });

  it('shows the row counts of quality.json in the lineage and every reject reason with its count', () => {
    const q = summary.quality.tables;
    expect(rows('table-lineage').map((r) => r.slice(2))).toEqual(
      (['customers', 'products', 'orders'] as const).map((t) =>
        [q[t].rows_read, summary.rowsIn[t], q[t].rows_written, q[t].rows_rejected].map(String),
      ),
    );
    const reasons = (['customers', 'products', 'orders'] as const).flatMap((t) =>
      Object.entries(q[t].rejected_by_reason).map(([rule, n]) => [t, rule, String(n)]),
    );
    expect(reasons.length).toBeGreaterThan(2);
    // table, reason in plain words, rule, count: the words are the report's, the rest quality.json's
    expect(new Set(rows('table-rejects').map((r) => JSON.stringify([r[0], r.at(-2), r.at(-1)])))).toEqual(
      new Set(reasons.map((r) => JSON.stringify(r))),
    );
  });

  it('is self-contained: no script, no stylesheet link, nothing fetched', () => {
    expect(/<script|<link|<img|<iframe|@import|url\((?!#)/i.exec(html)?.[0] ?? null).toBeNull();
    const urls = html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
  });
});

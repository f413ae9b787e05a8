import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { query, runPipeline } from '../../src/index.js';
import { formatMoney } from '../../src/report/money.js';
import { reportTableRows as tableRows } from '../helpers/report-html.js';
import { describeWithSample } from '../helpers/sample.js';
import { sampleDir, tempDir } from '../helpers/tmp.js';

describeWithSample('the report on the shared sample', () => {
  let out = '';
  let ready: Promise<string>;
  beforeAll(async () => {
    out = join(tempDir('ecomflow-report-'), 'warehouse');
    await runPipeline({ input: sampleDir, out });
    ready = Promise.resolve(readFileSync(join(out, 'report', 'index.html'), 'utf8'));
  });

  it('is written by ecomflow run, with at least four SVG charts and the lineage diagram', async () => {
    const html = await ready;
    expect(existsSync(join(out, 'run.json'))).toBe(true);
    const charts = html.match(/<svg id="chart-[^"]+" class="chart-svg" role="img"/g) ?? [];
    expect(charts.length).toBeGreaterThanOrEqual(4);
    expect(html).toContain('<svg id="lineage-diagram"');
    for (const id of [
      'chart-profit-by-year',
      'chart-profit-by-year-category',
      'chart-top-customers',
      'chart-profit-by-sub-category',
    ]) {
      expect(html).toContain(`<title id="${id}-title">`);
      expect(html).toContain(`<desc id="${id}-desc">`);
    }
  });

  it('shows every yearly total to the cent', async () => {
    const html = await ready;
    for (const total of ['$39,185.75', '$63,073.09', '$65,073.23', '$111,084.96']) expect(html).toContain(total);
    expect(tableRows(html, 'table-profit-by-year')).toEqual([
      ['2014', '1993', '39185.75'],
      ['2015', '2102', '63073.09'],
      ['2016', '2587', '65073.23'],
      ['2017', '3312', '111084.96'],
      ['Total', '9994', '278417.03'],
    ]);
  });

  it('gives the same profit by year and category as the SQL answer', async () => {
    const html = await ready;
    const answer = await query(
      out,
      `select order_year, coalesce(category, '(unknown product)') as category, cast(sum(profit) as decimal(18,2)) as profit
       from enriched.orders group by all order by 1, 2`,
    );
    const rows = tableRows(html, 'table-profit-by-year-category');
    const header = /<table id="table-profit-by-year-category"[\s\S]*?<thead><tr>([\s\S]*?)<\/tr>/.exec(html)![1]!;
    const columns = [...header.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]!.replace('&#39;', "'"));
    for (const [year, category, profit] of answer.rows) {
      const row = rows.find((r) => r[0] === String(year))!;
      expect(row[columns.indexOf(category as string)], `${year} ${category}`).toBe(profit);
    }
  });

  it('lists the ten best and ten worst customers exactly as the warehouse has them', async () => {
    const html = await ready;
    const best = await query(
      out,
      'select customer_name, customer_id, profit from aggregates.profit_by_customer order by profit desc, customer_id limit 10',
    );
    const worst = await query(
      out,
      'select customer_name, customer_id, profit from aggregates.profit_by_customer order by profit asc, customer_id limit 10',
    );
    expect(tableRows(html, 'table-best-customers').map((r) => r.slice(1))).toEqual(best.rows.map((r) => r.map(String)));
    expect(tableRows(html, 'table-worst-customers').map((r) => r.slice(1))).toEqual(
      worst.rows.map((r) => r.map(String)),
    );
    expect(html).toContain(formatMoney(String(best.rows[0]![2]))); // on the chart's bar label too
  });

  it('lists every sub-category with its exact profit, summing to the total', async () => {
    const html = await ready;
    const subs = await query(
      out,
      `select coalesce(sub_category, '(unknown product)') as s, profit from aggregates.profit_by_sub_category order by profit desc`,
    );
    const rows = tableRows(html, 'table-profit-by-sub-category');
    expect(rows.slice(0, -1).map((r) => [r[0], r[2]])).toEqual(subs.rows.map((r) => r.map(String)));
    expect(rows.at(-1)![2]).toBe('278417.03');
  });

  it('draws the lineage with the real row counts and the rejects branching off', async () => {
    const html = await ready;
    const svg = /<svg id="lineage-diagram"[\s\S]*?<\/svg>/.exec(html)![0];
    for (const label of [
      '793 read',
      '1,851 read',
      '9,994 read',
      '1,818 kept',
      '33 rejected',
      '9,994 kept',
      '0 rejected',
      'rejects.products: 33',
      '9,994 lines',
    ]) {
      expect(svg).toContain(label);
    }
    expect(svg).toContain('profit_by_customer_year: 2,499 rows'); // the SQL answers' real sizes
    expect(tableRows(html, 'table-lineage').map((r) => r.slice(2))).toEqual([
      ['793', '793', '793', '0'],
      ['1851', '1851', '1818', '33'],
      ['9994', '9994', '9994', '0'],
    ]);
  });

  it('shows the data quality: rejects by reason with examples, fixes by rule, unknown products', async () => {
    const html = await ready;
    expect(tableRows(html, 'table-rejects')).toEqual([['products', 'product.duplicate_id', '33']]);
    expect(html).toMatch(/product\.duplicate_id: first 3 of 33/);
    expect(tableRows(html, 'table-fixes').map((r) => r.slice(0, 4))).toEqual([
      ['customers', 'name.clean', '65', '0'],
      ['customers', 'phone.normalise', '651', '142'],
      ['customers', 'postal_code.normalise', '32', '0'],
      ['products', 'product_name.trim', '56', '0'],
    ]);
    expect(html).toMatch(
      /data-value="204">204<\/span> order lines name a product missing from <code>enriched\.products<\/code> \(2\.0% of the lines\)/,
    );
    expect(html).toContain('Every order line names a known customer.');
  });

  it('records the run facts: inputs with sizes and rows, and the time of each stage', async () => {
    const html = await ready;
    const inputs = tableRows(html, 'table-inputs');
    expect(inputs.map((r) => [r[0], r[1]!.split('/').at(-1), r[3]])).toEqual([
      ['customers', 'Customer.xlsx', '793'],
      ['products', 'Products.csv', '1851'],
      ['orders', 'Orders.json', '9994'],
    ]);
    expect(tableRows(html, 'table-stages').map((r) => r[0])).toEqual([
      'read sources',
      'enrich',
      'aggregate',
      'write',
      'sql',
      'Total',
    ]);
  });

  it('is self-contained: no script, no stylesheet link, nothing fetched', async () => {
    const html = await ready;
    const external = /<script|<link|<img|<iframe|@import|url\((?!#)/i.exec(html);
    expect(external?.[0] ?? null).toBeNull();
    const urls = html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect(html.includes(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)).toBe(true);
    expect(html).toContain('@media print');
    expect(html).toContain('name="viewport"');
  });
});

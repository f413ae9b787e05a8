import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { query, runPipeline } from '../../src/index.js';
import { formatMoney } from '../../src/report/money.js';
import { describeWithSample } from '../helpers/sample.js';
import { sampleDir, tempDir } from '../helpers/tmp.js';
import { section, tableRows, textOf } from './report-html.js';

describeWithSample('the report on the shared sample', () => {
  let root = '';
  let out = '';
  let page = '';

  beforeAll(async () => {
    root = tempDir('ecomflow-report-');
    out = join(root, 'warehouse');
    await runPipeline({ input: sampleDir, out });
    page = readFileSync(join(out, 'report', 'index.html'), 'utf8');
  });
  afterAll(() => {
    if (root !== '') rmSync(root, { recursive: true, force: true });
  });

  it('is written by ecomflow run, with at least four SVG charts and the lineage diagram', () => {
    const html = page;
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

  it('shows every yearly total to the cent', () => {
    const html = page;
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
    const html = page;
    const answer = await query(
      out,
      `select order_year, coalesce(category, '(unknown product)') as category,
         cast(sum(profit) as decimal(18,2)) as profit
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
    const html = page;
    const best = await query(
      out,
      'select customer_name, customer_id, profit from aggregates.profit_by_customer ' +
        'order by profit desc, customer_id limit 10',
    );
    const worst = await query(
      out,
      'select customer_name, customer_id, profit from aggregates.profit_by_customer ' +
        'order by profit asc, customer_id limit 10',
    );
    expect(tableRows(html, 'table-best-customers').map((r) => r.slice(1))).toEqual(best.rows.map((r) => r.map(String)));
    expect(tableRows(html, 'table-worst-customers').map((r) => r.slice(1))).toEqual(
      worst.rows.map((r) => r.map(String)),
    );
    expect(html).toContain(formatMoney(String(best.rows[0]![2]))); // on the chart's bar label too
  });

  it('lists every sub-category with its exact profit, summing to the total', async () => {
    const html = page;
    const subs = await query(
      out,
      `select coalesce(sub_category, '(unknown product)') as s, profit
       from aggregates.profit_by_sub_category order by profit desc`,
    );
    const rows = tableRows(html, 'table-profit-by-sub-category');
    expect(rows.slice(0, -1).map((r) => [r[0], r[2]])).toEqual(subs.rows.map((r) => r.map(String)));
    expect(rows.at(-1)![2]).toBe('278417.03');
  });

  it('draws the lineage with the real row counts and the rejects branching off', () => {
    const html = page;
    const svg = /<svg id="lineage-diagram"[\s\S]*?<\/svg>/.exec(html)![0];
    for (const label of [
      '793 read',
      '1,851 read',
      '9,994 read',
      '1,818 kept',
      '33 rejected',
      '9,994 kept',
      'rejects.products: 33',
      '9,994 lines',
    ]) {
      expect(svg).toContain(`>${label}<`);
    }
    // no branch is drawn for the tables that rejected nothing
    expect(svg).not.toContain('0 rejected');
    expect(svg).not.toContain('>rejects.customers');
    expect(svg).not.toContain('>rejects.orders');
    expect(svg).toContain('profit_by_customer_year: 2,499 rows'); // the SQL answers' real sizes
    expect(tableRows(html, 'table-lineage').map((r) => r.slice(2))).toEqual([
      ['793', '793', '793', '0'],
      ['1851', '1851', '1818', '33'],
      ['9994', '9994', '9994', '0'],
    ]);
  });

  it('shows the data quality: rejects by reason with examples, fixes by rule with examples', async () => {
    const html = page;
    expect(tableRows(html, 'table-rejects')).toEqual([
      ['products', 'duplicate product ID (the first row is kept)', 'product.duplicate_id', '33'],
    ]);
    expect(html).toMatch(/product\.duplicate_id: first 3 of 33/);
    const fixes = tableRows(html, 'table-fixes');
    expect(fixes.map((r) => [r[1], r[5], r[2], r[3]])).toEqual([
      ['customers', 'name.clean', '65', '0'],
      ['customers', 'phone.normalise', '651', '142'],
      ['customers', 'postal_code.normalise', '32', '0'],
      ['products', 'product_name.trim', '56', '0'],
    ]);
    // the examples are the sample's own rows: raw/ before, enriched/ after, as DuckDB reads them
    const rows = await query(
      out,
      `select r.source_row, r.customer_name, e.customer_name, r.phone, e.phone from raw.customers r
       join enriched.customers e using (source_row) where r.source_row in (3, 8) order by 1`,
    );
    const [gary, noPhone] = rows.rows as [
      [number, string, string, string, string | null],
      [number, string, string, string, string | null],
    ];
    expect([gary[1], gary[2]]).toEqual(['Gary567 Hansen', 'Gary Hansen']);
    expect(noPhone[4]).toBeNull();
    expect(fixes[0]![4]).toContain('Gary567 Hansen → Gary Hansen (row 3)');
    expect(fixes[1]![4]).toContain(`${noPhone[3]} → (empty) (row 8)`);
    expect(fixes[3]![4]!.split('(row').length - 1).toBe(3);
    expect(fixes[1]![0]).toContain('Phone numbers that could not be read as a phone number were emptied.');
  });

  it('keeps customers missing from the list apart from customers of the list without a name', async () => {
    const quality = textOf(section(page, 'quality'));
    const nameless = await query(
      out,
      `select count(*) as lines, count(distinct o.customer_id) as ids from enriched.orders o
       join enriched.customers c using (customer_id) where c.customer_name is null`,
    );
    expect(nameless.rows).toEqual([[137, 8]]);
    expect(quality).toContain('Every order line names a customer in the customer list.');
    expect(quality).toContain(
      '137 order lines name a customer who is in the list with an empty name cell (1.4% of the lines): 8 distinct ids',
    );
    expect(quality).toContain(
      '204 order lines name a product not in the product list (enriched.products) (2.0% of the lines): 44 distinct ids',
    );
    expect(quality).not.toContain('not in the customer list');
  });

  it('says on the cards what was rejected where: product rows, not orders', () => {
    const cards = textOf(/<ul class="kpis">[\s\S]*?<\/ul>/.exec(page)![0]);
    expect(cards).toContain('Order lines 9,994 of 9,994 read; no order lines rejected');
    expect(cards).toContain('Customers 793 of 793 rows; no customer rows rejected');
    expect(cards).toContain(
      'Products 1,818 of 1,851 rows; 33 product rows rejected: duplicate product ID (the first row is kept)',
    );
  });

  it('fits each value axis to its data (sub-categories: -$17,704.48 to $56,567.43 on -$20k to $60k)', () => {
    const svg = /<svg id="chart-profit-by-sub-category"[\s\S]*?<\/svg>/.exec(page)![0];
    const ticks = [...svg.matchAll(/<text class="tick"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(ticks).toEqual(['-$20k', '$0', '$20k', '$40k', '$60k']);
    expect(svg).toContain('>-$17,704.48</text>');
    expect(svg).toContain('>$56,567.43</text>');
  });

  it('records the run facts: inputs with sizes and rows, and the time of each stage', () => {
    const html = page;
    const inputs = tableRows(html, 'table-inputs');
    expect(inputs.map((r) => [r[0], r[1]!.split('/').at(-1), r[3]])).toEqual([
      ['customers', 'Customer.xlsx (sheet “Worksheet”)', '793'],
      ['products', 'Products.csv', '1851'],
      ['orders', 'Orders.json', '9994'],
    ]);
    expect(tableRows(html, 'table-stages').map((r) => r[0])).toEqual([
      'read sources',
      'enrich',
      'aggregate',
      'write',
      'sql',
      'report (building this page)',
      'Total',
    ]);
  });

  it('is self-contained: no script, no stylesheet link, nothing fetched', () => {
    const html = page;
    const external = /<script|<link|<img|<iframe|@import|url\((?!#)/i.exec(html);
    expect(external?.[0] ?? null).toBeNull();
    const urls = html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
    expect(html.includes(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)).toBe(true);
    expect(html).toContain('@media print');
    expect(html).toContain('name="viewport"');
  });
});

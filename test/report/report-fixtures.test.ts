import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sink } from '../helpers/cli.js';
import { buildReport, runPipeline } from '../../src/index.js';
import { main } from '../../src/cli/main.js';
import { section, tableRows, textOf } from './report-html.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures');
const version = (
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }
).version;

describe('buildReport on the dirty fixtures', () => {
  const root = mkdtempSync(join(tmpdir(), 'ecomflow-report-fx-'));
  const out = join(root, 'warehouse');
  let html = '';

  beforeAll(async () => {
    await runPipeline({ input: fixtures, out });
    html = readFileSync(join(out, 'report', 'index.html'), 'utf8');
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('shows a losing year as a negative amount to the cent', () => {
    expect(html).toContain('<span class="money neg" data-value="-1685.09">-$1,685.09</span>');
    expect(tableRows(html, 'table-profit-by-year').at(-1)).toEqual(['Total', '21', '-1213.76']);
  });

  it('says on the summary cards what was rejected where', () => {
    const cards = textOf(/<ul class="kpis">[\s\S]*?<\/ul>/.exec(html)![0]);
    expect(cards).toContain('Order lines 21 of 27 read; 6 order lines rejected, for 6 reasons (see Data quality)');
    expect(cards).toContain('Customers 14 of 15 rows; 1 customer row rejected: duplicate customer ID');
    expect(cards).toContain('Products 11 of 14 rows; 3 product rows rejected: duplicate product ID');
    expect(cards).not.toContain('Rows rejected');
  });

  it('lists every rejected reason in words, with its rows as read from rejects/*.parquet', () => {
    expect(tableRows(html, 'table-rejects')).toEqual([
      ['customers', 'duplicate customer ID (the first row is kept)', 'customer.duplicate_id', '1'],
      ['products', 'duplicate product ID (the first row is kept)', 'product.duplicate_id', '3'],
      ['orders', 'impossible order date', 'order.bad_order_date', '1'],
      ['orders', 'profit is not a number', 'order.bad_profit', '1'],
      ['orders', 'quantity missing or not a whole number', 'order.bad_quantity', '1'],
      ['orders', 'discount is not a fraction between 0 and 1', 'order.discount_out_of_range', '1'],
      ['orders', 'no Row ID', 'order.missing_row_id', '1'],
      ['orders', 'quantity is zero or negative', 'order.nonpositive_quantity', '1'],
    ]);
    expect(html).toContain('Quantity &quot;three&quot; is not an integer');
    expect(html).toContain('<code>31/2/2016</code>');
    expect(html).toMatch(/order\.missing_row_id: all 1 \(rejects\/orders\.parquet\)/);
  });

  it('explains each fix in plain words with its first rows before → after', () => {
    const rows = tableRows(html, 'table-fixes');
    const byRule = new Map(rows.map((r) => [r[5], r]));
    expect(rows.map((r) => [r[5], r[1], r[2], r[3]])).toEqual([
      ['customer_id.trim', 'customers', '1', '0'],
      ['email.validate', 'customers', '0', '2'],
      ['name.clean', 'customers', '3', '1'],
      ['phone.normalise', 'customers', '10', '3'],
      ['postal_code.normalise', 'customers', '3', '0'],
      ['price.stray_characters', 'orders', '1', '0'],
      ['profit.round_2dp', 'orders', '10', '0'],
    ]);
    expect(byRule.get('phone.normalise')![0]).toContain(
      'Phone numbers that could not be read as a phone number were emptied.',
    );
    expect(byRule.get('name.clean')![4]).toBe(
      'Gary567 Hansen → Gary Hansen (row 2)Tam&amp;^*ara Smith → Tamara Smith (row 3)#$% → (empty) (row 9)',
    );
    expect(byRule.get('price.stray_characters')![4]).toBe('4797% → 4797.00 (row 4)');
    expect(byRule.get('customer_id.trim')![4]).toBe('␣AB-10015␣ → AB-10015 (row 10)');
  });

  it('keeps customers missing from the customer list apart from customers whose name was cleaned to empty', () => {
    const quality = textOf(section(html, 'quality'));
    expect(quality).toContain(
      '1 order line names a customer not in the customer list (enriched.customers) (4.8% of the lines): ' +
        '1 distinct id, most often LC-16870 (1). ' +
        'They are kept, with no customer name, and shown as “(not in customer list)”.',
    );
    expect(quality).toContain(
      '1 order line names a customer who is in the list but whose name was cleaned to empty (no letter left, rule ' +
        'name.clean) (4.8% of the lines): 1 distinct id, most often SP-20920 (1).',
    );
    expect(quality).toContain('1 order line names a customer who is in the list with an empty name cell');
    expect(quality).toContain(
      '1 order line names a product not in the product list (enriched.products) (4.8% of the lines)',
    );
    // the customers table says the same: each nameless customer by why it has no name
    const customers = [...tableRows(html, 'table-best-customers'), ...tableRows(html, 'table-worst-customers')];
    const named = new Map(customers.map((r) => [r[2], r[1]]));
    expect(named.get('LC-16870')).toBe('(not in customer list)');
    expect(named.get('SP-20920')).toBe('(name cleaned to empty)');
    expect(named.get('EN-14020')).toBe('(no name in customer list)');
  });

  it('draws rejects branches only for tables that rejected rows', () => {
    const svg = /<svg id="lineage-diagram"[\s\S]*?<\/svg>/.exec(html)![0];
    for (const label of ['1 rejected', '3 rejected', '6 rejected', 'rejects.customers: 1', 'rejects.orders: 6']) {
      expect(svg).toContain(`>${label}<`);
    }
  });

  it('records the version and every stage, the report included, in run.json and on the page', () => {
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as {
      ecomflow_version: string;
      stage_ms: Record<string, number>;
    };
    expect(run.ecomflow_version).toBe(version);
    expect(Object.keys(run.stage_ms)).toEqual(['read sources', 'enrich', 'aggregate', 'write', 'sql', 'report']);
    expect(run.stage_ms['report']).toBeGreaterThan(0);
    const stages = tableRows(html, 'table-stages');
    expect(stages.map((r) => r[0])).toEqual([
      'read sources',
      'enrich',
      'aggregate',
      'write',
      'sql',
      'report (building this page)',
      'Total',
    ]);
    const ms = (t: string): number => (t.endsWith(' ms') ? Number(t.slice(0, -3)) : Number(t.slice(0, -2)) * 1000);
    const report = ms(stages[5]![1]!);
    expect(report).toBeGreaterThan(0);
    expect(report).toBeLessThanOrEqual(run.stage_ms['report']! + 1); // measured before writing the file
    expect(textOf(section(html, 'run'))).toContain(`Run by ecomflow ${version}, started `);
    expect(tableRows(html, 'table-inputs')[0]![1]).toMatch(/Customer\.xlsx \(sheet “Worksheet”\)$/);
  });

  it('says "not recorded" for a warehouse without run.json, and still builds', async () => {
    rmSync(join(out, 'run.json'));
    const file = await buildReport(out, { now: new Date('2024-05-01T12:00:00Z') });
    const rebuilt = readFileSync(file, 'utf8');
    expect(rebuilt).toContain('Run facts: not recorded');
    expect(rebuilt).toContain(`Report built by ecomflow ${version}, 2024-05-01 12:00:00 UTC.`);
    expect(rebuilt).toContain('<svg id="lineage-diagram"');
    expect(tableRows(rebuilt, 'table-stages').map((r) => r[0])).toEqual(['report (building this page)', 'Total']);
  });
});

describe('ecomflow report', () => {
  const root = mkdtempSync(join(tmpdir(), 'ecomflow-report-cli-'));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('rebuilds report/index.html and prints its path (exit 0)', async () => {
    const out = join(root, 'warehouse');
    await runPipeline({ input: fixtures, out });
    rmSync(join(out, 'report'), { recursive: true });
    const stdout = sink();
    expect(await main(['report', '--warehouse', out], stdout, sink())).toBe(0);
    expect(stdout.text()).toBe(`ecomflow report: wrote ${join(out, 'report', 'index.html')}\n`);
    expect(existsSync(join(out, 'report', 'index.html'))).toBe(true);
  });

  it('exits 1 naming quality.json when the folder is not a warehouse, 2 without --warehouse', async () => {
    const err = sink();
    expect(await main(['report', '--warehouse', mkdtempSync(join(root, 'empty-'))], sink(), err)).toBe(1);
    expect(err.text()).toMatch(/quality\.json: not found: is this an ecomflow warehouse\?/);
    expect(await main(['report'], sink(), sink())).toBe(2);
  });
});

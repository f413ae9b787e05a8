import { readFileSync, rmSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sink } from '../helpers/cli.js';
import { buildReport, runPipeline } from '../../src/index.js';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers/tmp.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures');

describe('buildReport on the dirty fixtures', () => {
  const out = join(tempDir('ecomflow-report-fx-'), 'warehouse');
  const ready = runPipeline({ input: fixtures, out }).then(() =>
    readFileSync(join(out, 'report', 'index.html'), 'utf8'),
  );

  it('shows a losing year as a negative amount to the cent', async () => {
    const html = await ready;
    expect(html).toContain('<span class="money neg" data-value="-1685.09">-$1,685.09</span>');
    expect(html).toContain('-$1,213.76'); // the total
  });

  it('lists every rejected reason with its rows as read from rejects/*.parquet', async () => {
    const html = await ready;
    for (const rule of [
      'customer.duplicate_id',
      'product.duplicate_id',
      'order.bad_order_date',
      'order.bad_profit',
      'order.bad_quantity',
      'order.missing_row_id',
    ]) {
      expect(html).toContain(`<code>${rule}</code>`);
    }
    expect(html).toContain('Quantity &quot;three&quot; is not an integer');
    expect(html).toContain('<code>31/2/2016</code>');
    expect(html).toMatch(/order\.missing_row_id: all 1 \(rejects\/orders\.parquet\)/);
  });

  it('names the fixes applied by rule, with what each rule does', async () => {
    const html = await ready;
    expect(html).toMatch(/<code>price\.stray_characters<\/code>[\s\S]*?Stray characters removed/);
    expect(html).toMatch(
      /<code>email\.validate<\/code><\/td><td class="num"><span class="count" data-value="0">0<\/span><\/td><td class="num"><span class="count" data-value="2">2<\/span>/,
    );
  });

  it('counts the order lines whose customer or product is unknown, with their ids', async () => {
    const html = await ready;
    expect(html).toMatch(
      /data-value="1">1<\/span> order line names a customer missing from <code>enriched\.customers<\/code> \(4\.8% of the lines\): <span class="count" data-value="1">1<\/span> distinct id, most often <code>LC-16870<\/code>/,
    );
    expect(html).toMatch(
      /data-value="1">1<\/span> order line names a product missing from <code>enriched\.products<\/code> \(4\.8% of the lines\)/,
    );
  });

  it('says "not recorded" for a warehouse without run.json, and still builds', async () => {
    await ready;
    rmSync(join(out, 'run.json'));
    const file = await buildReport(out, { now: new Date('2024-05-01T12:00:00Z') });
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('Run facts: not recorded');
    expect(html).toContain('Report generated 2024-05-01 12:00:00 UTC.');
    expect(html).toContain('<svg id="lineage-diagram"');
  });
});

describe('ecomflow report', () => {
  it('rebuilds report/index.html and prints its path (exit 0)', async () => {
    const out = join(tempDir('ecomflow-report-cli-'), 'warehouse');
    await runPipeline({ input: fixtures, out });
    rmSync(join(out, 'report'), { recursive: true });
    const stdout = sink();
    expect(await main(['report', '--warehouse', out], stdout, sink())).toBe(0);
    expect(stdout.text()).toBe(`ecomflow report: wrote ${join(out, 'report', 'index.html')}\n`);
    expect(existsSync(join(out, 'report', 'index.html'))).toBe(true);
  });

  it('exits 1 naming quality.json when the folder is not a warehouse, 2 without --warehouse', async () => {
    const err = sink();
    expect(await main(['report', '--warehouse', tempDir()], sink(), err)).toBe(1);
    expect(err.text()).toMatch(/quality\.json: not found: is this an ecomflow warehouse\?/);
    expect(await main(['report'], sink(), sink())).toBe(2);
  });
});

/** The report's sections and small builders, on a small hand-made ReportData. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { htmlTable, scrollBox } from '../../src/report/html.js';
import { lineageSentences, lineageSvg } from '../../src/report/lineage-diagram.js';
import { rejectedNote } from '../../src/report/page.js';
import { visibleHtml } from '../../src/report/quality-section.js';
import type { QualityTable, ReportData } from '../../src/report/report-data.js';
import { readRunFacts, withStage, writeRunFacts, type RunFacts } from '../../src/report/run-facts.js';
import { fillReportTime, runSection } from '../../src/report/run-section.js';

const table = (rows: number, rejected: Record<string, number> = {}): QualityTable => {
  const n = Object.values(rejected).reduce((a, b) => a + b, 0);
  return {
    source_file: 'in/x',
    rows_read: rows,
    rows_raw: rows,
    rows_written: rows - n,
    rows_rejected: n,
    rejected_by_reason: rejected,
    fixes: {},
    counts: {},
  };
};
const none = { lines: 0, distinct: 0, examples: [] };
const run: RunFacts = {
  ecomflow_version: '9.8.7',
  started_at: '2024-05-01T14:03:07.123Z',
  sources: [{ table: 'orders', file: 'in/Orders.json', bytes: 3_045_599, rows: 9994 }],
  stage_ms: { 'read sources': 500, enrich: 250.5 },
};
const data: ReportData = {
  totalProfit: '100.00',
  byYear: [{ year: 2014, profit: '100.00', lines: 10 }],
  byYearCategory: [],
  byCustomer: [],
  bySubCategory: [],
  quality: {
    customers: table(5),
    products: table(40, { 'product.duplicate_id': 33 }),
    orders: table(12, { 'order.bad_profit': 1, 'order.bad_quantity': 1 }),
  },
  rejects: [],
  fixExamples: [],
  unknownCustomers: none,
  nameCleanedCustomers: none,
  noNameCustomers: none,
  unknownProducts: none,
  aggregates: [{ name: 'profit_by_year', rows: 1 }],
  sqlAnswers: null,
  run,
  version: '1.2.3',
};

describe('rejectedNote', () => {
  it('says what was rejected where, in words', () => {
    expect(rejectedNote(data.quality.customers, 'customer row')).toBe('no customer rows rejected');
    expect(rejectedNote(table(3, { 'customer.missing_id': 1 }), 'customer row')).toBe(
      '<span class="count" data-value="1">1</span> customer row rejected: no customer ID',
    );
    expect(rejectedNote(data.quality.products, 'product row')).toBe(
      '<span class="count" data-value="33">33</span> product rows rejected: ' +
        'duplicate product ID (the first row is kept)',
    );
    expect(rejectedNote(data.quality.orders, 'order line')).toBe(
      '<span class="count" data-value="2">2</span> order lines rejected, ' +
        'for 2 reasons (<a href="#quality">see Data quality</a>)',
    );
  });
});

describe('visibleHtml', () => {
  it('marks spaces that matter, tabs, breaks and no-break spaces, and escapes the rest', () => {
    expect(visibleHtml(' Gary  Hansen\t<b>\u00A0')).toBe(
      '<code><span class="ws" title="space">␣</span>Gary<span class="ws" title="space">␣</span>' +
        '<span class="ws" title="space">␣</span>Hansen<span class="ws" title="tab">⇥</span>&lt;b&gt;' +
        '<span class="ws" title="no-break space">⍽</span></code>',
    );
    expect(visibleHtml('Gary Hansen')).toBe('<code>Gary Hansen</code>');
  });
});

describe('htmlTable and scrollBox', () => {
  it('puts a wide table in a focusable scroll box named by its caption', () => {
    const html = htmlTable('Fixes', [{ header: 'A', cell: (r: number) => String(r) }], [1], { className: 'wide' });
    expect(html).toBe(
      scrollBox(
        '<table class="wide"><caption>Fixes</caption><thead><tr><th scope="col">A</th></tr></thead>' +
          '<tbody><tr><td>1</td></tr></tbody></table>',
        'Fixes',
      ),
    );
    expect(html).toMatch(/^<div class="scroll" role="region" tabindex="0" aria-label="Fixes \(scrolls sideways\)">/);
    expect(htmlTable('T', [], [], { id: 'x' })).toMatch(/^<table id="x">/);
  });
});

describe('runSection and fillReportTime', () => {
  it("shows the run's version and stages, then the report's own time and the total once known", () => {
    const html = runSection(data, new Date('2024-05-01T14:05:00Z'));
    expect(html).toContain('Run by ecomflow <strong>9.8.7</strong>, started 2024-05-01 14:03:07 UTC.');
    expect(html).toContain('Report built by ecomflow 1.2.3, 2024-05-01 14:05:00 UTC.');
    const filled = fillReportTime(html, 412.3);
    expect(filled).not.toContain('<!--ecomflow:');
    const cells = [...filled.matchAll(/<t[hd][^>]*>([^<]*(?:<span[^>]*>[^<]*<\/span>)?[^<]*)<\/t[hd]>/g)].map((m) =>
      m[1]!.replace(/<[^>]+>/g, ''),
    );
    expect(cells.slice(cells.indexOf('read sources'))).toEqual([
      'read sources',
      '500 ms',
      'enrich',
      '251 ms',
      'report (building this page)',
      '412 ms',
      'Total',
      '1.16 s',
    ]);
  });

  it('replaces a report time recorded in run.json by the time of this build', () => {
    const html = runSection({ ...data, run: withStage(run, 'report', 5000) }, new Date());
    expect(fillReportTime(html, 100)).toContain('<td class="num">100 ms</td>');
    expect(fillReportTime(html, 100)).not.toContain('5.00 s');
  });

  it('still shows the report time for a warehouse without run.json', () => {
    const html = fillReportTime(runSection({ ...data, run: null }, new Date()), 1500);
    expect(html).toContain('Run facts: not recorded');
    expect(html).toContain('Run by ecomflow (version not recorded).');
    expect(html).toContain('<td class="num">1.50 s</td>');
  });
});

describe('run facts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecomflow-run-facts-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a stage to the facts, to a tenth of a millisecond, without changing the others', () => {
    const facts = withStage(run, 'report', 412.34);
    expect(facts.stage_ms).toEqual({ 'read sources': 500, enrich: 250.5, report: 412.3 });
    expect(run.stage_ms).not.toHaveProperty('report');
  });

  it('writes run.json and reads it back; an older or broken file reads as not recorded', async () => {
    await writeRunFacts(dir, run);
    expect(await readRunFacts(dir)).toEqual(run);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))).toEqual(run);
    writeFileSync(join(dir, 'run.json'), '{"started_at": 1}');
    expect(await readRunFacts(dir)).toBeNull();
    writeFileSync(join(dir, 'run.json'), '{');
    expect(await readRunFacts(dir)).toBeNull();
    const older: RunFacts = { started_at: run.started_at, sources: run.sources, stage_ms: run.stage_ms };
    writeFileSync(join(dir, 'run.json'), JSON.stringify(older));
    expect(await readRunFacts(dir)).toEqual(older);
  });
});

describe('lineageSvg', () => {
  it('draws a rejects branch only where rows were rejected, in both layouts', () => {
    for (const layout of ['wide', 'narrow'] as const) {
      const svg = lineageSvg(data, layout);
      expect(svg, layout).not.toMatch(/>0 rejected</);
      expect(svg.match(/stroke="#C2410C" stroke-dasharray/g) ?? [], layout).toHaveLength(2); // products, orders
      expect(svg).toContain(`id="lineage-diagram${layout === 'wide' ? '' : '-narrow'}"`);
    }
    expect(lineageSvg(data, 'wide')).toContain('>33 rejected<');
    expect(lineageSvg(data, 'narrow')).toContain('>33 rows<');
  });

  it('gives each layout its own arrow markers and the same description', () => {
    const wide = lineageSvg(data, 'wide');
    const narrow = lineageSvg(data, 'narrow');
    expect(wide).toContain('url(#lineage-diagram-arrow-flow)');
    expect(narrow).toContain('url(#lineage-diagram-narrow-arrow-flow)');
    expect(narrow).not.toContain('url(#lineage-diagram-arrow');
    expect(lineageSentences(data)[1]).toBe(
      'products: 40 source rows read, 40 in raw.products, 7 in enriched.products, 33 in rejects.products.',
    );
    expect(Number(/viewBox="0 0 (\d+)/.exec(narrow)![1])).toBeLessThanOrEqual(388);
  });
});

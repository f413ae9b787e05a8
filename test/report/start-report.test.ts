import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, readParquet, runPipeline } from '../../src/index.js';
import { startCharts, startReport } from '../../src/report/build-report.js';
import { runCli } from '../helpers/spawn-cli.js';
import { loadReportData, loadReportTables, withRunFiles } from '../../src/report/load-data.js';
import { profitCharts, renderCharts } from '../../src/report/profit-section.js';
import type { ChartData } from '../../src/report/report-data.js';
import { renderChart } from '../../src/report/render-svg.js';

const root = resolve(import.meta.dirname, '../..');
const fixtures = join(root, 'fixtures');
const builtCli = join(root, 'dist', 'cli.js');

/** The page without the figures that differ from build to build (its build time and the total). */
const timeless = (html: string): string =>
  html
    .replace(/Report built by ecomflow [^<]*UTC\./, 'Report built …')
    .replace(/(\(building this page\)<\/span><\/td><td class="num">)[^<]*/, '$1…')
    .replace(/(data-run-ms="[^"]*">)[^<]*/, '$1…');

describe('the report started ahead (startReport, loadReportTables)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecomflow-start-report-'));
  const out = join(dir, 'warehouse');

  beforeAll(async () => {
    await runPipeline({ input: fixtures, out });
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells the charts’ data once, before the rest; with the run files it is what loadReportData gives', async () => {
    const told: ChartData[] = [];
    const tables = await loadReportTables(out, (charts) => told.push(charts));
    const data = await loadReportData(out);
    expect(told).toHaveLength(1);
    expect(told[0]).toEqual({
      byYear: data.byYear,
      byYearCategory: data.byYearCategory,
      byCustomer: data.byCustomer,
      bySubCategory: data.bySubCategory,
    });
    expect(await withRunFiles(out, tables)).toEqual(data);
  });

  it('takes the aggregates it is given instead of reading them, and reads the same from the files', async () => {
    const read = (name: string) => readParquet(join(out, 'aggregates', `${name}.parquet`));
    const known = {
      profit_by_year: await read('profit_by_year'),
      profit_by_customer: await read('profit_by_customer'),
      profit_by_sub_category: await read('profit_by_sub_category'),
    };
    expect(await loadReportTables(out, undefined, known)).toEqual(await loadReportTables(out));
    const one = await loadReportTables(out, undefined, {
      profit_by_sub_category: known.profit_by_sub_category.slice(0, 1),
    });
    expect(one.bySubCategory).toHaveLength(1);
    expect(known.profit_by_sub_category.numRows).toBeGreaterThan(1);
  });

  it('takes the answers’ row counts when given (in file order), instead of counting the CSVs', async () => {
    const tables = await loadReportTables(out);
    const counted = (await withRunFiles(out, tables)).sqlAnswers!;
    expect(counted.length).toBe(4);
    const given = [...counted].reverse().map((a) => ({ ...a, rows: a.rows + 1 }));
    const data = await withRunFiles(out, tables, given);
    expect(data.sqlAnswers).toEqual(counted.map((a) => ({ ...a, rows: a.rows + 1 })));
  });

  it('writes the page buildReport writes, its charts drawn by the renderer it was given', async () => {
    const now = new Date('2024-02-20T12:00:00Z');
    const file = await buildReport(out, { now });
    const built = readFileSync(file, 'utf8');
    const asked: string[][] = [];
    const report = startReport(out, async (charts) => {
      asked.push(charts.map((c) => c.id));
      return renderCharts(charts);
    });
    await report.settled;
    expect(await report.finish(now)).toBe(file);
    expect(timeless(readFileSync(file, 'utf8'))).toBe(timeless(built));
    expect(asked).toEqual([profitCharts(await loadReportData(out)).map((c) => c.id)]);
  });

  it('draws no chart itself when handed charts under way (startCharts), and writes the same page', async () => {
    const now = new Date('2024-02-20T12:00:00Z');
    const built = readFileSync(await buildReport(out, { now }), 'utf8');
    const read = (layer: string, name: string) => readParquet(join(out, layer, `${name}.parquet`));
    const tables = {
      profit_by_year: await read('aggregates', 'profit_by_year'),
      profit_by_customer: await read('aggregates', 'profit_by_customer'),
      profit_by_sub_category: await read('aggregates', 'profit_by_sub_category'),
      profit_summary: await read('aggregates', 'profit_summary'),
      raw_customers: await read('raw', 'customers'),
      enriched_customers: await read('enriched', 'customers'),
    };
    const asked: string[][] = [];
    const charts = startCharts(tables, async (specs) => {
      asked.push(specs.map((c) => c.id));
      return renderCharts(specs);
    });
    expect(charts.data).toEqual(
      (({ byYear, byYearCategory, byCustomer, bySubCategory }) => ({
        byYear,
        byYearCategory,
        byCustomer,
        bySubCategory,
      }))(await loadReportData(out)),
    );
    const report = startReport(out, charts, tables);
    await report.settled;
    expect(timeless(readFileSync(await report.finish(now), 'utf8'))).toBe(timeless(built));
    expect(asked).toHaveLength(1);
  });

  it('fails finish with the renderer’s error, and settles without throwing', async () => {
    const report = startReport(out, () => Promise.reject(new Error('no charts today')));
    await expect(report.settled).resolves.toBeUndefined();
    await expect(report.finish()).rejects.toThrow('no charts today');
  });

  it('fails finish, not the process, for a folder that holds no warehouse', async () => {
    const report = startReport(join(dir, 'nothing'));
    await expect(report.settled).resolves.toBeUndefined();
    await expect(report.finish()).rejects.toMatchObject({ rule: 'report.no_quality' });
  });

  it('renders the charts in order, each as renderChart does', async () => {
    const charts = profitCharts(await loadReportData(out));
    expect(charts.map((c) => c.id)).toEqual([
      'chart-profit-by-year',
      'chart-profit-by-year-category',
      'chart-top-customers',
      'chart-profit-by-sub-category',
    ]);
    expect(await renderCharts(charts)).toEqual(charts.map((c) => renderChart(c)));
  });

  describe.skipIf(!existsSync(builtCli))('the built command line', () => {
    it('ecomflow run (built: charts drawn from the tables in memory) writes buildReport’s page', async () => {
      const warehouse = join(dir, 'built-run');
      const run = await runCli(['run', '--input', fixtures, '--out', warehouse, '--quiet'], { built: true });
      expect(run).toMatchObject({ code: 0, err: '' });
      const written = readFileSync(join(warehouse, 'report', 'index.html'), 'utf8');
      const rebuilt = readFileSync(await buildReport(warehouse), 'utf8');
      expect(written).toContain('<svg');
      expect(timeless(written)).toBe(timeless(rebuilt));
    });
  });
});

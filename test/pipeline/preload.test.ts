import { describe, expect, it } from 'vitest';
import { preloadLaterStages } from '../../src/pipeline/preload.js';
import { yearChart } from '../../src/report/chart-specs.js';
import { renderChart } from '../../src/report/render-svg.js';
import { duckdb } from '../../src/sql/duckdb-api.js';

describe('preloadLaterStages', () => {
  it('starts loading without throwing and leaves the report and SQL libraries loaded and working', async () => {
    expect(() => {
      preloadLaterStages();
    }).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(typeof duckdb().DuckDBInstance.create).toBe('function');
    const svg = await renderChart(yearChart([{ year: 2014, profit: '1.00', lines: 1 }]));
    expect(svg).toContain('<title id="chart-profit-by-year-title">Profit by year</title>');
  });
});

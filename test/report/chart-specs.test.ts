import { describe, expect, it } from 'vitest';
import { bestAndWorst, customerLabels, yearChart } from '../../src/report/chart-specs.js';
import { categoryColors, UNKNOWN_COLOR } from '../../src/report/palette.js';
import { accessibleSvg, renderChart } from '../../src/report/render-svg.js';

const customer = (id: string, name: string | null, profit: string) => ({ customerId: id, customerName: name, profit });

describe('bestAndWorst', () => {
  it('takes up to n from each end, least profitable first, never the same customer twice', () => {
    const sorted = Array.from({ length: 5 }, (_, i) => customer(`C-${i}`, `N${i}`, String(10 - i)));
    const { best, worst } = bestAndWorst(sorted, 10);
    expect(best.map((c) => c.customerId)).toEqual(['C-0', 'C-1', 'C-2']);
    expect(worst.map((c) => c.customerId)).toEqual(['C-4', 'C-3']);
  });
});

describe('customerLabels', () => {
  it('adds the id only where two shown customers share a name, and names the unknown', () => {
    expect(
      customerLabels([
        customer('A-1', 'Ann', '1'),
        customer('A-2', 'Ann', '2'),
        customer('B-1', 'Bob', '3'),
        customer('X-9', null, '4'),
      ]),
    ).toEqual(['Ann (A-1)', 'Ann (A-2)', 'Bob', '(unknown customer)']);
  });
});

describe('categoryColors', () => {
  it('gives categories fixed colours in sorted order and the unknown group grey, last', () => {
    const { domain, range } = categoryColors(['Technology', null, 'Furniture', 'Technology']);
    expect(domain).toEqual(['Furniture', 'Technology', '(unknown product)']);
    expect(range).toHaveLength(3);
    expect(range[2]).toBe(UNKNOWN_COLOR);
    expect(categoryColors(['Furniture', 'Technology']).range).toEqual(range.slice(0, 2));
  });
});

describe('renderChart', () => {
  it('renders a Vega-Lite spec to SVG in Node with a title, a description and the exact labels', async () => {
    const svg = await renderChart(
      yearChart([
        { year: 2014, profit: '39185.75', lines: 1993 },
        { year: 2015, profit: '-0.05', lines: 1 },
      ]),
    );
    expect(svg).toMatch(
      /^<svg id="chart-profit-by-year" class="chart-svg" role="img" aria-labelledby="chart-profit-by-year-title chart-profit-by-year-desc"/,
    );
    expect(svg).toContain('<title id="chart-profit-by-year-title">Profit by year</title>');
    expect(svg).toContain('Bar chart of profit by order year: 2014 $39,185.75; 2015 -$0.05.');
    expect(svg).toContain('>$39,185.75</text>');
    expect(svg).toContain('>-$0.05</text>');
    expect(svg).toContain('>Order year</text>');
    expect(svg).toContain('>Profit (USD)</text>');
  });

  it('refuses renderer output that is not an svg element', () => {
    expect(() => accessibleSvg('<div/>', { id: 'x', title: 't', description: 'd' })).toThrow(/did not return an <svg>/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  type ChartSpec,
  bestAndWorst,
  customerChart,
  customerLabels,
  subCategoryChart,
  yearCategoryChart,
  yearChart,
} from '../../src/report/chart-specs.js';
import { CATEGORY_COLORS, LOSS_COLOR, PROFIT_COLOR, UNKNOWN_COLOR, categoryColors } from '../../src/report/palette.js';
import type { CustomerProfit, CustomerStatus } from '../../src/report/report-data.js';
import { accessibleSvg, renderChart } from '../../src/report/render-svg.js';

const customer = (
  id: string,
  name: string | null,
  profit: string,
  status: CustomerStatus = 'named',
): CustomerProfit => ({
  customerId: id,
  customerName: name,
  profit,
  status,
});

/** The bars of a rendered chart: fill, opacity, outline and their box (from the path `M x,y h w v h`). */
function bars(svg: string) {
  return [
    ...svg.matchAll(
      /<path aria-label="([^"]*)"[^>]*aria-roledescription="bar" d="M([-\d.]+),([-\d.]+)h([-\d.]+)v([-\d.]+)h[-\d.]+Z"([^>]*)>/g,
    ),
  ].map((m) => ({
    label: m[1]!,
    x: Number(m[2]),
    y: Number(m[3]),
    w: Number(m[4]),
    h: Number(m[5]),
    fill: /fill="([^"]+)"/.exec(m[6]!)?.[1],
    opacity: Number(/fill-opacity="([^"]+)"/.exec(m[6]!)?.[1] ?? 1),
    stroke: /stroke="([^"]+)"/.exec(m[6]!)?.[1] ?? null,
  }));
}

/** The value labels of a rendered chart: text and baseline position. */
function valueLabels(svg: string) {
  return [
    ...svg.matchAll(/aria-roledescription="text mark"[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]*)</g),
  ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3]! }));
}

/** Hue in degrees of a #RRGGBB colour. */
function hue(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

const subCategories = [
  { category: 'Technology', subCategory: 'Phones', profit: '56567.43' },
  { category: 'Office Supplies', subCategory: 'Paper', profit: '33036.26' },
  { category: null, subCategory: null, profit: '1999.23' },
  { category: 'Furniture', subCategory: 'Tables', profit: '-17704.48' },
];

describe('bestAndWorst', () => {
  it('takes up to n from each end, least profitable first, never the same customer twice', () => {
    const sorted = Array.from({ length: 5 }, (_, i) => customer(`C-${i}`, `N${i}`, String(10 - i)));
    const { best, worst } = bestAndWorst(sorted, 10);
    expect(best.map((c) => c.customerId)).toEqual(['C-0', 'C-1', 'C-2']);
    expect(worst.map((c) => c.customerId)).toEqual(['C-4', 'C-3']);
  });
});

describe('customerLabels', () => {
  it('adds the id only where two shown customers share a name, and says why a name is missing', () => {
    expect(
      customerLabels([
        customer('A-1', 'Ann', '1'),
        customer('A-2', 'Ann', '2'),
        customer('B-1', 'Bob', '3'),
        customer('X-9', null, '4', 'unknown'),
        customer('E-1', null, '5', 'no-name'),
        customer('S-1', null, '6', 'name-cleaned'),
      ]),
    ).toEqual([
      'Ann (A-1)',
      'Ann (A-2)',
      'Bob',
      '(not in customer list)',
      '(no name in customer list)',
      '(name cleaned to empty)',
    ]);
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

  it('never gives a category the loss colour or a hue near it (no orange, red or rose)', () => {
    for (const c of CATEGORY_COLORS) {
      const d = Math.abs(hue(c) - hue(LOSS_COLOR));
      expect(Math.min(d, 360 - d), c).toBeGreaterThanOrEqual(45);
    }
    expect(hue(LOSS_COLOR)).toBeLessThan(30); // the loss colour itself is an orange-red
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
    expect(valueLabels(svg).map((l) => l.text)).toEqual(['$39,185.75', '-$0.05']);
    expect(svg).toContain('>Order year</text>');
    expect(svg).toContain('>Profit (USD)</text>');
  });

  it('refuses renderer output that is not an svg element', () => {
    expect(() => accessibleSvg('<div/>', { id: 'x', title: 't', description: 'd' })).toThrow(/did not return an <svg>/);
  });
});

describe('the charts as drawn', () => {
  it('label every bar with its exact figure, in text no smaller than 11 px', async () => {
    const charts: [ChartSpec, string[]][] = [
      [
        yearChart([
          { year: 2014, profit: '39185.75', lines: 1993 },
          { year: 2016, profit: '-1685.09', lines: 7 },
        ]),
        ['$39,185.75', '-$1,685.09'],
      ],
      [
        yearCategoryChart([
          { year: 2014, category: 'Furniture', profit: '-5331.04' },
          { year: 2014, category: 'Technology', profit: '21493.35' },
          { year: 2015, category: null, profit: '583.16' },
        ]),
        ['-$5,331.04', '$21,493.35', '$583.16'],
      ],
      [
        customerChart([
          customer('A', 'Ann', '13400.32'),
          customer('B', 'Bob', '-2.50'),
          customer('C', null, '-16510.34', 'unknown'),
        ]),
        ['$13,400.32', '-$16,510.34', '-$2.50'],
      ],
      [subCategoryChart(subCategories), ['$56,567.43', '$33,036.26', '$1,999.23', '-$17,704.48']],
    ];
    for (const [chart, expected] of charts) {
      const svg = await renderChart(chart);
      expect(bars(svg), chart.id).toHaveLength(expected.length);
      expect(
        valueLabels(svg)
          .map((l) => l.text)
          .sort(),
        chart.id,
      ).toEqual([...expected].sort());
      const sizes = [...svg.matchAll(/font-size="([\d.]+)px"/g)].map((m) => Number(m[1]));
      expect(Math.min(...sizes), chart.id).toBeGreaterThanOrEqual(11);
    }
  });

  it('draws losses in the loss colour where bars are coloured by sign', async () => {
    const drawn = bars(
      await renderChart(
        yearChart([
          { year: 2015, profit: '241.27', lines: 4 },
          { year: 2016, profit: '-1685.09', lines: 7 },
        ]),
      ),
    );
    expect(drawn.map((b) => b.fill)).toEqual([PROFIT_COLOR, LOSS_COLOR]);
  });

  it('draws a loss in its category colour made pale and outlined in the loss colour', async () => {
    const drawn = bars(await renderChart(subCategoryChart(subCategories)));
    const tables = drawn.find((b) => b.label.includes('Tables'))!;
    const phones = drawn.find((b) => b.label.includes('Phones'))!;
    expect([tables.fill, tables.opacity, tables.stroke]).toEqual([CATEGORY_COLORS[0], 0.35, LOSS_COLOR]);
    expect([phones.fill, phones.opacity, phones.stroke]).toEqual([CATEGORY_COLORS[2], 1, null]);
    expect(drawn.find((b) => b.label.includes('unknown'))!.fill).toBe(UNKNOWN_COLOR);
  });

  it('puts each label of the grouped chart on the middle of its own bar', async () => {
    const svg = await renderChart(
      yearCategoryChart([
        { year: 2014, category: 'Furniture', profit: '-5331.04' },
        { year: 2014, category: 'Office Supplies', profit: '22500.32' },
        { year: 2014, category: 'Technology', profit: '21493.35' },
        { year: 2015, category: 'Office Supplies', profit: '24519.39' },
      ]),
    );
    const drawn = bars(svg);
    const labels = valueLabels(svg);
    expect(labels).toHaveLength(4);
    expect(drawn).toHaveLength(4);
    for (const b of drawn) {
      const text = /profit: ([^;]+);/.exec(b.label)![1]!;
      const centre = b.y + b.h / 2;
      // an 11 px label drawn with baseline "middle" sits 3 px below its anchor
      const label = labels.reduce((best, l) => (Math.abs(l.y - 3 - centre) < Math.abs(best.y - 3 - centre) ? l : best));
      expect(Math.abs(label.y - 3 - centre), text).toBeLessThan(1.5);
    }
  });

  it('lists the least profitable customers least profitable first, as the table does', async () => {
    const sorted = ['9', '5', '1', '-1', '-5', '-9'].map((p, i) => customer(`C-${i}`, `Name ${i}`, p));
    const svg = await renderChart(customerChart(sorted, 3));
    const names = [...svg.matchAll(/>(Name \d)<\/text>/g)].map((m) => m[1]);
    expect(names).toEqual(['Name 0', 'Name 1', 'Name 2', 'Name 5', 'Name 4', 'Name 3']);
    expect(bestAndWorst(sorted, 3).worst.map((c) => c.customerName)).toEqual(['Name 5', 'Name 4', 'Name 3']);
  });
});

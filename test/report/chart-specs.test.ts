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
import {
  CATEGORY_COLORS,
  INK,
  LOSS_COLOR,
  PROFIT_COLOR,
  UNKNOWN_COLOR,
  categoryColors,
} from '../../src/report/palette.js';
import type { CustomerProfit, CustomerStatus } from '../../src/report/report-data.js';
import { accessibleSvg, renderChart } from '../../src/report/render-svg.js';
import { axisMoney, labelWidth } from '../../src/report/chart-scale.js';
import { sparseTickLabels } from '../../src/report/bar-svg.js';

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

/** The bars of a rendered chart: fill, opacity, outline, box and hover hint. */
function bars(svg: string) {
  return [...svg.matchAll(/<rect class="bar" ([^>]*)><title>([^<]*)<\/title><\/rect>/g)].map((m) => {
    const attr = (name: string): string | undefined => new RegExp(` ?${name}="([^"]+)"`).exec(m[1]!)?.[1];
    return {
      hint: m[2]!,
      x: Number(attr('x')),
      y: Number(attr('y')),
      w: Number(attr('width')),
      h: Number(attr('height')),
      fill: attr('fill'),
      opacity: Number(attr('fill-opacity') ?? 1),
      stroke: attr('stroke') ?? null,
    };
  });
}

/** The value labels of a rendered chart: text, anchor position and alignment. */
function valueLabels(svg: string) {
  return [...svg.matchAll(/<text class="value" x="([-\d.]+)" y="([-\d.]+)"([^>]*)>([^<]*)</g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    anchor: /text-anchor="(\w+)"/.exec(m[3]!)?.[1] ?? 'start',
    fill: /fill="([^"]+)"/.exec(m[3]!)?.[1],
    text: m[4]!,
  }));
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
  it('renders a chart to SVG with a title, a description, the exact labels and the axis titles', () => {
    const svg = renderChart(
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
    expect(svg).toMatch(/width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/);
  });

  it('refuses renderer output that is not an svg element', () => {
    expect(() => accessibleSvg('<div/>', { id: 'x', title: 't', description: 'd' })).toThrow(/did not return an <svg>/);
  });
});

describe('the charts as drawn', () => {
  it('label every bar with its exact figure, in text no smaller than 11 px', () => {
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
      const svg = renderChart(chart);
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

  it('draws losses in the loss colour where bars are coloured by sign', () => {
    const drawn = bars(
      renderChart(
        yearChart([
          { year: 2015, profit: '241.27', lines: 4 },
          { year: 2016, profit: '-1685.09', lines: 7 },
        ]),
      ),
    );
    expect(drawn.map((b) => b.fill)).toEqual([PROFIT_COLOR, LOSS_COLOR]);
  });

  it('draws a loss in its category colour made pale and outlined in the loss colour', () => {
    const drawn = bars(renderChart(subCategoryChart(subCategories)));
    const tables = drawn.find((b) => b.hint.includes('Tables'))!;
    const phones = drawn.find((b) => b.hint.includes('Phones'))!;
    expect([tables.fill, tables.opacity, tables.stroke]).toEqual([CATEGORY_COLORS[0], 0.35, LOSS_COLOR]);
    expect([phones.fill, phones.opacity, phones.stroke]).toEqual([CATEGORY_COLORS[2], 1, null]);
    expect(drawn.find((b) => b.hint.includes('unknown'))!.fill).toBe(UNKNOWN_COLOR);
  });

  it('puts each label of the grouped chart on the middle of its own bar, year groups apart', () => {
    const svg = renderChart(
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
      const text = b.hint.split(': ')[1]!;
      const label = labels.find((l) => l.text === text)!;
      // an 11 px label's baseline sits 3.3 px below its middle
      expect(Math.abs(label.y - 3.3 - (b.y + b.h / 2)), text).toBeLessThan(0.2);
    }
    // no two bars overlap, and the 2015 group starts a gap after 2014's last bar
    const [furniture, office14, technology, office15] = drawn;
    for (const [upper, lower] of [
      [furniture!, office14!],
      [office14!, technology!],
      [technology!, office15!],
    ] as const)
      expect(lower.y).toBeGreaterThanOrEqual(upper.y + upper.h);
    expect(office15!.y - (technology!.y + technology!.h)).toBeGreaterThan(office14!.y - (furniture!.y + furniture!.h));
  });

  it('puts a value label inside a long bar in white, beyond a short one, or across zero in the loss colour', () => {
    const svg = renderChart(
      subCategoryChart([
        { category: 'Technology', subCategory: 'Phones', profit: '56567.43' },
        { category: 'Furniture', subCategory: 'Chairs', profit: '3000.00' },
        { category: 'Furniture', subCategory: 'Tables', profit: '-17704.48' },
      ]),
    );
    const drawn = bars(svg);
    const label = (text: string) => valueLabels(svg).find((l) => l.text === text)!;
    const [phones, chairs, tables] = drawn;
    // Phones reaches near the plot's end: its label is inside, right-aligned, white
    expect(label('$56,567.43')).toMatchObject({ anchor: 'end', fill: '#FFFFFF' });
    expect(label('$56,567.43').x).toBeLessThan(phones!.x + phones!.w);
    // Chairs is short: its label starts past the bar's end, in ink
    expect(label('$3,000.00')).toMatchObject({ anchor: 'start', fill: INK });
    expect(label('$3,000.00').x).toBeGreaterThan(chairs!.x + chairs!.w);
    // the loss bar is too short for its label on either end: it starts across the zero line, in the loss colour
    expect(label('-$17,704.48')).toMatchObject({ anchor: 'start', fill: LOSS_COLOR });
    expect(label('-$17,704.48').x).toBeGreaterThan(tables!.x + tables!.w);
  });

  it("cuts a long band label with an ellipsis and keeps the whole name in the bar's hint", () => {
    const long = 'Bartholomew Featherstonehaugh-Cholmondeley';
    const svg = renderChart(customerChart([customer('A', long, '10'), customer('B', 'Bo', '-5')], 1));
    const shown = [...svg.matchAll(/>([^<>]*…)<\/text>/g)].map((m) => m[1]!);
    expect(shown).toHaveLength(1);
    expect(long.startsWith(shown[0]!.slice(0, -1))).toBe(true);
    expect(bars(svg).map((b) => b.hint)).toContain(`${long}: $10.00`);
  });

  it('lists the least profitable customers least profitable first, as the table does', () => {
    const sorted = ['9', '5', '1', '-1', '-5', '-9'].map((p, i) => customer(`C-${i}`, `Name ${i}`, p));
    const svg = renderChart(customerChart(sorted, 3));
    const names = [...svg.matchAll(/>(Name \d)<\/text>/g)].map((m) => m[1]);
    expect(names).toEqual(['Name 0', 'Name 1', 'Name 2', 'Name 5', 'Name 4', 'Name 3']);
    expect(bestAndWorst(sorted, 3).worst.map((c) => c.customerName)).toEqual(['Name 5', 'Name 4', 'Name 3']);
  });
});

describe('charts of little data', () => {
  it('draws no data, one zero bar or a long category name with finite sizes and nothing undefined', () => {
    const charts = [
      yearChart([]),
      yearCategoryChart([]),
      customerChart([]),
      subCategoryChart([]),
      yearChart([{ year: null, profit: '0.00', lines: 1 }]),
      yearCategoryChart([{ year: 2014, category: 'A category name that goes on and on and on', profit: '0.00' }]),
      customerChart([customer('x', 'Solo', '0.00')]),
    ];
    for (const chart of charts) {
      const svg = renderChart(chart);
      expect(svg, chart.id).not.toMatch(/NaN|Infinity|undefined|null/);
      const [width, height] = /width="(\d+)" height="(\d+)"/.exec(svg)!.slice(1).map(Number) as [number, number];
      expect(width, chart.id).toBeGreaterThan(0);
      expect(height, chart.id).toBeGreaterThan(0);
    }
    expect(renderChart(charts[4]!)).toContain('>(no year)</text>');
  });
});

describe('axisMoney', () => {
  it('shortens round amounts by their thousands and keeps small ones whole, minus before the dollar', () => {
    expect([0, 250, 0.05, 2500, -20000, 125000, 1_500_000, 2e9, -3e12].map(axisMoney)).toEqual([
      '$0',
      '$250',
      '$0.05',
      '$2.5k',
      '-$20k',
      '$125k',
      '$1.5M',
      '$2B',
      '-$3T',
    ]);
  });
});

describe('sparseTickLabels', () => {
  it('keeps every label with room, and every other one when neighbours would touch', () => {
    const ticks = (step: number) =>
      [-2000, -1500, -1000, -500, 0].map((v, i) => ({ at: i * step, label: axisMoney(v) }));
    expect(sparseTickLabels(ticks(60)).map((t) => t.label)).toEqual(['-$2k', '-$1.5k', '-$1k', '-$500', '$0']);
    expect(sparseTickLabels(ticks(27)).map((t) => t.label)).toEqual(['-$2k', '-$1k', '$0']);
  });

  it('draws a crowded value axis with fewer labels than ticks, none overlapping', () => {
    const sorted = ['240.26', '167.69', '-1802.88', '4.91'].map((p, i) => customer(`C-${i}`, `Name ${i}`, p));
    const svg = renderChart(customerChart(sorted, 2));
    const lower = svg.slice(svg.lastIndexOf('least profitable, least profitable first</text>'));
    const labels = [...lower.matchAll(/<text class="tick" x="([-\d.]+)"[^>]*>([^<]*)</g)].map((m) => ({
      x: Number(m[1]),
      text: m[2]!,
    }));
    // the value axis' ticks: 5 px lines down from the axis
    const ticks = [...lower.matchAll(/<line x1="([-\d.]+)" y1="([-\d.]+)" x2="\1" y2="([-\d.]+)"/g)].filter(
      (m) => Number(m[3]) - Number(m[2]) === 5,
    );
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(labels.length).toBeLessThan(ticks.length);
    for (let i = 1; i < labels.length; i++)
      expect(labels[i]!.x - labels[i - 1]!.x).toBeGreaterThan(
        (labelWidth(labels[i]!.text) + labelWidth(labels[i - 1]!.text)) / 2,
      );
  });
});

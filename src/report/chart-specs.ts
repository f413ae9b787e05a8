/**
 * The report's four charts as Vega-Lite specs. Bar lengths use floats; every printed figure is the exact
 * `$` text from money.ts, carried in the data as a label.
 */
import type { Config, TopLevelSpec } from 'vega-lite';
import { formatMoney, toCents } from './money.js';
import { FONT, INK, LOSS_COLOR, MUTED, PROFIT_COLOR, UNKNOWN_CATEGORY, categoryColors } from './palette.js';
import type { CustomerProfit, SubCategoryProfit, YearCategoryProfit, YearProfit } from './report-data.js';

/** One chart: its spec, and the title and description its SVG carries for readers of every kind. */
export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly spec: TopLevelSpec;
}

/** One layer of a layered Vega-Lite chart. */
type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];
/** The x/y encodings a bar layer and its label layers share. */
type Position = NonNullable<Extract<Layer, { mark: unknown }>['encoding']>;

/** Label of a null year. */
const NO_YEAR = '(no year)';
/** Label of a customer without a name. */
export const UNKNOWN_CUSTOMER = '(unknown customer)';

const config: Config = {
  font: FONT,
  background: 'white',
  padding: 8,
  axis: {
    labelColor: MUTED,
    titleColor: INK,
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 600,
    gridColor: '#E5E7EB',
    domainColor: '#6B7280',
    tickColor: '#6B7280',
  },
  legend: {
    labelColor: INK,
    titleColor: INK,
    labelFontSize: 11,
    titleFontSize: 12,
    orient: 'top',
    direction: 'horizontal',
    columns: 2,
  },
  // ASCII minus and `$` prefix, as in the tables: -$1,234
  locale: { number: { decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''], minus: '-' } },
  view: { stroke: null },
  text: { fontSize: 11, color: INK },
};

const signScale = { domain: ['profit', 'loss'], range: [PROFIT_COLOR, LOSS_COLOR] };
const moneyAxis = { format: '$,.0f', labelFlush: false };

/** Sign of decimal text, for colours and label placement. */
function sign(profit: string): 'profit' | 'loss' {
  return toCents(profit) < 0n ? 'loss' : 'profit';
}

/**
 * The extent of `values` and 0, widened so that `labelRoom` (a fraction of the plot) stays free beyond the
 * longest bar on each side that has bars: room for the value labels.
 */
function paddedDomain(values: readonly number[], labelRoom: number): [number, number] {
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  const sides = (lo < 0 ? 1 : 0) + (hi > 0 ? 1 : 0);
  const total = span / (1 - sides * labelRoom);
  return [lo < 0 ? lo - total * labelRoom : 0, hi > 0 ? hi + total * labelRoom : 0];
}

/** Value labels at the end of each bar: outside the bar, on the side it grows towards. */
function endLabels(horizontal: boolean, position: Position): Layer[] {
  const place = (s: 'profit' | 'loss') =>
    horizontal
      ? ({ align: s === 'profit' ? 'left' : 'right', baseline: 'middle', dx: s === 'profit' ? 4 : -4 } as const)
      : ({ align: 'center', baseline: s === 'profit' ? 'bottom' : 'top', dy: s === 'profit' ? -4 : 4 } as const);
  return (['profit', 'loss'] as const).map((s) => ({
    transform: [{ filter: { field: 'sign', equal: s } }],
    mark: { type: 'text' as const, ...place(s) },
    encoding: { ...position, text: { field: 'label', type: 'nominal' } },
  }));
}

/**
 * Bar chart of profit by order year, each bar labelled with its exact total.
 * @example
 * yearChart([{ year: 2014, profit: '39185.75', lines: 1993 }]).description;
 * // 'Bar chart of profit by order year: 2014 $39,185.75.'
 */
export function yearChart(rows: readonly YearProfit[]): ChartSpec {
  const values = rows.map((r) => ({
    year: r.year === null ? NO_YEAR : String(r.year),
    profit: Number(r.profit),
    label: formatMoney(r.profit),
    sign: sign(r.profit),
  }));
  const position: Position = {
    x: { field: 'year', type: 'ordinal', title: 'Order year', axis: { labelAngle: 0 } },
    y: {
      field: 'profit',
      type: 'quantitative',
      title: 'Profit (USD)',
      axis: moneyAxis,
      scale: {
        domain: paddedDomain(
          values.map((v) => v.profit),
          0.08,
        ),
      },
    },
  };
  return {
    id: 'chart-profit-by-year',
    title: 'Profit by year',
    description: `Bar chart of profit by order year: ${values.map((v) => `${v.year} ${v.label}`).join('; ')}.`,
    spec: {
      config,
      width: 340,
      height: 240,
      data: { values },
      layer: [
        {
          mark: { type: 'bar', width: { band: 0.7 } },
          encoding: { ...position, color: { field: 'sign', type: 'nominal', scale: signScale, legend: null } },
        },
        ...endLabels(false, position),
      ],
    },
  };
}

/** Grouped bar chart of profit by year and product category, one colour per category. */
export function yearCategoryChart(rows: readonly YearCategoryProfit[]): ChartSpec {
  const colors = categoryColors(rows.map((r) => r.category));
  const values = rows.map((r) => ({
    year: r.year === null ? NO_YEAR : String(r.year),
    category: r.category ?? UNKNOWN_CATEGORY,
    profit: Number(r.profit),
  }));
  return {
    id: 'chart-profit-by-year-category',
    title: 'Profit by year and category',
    description:
      'Grouped bar chart of profit by order year, one bar per product category ' +
      `(${colors.domain.join(', ')}); the table lists every figure.`,
    spec: {
      config,
      width: 340,
      height: 240,
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'year', type: 'ordinal', title: 'Order year', axis: { labelAngle: 0 } },
        xOffset: { field: 'category', type: 'nominal', sort: colors.domain },
        y: { field: 'profit', type: 'quantitative', title: 'Profit (USD)', axis: moneyAxis },
        color: { field: 'category', type: 'nominal', title: 'Category', scale: colors, sort: colors.domain },
      },
    },
  };
}

/**
 * Customers' chart labels: the name, with the id added when the name alone is not unique among `shown`.
 * @example
 * customerLabels([{ customerId: 'A-1', customerName: 'Ann', profit: '1' }]); // ['Ann']
 */
export function customerLabels(shown: readonly CustomerProfit[]): string[] {
  const name = (c: CustomerProfit): string => c.customerName ?? UNKNOWN_CUSTOMER;
  const seen = new Map<string, number>();
  for (const c of shown) seen.set(name(c), (seen.get(name(c)) ?? 0) + 1);
  return shown.map((c) => (seen.get(name(c))! > 1 ? `${name(c)} (${c.customerId ?? 'no id'})` : name(c)));
}

/**
 * The best and worst customers of a list sorted most profitable first: up to `n` of each, never overlapping.
 * @example
 * bestAndWorst(all, 10); // { best: the first 10, worst: the last 10, least profitable first }
 */
export function bestAndWorst(
  sorted: readonly CustomerProfit[],
  n = 10,
): { best: CustomerProfit[]; worst: CustomerProfit[] } {
  const best = sorted.slice(0, Math.min(n, Math.ceil(sorted.length / 2)));
  const worstCount = Math.min(n, sorted.length - best.length);
  const worst = sorted.slice(sorted.length - worstCount).reverse();
  return { best, worst };
}

/** Horizontal bar chart of the most and least profitable customers, labelled with their exact profit. */
export function customerChart(sorted: readonly CustomerProfit[], n = 10): ChartSpec {
  const { best, worst } = bestAndWorst(sorted, n);
  const shown = [...best, ...[...worst].reverse()];
  const labels = customerLabels(shown);
  const values = shown.map((c, i) => ({
    customer: labels[i]!,
    profit: Number(c.profit),
    label: formatMoney(c.profit),
    sign: sign(c.profit),
  }));
  const position: Position = {
    y: {
      field: 'customer',
      type: 'nominal',
      title: null,
      sort: values.map((v) => v.customer),
      axis: { labelLimit: 260 },
    },
    x: {
      field: 'profit',
      type: 'quantitative',
      title: 'Profit (USD)',
      axis: moneyAxis,
      scale: {
        domain: paddedDomain(
          values.map((v) => v.profit),
          0.28,
        ),
      },
    },
  };
  return {
    id: 'chart-top-customers',
    title: `Top customers: the ${best.length} most and ${worst.length} least profitable`,
    description:
      `Horizontal bar chart of the ${best.length} most profitable customers (top) and the ${worst.length} ` +
      'least profitable (bottom), each bar labelled with its profit; the tables list the figures.',
    spec: {
      config,
      width: 300,
      height: { step: 20 },
      data: { values },
      layer: [
        {
          mark: { type: 'bar', height: { band: 0.75 } },
          encoding: { ...position, color: { field: 'sign', type: 'nominal', scale: signScale, legend: null } },
        },
        { data: { values: [{}] }, mark: { type: 'rule', color: MUTED }, encoding: { x: { datum: 0 } } },
        ...endLabels(true, position),
      ],
    },
  };
}

/** A sub-category's label; a missing one says why (unknown product, or none given). */
function subCategoryLabel(s: SubCategoryProfit): string {
  return s.subCategory ?? (s.category === null ? UNKNOWN_CATEGORY : `(no sub-category) ${s.category}`);
}

/** Horizontal bar chart of profit by sub-category, most profitable first, coloured by category. */
export function subCategoryChart(rows: readonly SubCategoryProfit[]): ChartSpec {
  const colors = categoryColors(rows.map((r) => r.category));
  const values = rows.map((r) => ({
    sub: subCategoryLabel(r),
    category: r.category ?? UNKNOWN_CATEGORY,
    profit: Number(r.profit),
    label: formatMoney(r.profit),
    sign: sign(r.profit),
  }));
  const position: Position = {
    y: {
      field: 'sub',
      type: 'nominal',
      title: 'Sub-category',
      sort: values.map((v) => v.sub),
      axis: { labelLimit: 240 },
    },
    x: {
      field: 'profit',
      type: 'quantitative',
      title: 'Profit (USD)',
      axis: moneyAxis,
      scale: {
        domain: paddedDomain(
          values.map((v) => v.profit),
          0.28,
        ),
      },
    },
  };
  return {
    id: 'chart-profit-by-sub-category',
    title: 'Profit by sub-category',
    description:
      'Horizontal bar chart of profit by product sub-category, most profitable first, coloured by category; ' +
      `${values.filter((v) => v.sign === 'loss').length} sub-categories lose money. The table lists every figure.`,
    spec: {
      config,
      width: 300,
      height: { step: 20 },
      data: { values },
      layer: [
        {
          mark: { type: 'bar', height: { band: 0.75 } },
          encoding: {
            ...position,
            color: { field: 'category', type: 'nominal', title: 'Category', scale: colors, sort: colors.domain },
          },
        },
        { data: { values: [{}] }, mark: { type: 'rule', color: MUTED }, encoding: { x: { datum: 0 } } },
        ...endLabels(true, position),
      ],
    },
  };
}

/**
 * The report's four charts as Vega-Lite specs, sized to be read on a 420 px phone at full size (every text
 * ≥ 11 px) and scaled up on wider screens. Value axes fit the data (chart-scale.ts); every bar carries its exact
 * `$` figure from money.ts as a label. Bar lengths use floats; printed figures never do.
 */
import type { Config, TopLevelSpec } from 'vega-lite';
import { fitAxis, type FittedAxis, type LabelPlace } from './chart-scale.js';
import { formatMoney, toCents } from './money.js';
import { FONT, INK, LOSS_COLOR, MUTED, PROFIT_COLOR, UNKNOWN_CATEGORY, categoryColors } from './palette.js';
import type {
  CustomerProfit,
  CustomerStatus,
  SubCategoryProfit,
  YearCategoryProfit,
  YearProfit,
} from './report-data.js';

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
/** Labels of a customer without a name, by why it has none. */
export const NAMELESS_CUSTOMER: Readonly<Record<Exclude<CustomerStatus, 'named'>, string>> = {
  unknown: '(not in customer list)',
  'no-name': '(no name in customer list)',
  'name-cleaned': '(name cleaned to empty)',
};
/** Opacity of a loss bar drawn in its category colour (with a loss-coloured outline). */
const LOSS_FILL_OPACITY = 0.35;
/** The font size of every text in the charts (axis titles one step up). */
const TEXT_PX = 11;

const config: Config = {
  font: FONT,
  background: 'white',
  padding: 6,
  axis: {
    labelColor: MUTED,
    titleColor: INK,
    labelFontSize: TEXT_PX,
    titleFontSize: 12,
    titleFontWeight: 600,
    gridColor: '#E5E7EB',
    domainColor: '#6B7280',
    tickColor: '#6B7280',
  },
  legend: {
    labelColor: INK,
    titleColor: INK,
    labelFontSize: TEXT_PX,
    titleFontSize: 12,
    orient: 'top',
    direction: 'horizontal',
    columns: 2,
    columnPadding: 12,
  },
  title: { fontSize: 12, subtitleFontSize: TEXT_PX, color: INK, subtitleColor: MUTED, anchor: 'start', offset: 6 },
  // ASCII minus and `$` prefix, as in the tables: -$1,234; SI suffixes on axes: $20k
  locale: { number: { decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''], minus: '-' } },
  view: { stroke: null },
  text: { fontSize: TEXT_PX, color: INK },
};

const signScale = { domain: ['profit', 'loss'], range: [PROFIT_COLOR, LOSS_COLOR] };

/** Sign of decimal text, for colours and label placement. */
function sign(profit: string): 'profit' | 'loss' {
  return toCents(profit) < 0n ? 'loss' : 'profit';
}

/** A money value axis on the fitted domain: round ticks, `$20k` labels, the zero line drawn. */
function moneyScale(axis: FittedAxis, title: string | null) {
  return {
    axis: {
      format: '$~s',
      labelExpr: "datum.value === 0 ? '$0' : datum.label",
      values: axis.ticks,
      title,
      labelFlush: false,
    },
    scale: { domain: axis.domain, nice: false, zero: true },
  };
}

/** The rule at zero across a horizontal or vertical plot. */
function zeroRule(horizontal: boolean): Layer {
  return {
    data: { values: [{}] },
    mark: { type: 'rule', color: MUTED },
    encoding: horizontal ? { x: { datum: 0 } } : { y: { datum: 0 } },
  };
}

/**
 * Value labels: beyond each bar's end (`out`), inside it (`in`: white on a solid bar, ink on a pale loss bar), or
 * across the zero line (`base`). Loss labels outside a bar are in the loss colour. `dy` moves horizontal labels
 * down (a text mark in an offset band sits at the band's start, its bar below it).
 */
function valueLabels(
  horizontal: boolean,
  position: Position,
  values: readonly { readonly sign: 'profit' | 'loss'; readonly place: LabelPlace }[],
  paleLoss: boolean,
  dy = 0,
): Layer[] {
  const layers: Layer[] = [];
  for (const s of ['profit', 'loss'] as const) {
    for (const place of ['out', 'in', 'base'] as const satisfies readonly LabelPlace[]) {
      if (!values.some((v) => v.sign === s && v.place === place)) continue; // one layer per kind of label drawn
      // the label grows away from the bar's base for `out`, back into the bar for `in`, from zero for `base`
      const forward = place === 'in' ? s !== 'profit' : place === 'out' ? s === 'profit' : s !== 'profit';
      const color = place === 'in' ? (s === 'loss' && paleLoss ? INK : '#FFFFFF') : s === 'loss' ? LOSS_COLOR : INK;
      const mark = horizontal
        ? ({ align: forward ? 'left' : 'right', baseline: 'middle', dx: forward ? 4 : -4, dy } as const)
        : ({ align: 'center', baseline: forward ? 'bottom' : 'top', dy: forward ? -4 : 4 } as const);
      const valueField = horizontal ? 'x' : 'y';
      const at: Position = place === 'base' ? { ...position, [valueField]: { datum: 0 } } : position;
      layers.push({
        transform: [{ filter: `datum.sign === '${s}' && datum.place === '${place}'` }],
        mark: { type: 'text', color, ...mark },
        encoding: { ...at, text: { field: 'label', type: 'nominal' } },
      });
    }
  }
  return layers;
}

/** The fill, its opacity and outline of bars coloured by category: a loss bar is pale with a loss-coloured outline. */
function categoryFill(colors: { domain: string[]; range: string[] }) {
  return {
    color: { field: 'category', type: 'nominal', title: null, scale: colors, sort: colors.domain },
    fillOpacity: { condition: { test: "datum.sign === 'loss'", value: LOSS_FILL_OPACITY }, value: 1 },
    stroke: { condition: { test: "datum.sign === 'loss'", value: LOSS_COLOR }, value: null },
    strokeWidth: { value: 1.5 },
  } as const;
}

/** The chart's title line explaining how loss bars are drawn, when the chart has any. */
function lossKey(anyLoss: boolean) {
  return anyLoss
    ? {
        text: 'Pale bars with a red-orange outline are losses.',
        fontSize: TEXT_PX,
        fontWeight: 'normal' as const,
        color: MUTED,
      }
    : undefined;
}

/**
 * Bar chart of profit by order year, each bar labelled with its exact total.
 * @example
 * yearChart([{ year: 2014, profit: '39185.75', lines: 1993 }]).description;
 * // 'Bar chart of profit by order year: 2014 $39,185.75.'
 */
export function yearChart(rows: readonly YearProfit[]): ChartSpec {
  const height = 220;
  const labels = rows.map((r) => formatMoney(r.profit));
  const axis = fitAxis(
    rows.map((r, i) => ({ value: Number(r.profit), label: labels[i]! })),
    height,
    false,
  );
  const values = rows.map((r, i) => ({
    year: r.year === null ? NO_YEAR : String(r.year),
    profit: Number(r.profit),
    label: labels[i]!,
    sign: sign(r.profit),
    place: axis.places[i]!,
  }));
  const position: Position = {
    x: { field: 'year', type: 'ordinal', title: 'Order year', axis: { labelAngle: 0 } },
    y: { field: 'profit', type: 'quantitative', ...moneyScale(axis, 'Profit (USD)') },
  };
  return {
    id: 'chart-profit-by-year',
    title: 'Profit by year',
    description: `Bar chart of profit by order year: ${values.map((v) => `${v.year} ${v.label}`).join('; ')}.`,
    spec: {
      config,
      width: 280,
      height,
      data: { values },
      layer: [
        {
          mark: { type: 'bar', width: { band: 0.7 } },
          encoding: { ...position, color: { field: 'sign', type: 'nominal', scale: signScale, legend: null } },
        },
        zeroRule(false),
        ...valueLabels(false, position, values, false),
      ],
    },
  };
}

/** Horizontal grouped bar chart of profit by year and category, one colour per category, every bar labelled. */
export function yearCategoryChart(rows: readonly YearCategoryProfit[]): ChartSpec {
  const colors = categoryColors(rows.map((r) => r.category));
  const width = 250;
  const step = 15;
  const band = 0.85;
  const labels = rows.map((r) => formatMoney(r.profit));
  const axis = fitAxis(
    rows.map((r, i) => ({ value: Number(r.profit), label: labels[i]! })),
    width,
    true,
  );
  const values = rows.map((r, i) => ({
    year: r.year === null ? NO_YEAR : String(r.year),
    category: r.category ?? UNKNOWN_CATEGORY,
    profit: Number(r.profit),
    label: labels[i]!,
    sign: sign(r.profit),
    place: axis.places[i]!,
  }));
  const position: Position = {
    y: { field: 'year', type: 'ordinal', title: null, axis: { labelFontWeight: 600, labelColor: INK } },
    yOffset: { field: 'category', type: 'nominal', sort: colors.domain },
    x: { field: 'profit', type: 'quantitative', ...moneyScale(axis, 'Profit (USD)') },
  };
  const anyLoss = values.some((v) => v.sign === 'loss');
  const key = lossKey(anyLoss);
  return {
    id: 'chart-profit-by-year-category',
    title: 'Profit by year and category',
    description:
      `Horizontal grouped bar chart of profit by order year, one bar per product category ` +
      `(${colors.domain.join(', ')}), each labelled with its profit` +
      `${anyLoss ? '; losses are pale bars with a red-orange outline' : ''}. The table lists every figure.`,
    spec: {
      config,
      ...(key ? { title: key } : {}),
      width,
      height: { step },
      data: { values },
      layer: [
        { mark: { type: 'bar', height: { band } }, encoding: { ...position, ...categoryFill(colors) } },
        zeroRule(true),
        // vega-lite puts a text mark 0.2 step into its offset band, the bar's middle is at half the bar's height
        ...valueLabels(true, position, values, true, (step * band) / 2 - step * 0.2),
      ],
    },
  };
}

/**
 * Customers' chart labels: the name, with the id added when the name alone is not unique among `shown`; a
 * customer without a name says why (not in the customer list, no name there, or its name cleaned to empty).
 * @example
 * customerLabels([{ customerId: 'A-1', customerName: 'Ann', profit: '1', status: 'named' }]); // ['Ann']
 */
export function customerLabels(shown: readonly CustomerProfit[]): string[] {
  const name = (c: CustomerProfit): string =>
    c.status === 'named' && c.customerName !== null ? c.customerName : NAMELESS_CUSTOMER[nameless(c.status)];
  const seen = new Map<string, number>();
  for (const c of shown) seen.set(name(c), (seen.get(name(c)) ?? 0) + 1);
  return shown.map((c) => (seen.get(name(c))! > 1 ? `${name(c)} (${c.customerId ?? 'no id'})` : name(c)));
}

/** The nameless status of a customer whose name is null (a `named` status with a null name reads as unknown). */
function nameless(status: CustomerStatus): Exclude<CustomerStatus, 'named'> {
  return status === 'named' ? 'unknown' : status;
}

/**
 * The best and worst customers of a list sorted most profitable first: up to `n` of each, never overlapping;
 * the worst least profitable first, as the report lists them in its chart and its table alike.
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

/**
 * Two panels of horizontal bars, each on an axis fitted to its own bars: the most profitable customers (most
 * profitable first) and the least profitable (least profitable first), in the order of the tables beside them,
 * each bar labelled.
 */
export function customerChart(sorted: readonly CustomerProfit[], n = 10): ChartSpec {
  const { best, worst } = bestAndWorst(sorted, n);
  const width = 190;
  const labels = customerLabels([...best, ...worst]);
  const panel = (rows: readonly CustomerProfit[], first: number, title: string, last: boolean) => {
    const shown = rows.map((c, i) => ({
      customer: labels[first + i]!,
      profit: Number(c.profit),
      label: formatMoney(c.profit),
      sign: sign(c.profit),
    }));
    const axis = fitAxis(
      shown.map((v) => ({ value: v.profit, label: v.label })),
      width,
      true,
    );
    const values = shown.map((v, i) => ({ ...v, place: axis.places[i]! }));
    const position: Position = {
      y: {
        field: 'customer',
        type: 'nominal',
        title: null,
        sort: values.map((v) => v.customer),
        axis: { labelLimit: 118 },
      },
      x: { field: 'profit', type: 'quantitative', ...moneyScale(axis, last ? 'Profit (USD)' : null) },
    };
    return {
      title: { text: title, fontSize: 12, fontWeight: 600 as const },
      width,
      height: { step: 20 },
      data: { values },
      layer: [
        {
          mark: { type: 'bar' as const, height: { band: 0.75 } },
          encoding: { ...position, color: { field: 'sign', type: 'nominal' as const, scale: signScale, legend: null } },
        },
        zeroRule(true),
        ...valueLabels(true, position, values, false),
      ],
    };
  };
  const panels = [panel(best, 0, `${best.length} most profitable`, worst.length === 0)];
  if (worst.length > 0)
    panels.push(panel(worst, best.length, `${worst.length} least profitable, least profitable first`, true));
  return {
    id: 'chart-top-customers',
    title: `Top customers: the ${best.length} most and ${worst.length} least profitable`,
    description:
      `Two horizontal bar charts, each on its own axis: the ${best.length} most profitable customers, most ` +
      `profitable first, and the ${worst.length} least profitable, least profitable first, each bar labelled ` +
      `with its profit; the tables list the figures in the same order.`,
    spec: { config, vconcat: panels, spacing: 14, resolve: { scale: { x: 'independent' } } },
  };
}

/** A sub-category's label; a missing one says why (unknown product, or none given). */
function subCategoryLabel(s: SubCategoryProfit): string {
  return s.subCategory ?? (s.category === null ? UNKNOWN_CATEGORY : `(no sub-category) ${s.category}`);
}

/** Horizontal bar chart of profit by sub-category, most profitable first, coloured by category, every bar labelled. */
export function subCategoryChart(rows: readonly SubCategoryProfit[]): ChartSpec {
  const colors = categoryColors(rows.map((r) => r.category));
  const width = 220;
  const labels = rows.map((r) => formatMoney(r.profit));
  const axis = fitAxis(
    rows.map((r, i) => ({ value: Number(r.profit), label: labels[i]! })),
    width,
    true,
  );
  const values = rows.map((r, i) => ({
    sub: subCategoryLabel(r),
    category: r.category ?? UNKNOWN_CATEGORY,
    profit: Number(r.profit),
    label: labels[i]!,
    sign: sign(r.profit),
    place: axis.places[i]!,
  }));
  const position: Position = {
    y: { field: 'sub', type: 'nominal', title: null, sort: values.map((v) => v.sub), axis: { labelLimit: 110 } },
    x: { field: 'profit', type: 'quantitative', ...moneyScale(axis, 'Profit (USD)') },
  };
  const losing = values.filter((v) => v.sign === 'loss').length;
  const key = lossKey(losing > 0);
  return {
    id: 'chart-profit-by-sub-category',
    title: 'Profit by sub-category',
    description:
      `Horizontal bar chart of profit by product sub-category, most profitable first, coloured by category, ` +
      `each bar labelled with its profit; ${losing} sub-categories lose money` +
      `${losing > 0 ? ' (pale bars with a red-orange outline)' : ''}. The table lists every figure.`,
    spec: {
      config,
      ...(key ? { title: key } : {}),
      width,
      height: { step: 20 },
      data: { values },
      layer: [
        { mark: { type: 'bar', height: { band: 0.75 } }, encoding: { ...position, ...categoryFill(colors) } },
        zeroRule(true),
        ...valueLabels(true, position, values, true),
      ],
    },
  };
}

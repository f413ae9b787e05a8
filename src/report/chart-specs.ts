/**
 * The report's four charts as bar figures (bar-figure.ts, drawn by bar-svg.ts), sized to be read on a 420 px phone
 * at full size (every text ≥ 11 px) and scaled up on wider screens. Value axes fit the data (chart-scale.ts); every
 * bar carries its exact `$` figure from money.ts as a label. Bar lengths use floats; printed figures never do.
 */
import type { Bar, BarFigure } from './bar-figure.js';
import { fitAxis } from './chart-scale.js';
import { formatMoney, toCents } from './money.js';
import { LOSS_COLOR, PROFIT_COLOR, UNKNOWN_CATEGORY, categoryColors } from './palette.js';
import type {
  CustomerProfit,
  CustomerStatus,
  SubCategoryProfit,
  YearCategoryProfit,
  YearProfit,
} from './report-data.js';

/** One chart: what it draws, and the title and description its SVG carries for readers of every kind. */
export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly figure: BarFigure;
}

/** Label of a null year. */
const NO_YEAR = '(no year)';
/** Labels of a customer without a name, by why it has none. */
export const NAMELESS_CUSTOMER: Readonly<Record<Exclude<CustomerStatus, 'named'>, string>> = {
  unknown: '(not in customer list)',
  'no-name': '(no name in customer list)',
  'name-cleaned': '(name cleaned to empty)',
};
/** The note of a chart with pale loss bars. */
const LOSS_NOTE = 'Pale bars with a red-orange outline are losses.';

/** Whether decimal text is below zero (a loss: its colour and label placement). */
function isLoss(profit: string): boolean {
  return toCents(profit) < 0n;
}

/** A bar coloured by sign: blue for a profit, the loss colour for a loss. */
function signBar(band: string, profit: string, label: string, place: Bar['place'], hint: string): Bar {
  const loss = isLoss(profit);
  const fill = loss ? LOSS_COLOR : PROFIT_COLOR;
  return { band, slot: null, value: Number(profit), label, place, loss, fill, pale: false, hint };
}

/** A bar in its category's colour (`colors`, from categoryColors): a loss pale, outlined in the loss colour. */
function categoryBar(
  band: string,
  slot: string | null,
  category: string,
  profit: string,
  label: string,
  place: Bar['place'],
  colors: { domain: string[]; range: string[] },
  hint: string,
): Bar {
  const loss = isLoss(profit);
  const fill = colors.range[colors.domain.indexOf(category)]!;
  return { band, slot, value: Number(profit), label, place, loss, fill, pale: loss, hint };
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
  const years = rows.map((r) => (r.year === null ? NO_YEAR : String(r.year)));
  const bars = rows.map((r, i) =>
    signBar(years[i]!, r.profit, labels[i]!, axis.places[i]!, `${years[i]!}: ${labels[i]!}`),
  );
  return {
    id: 'chart-profit-by-year',
    title: 'Profit by year',
    description: `Bar chart of profit by order year: ${years.map((y, i) => `${y} ${labels[i]!}`).join('; ')}.`,
    figure: {
      horizontal: false,
      panels: [
        {
          bands: years,
          slots: [],
          bars,
          axis,
          length: height,
          step: 280 / Math.max(1, years.length),
          thickness: 0.7,
          valueTitle: 'Profit (USD)',
          bandTitle: 'Order year',
        },
      ],
    },
  };
}

/** Horizontal grouped bar chart of profit by year and category, one colour per category, every bar labelled. */
export function yearCategoryChart(rows: readonly YearCategoryProfit[]): ChartSpec {
  const colors = categoryColors(rows.map((r) => r.category));
  const width = 250;
  const labels = rows.map((r) => formatMoney(r.profit));
  const axis = fitAxis(
    rows.map((r, i) => ({ value: Number(r.profit), label: labels[i]! })),
    width,
    true,
  );
  const bars = rows.map((r, i): Bar => {
    const year = r.year === null ? NO_YEAR : String(r.year);
    const category = r.category ?? UNKNOWN_CATEGORY;
    const hint = `${year} · ${category}: ${labels[i]!}`;
    return categoryBar(year, category, category, r.profit, labels[i]!, axis.places[i]!, colors, hint);
  });
  const anyLoss = bars.some((v) => v.loss);
  return {
    id: 'chart-profit-by-year-category',
    title: 'Profit by year and category',
    description:
      `Horizontal grouped bar chart of profit by order year, one bar per product category ` +
      `(${colors.domain.join(', ')}), each labelled with its profit` +
      `${anyLoss ? '; losses are pale bars with a red-orange outline' : ''}. The table lists every figure.`,
    figure: {
      horizontal: true,
      ...(anyLoss ? { note: LOSS_NOTE } : {}),
      legend: colors,
      panels: [
        {
          bands: [...new Set(bars.map((v) => v.band))],
          slots: colors.domain,
          bars,
          axis,
          length: width,
          step: 15,
          thickness: 0.85,
          valueTitle: 'Profit (USD)',
          bandTitle: null,
          bandLabelStrong: true,
        },
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
    const names = rows.map((_, i) => labels[first + i]!);
    const figures = rows.map((c) => formatMoney(c.profit));
    const axis = fitAxis(
      rows.map((c, i) => ({ value: Number(c.profit), label: figures[i]! })),
      width,
      true,
    );
    const bars = rows.map((c, i) =>
      signBar(names[i]!, c.profit, figures[i]!, axis.places[i]!, `${names[i]!}: ${figures[i]!}`),
    );
    return {
      title,
      bands: names,
      slots: [],
      bars,
      axis,
      length: width,
      step: 20,
      thickness: 0.75,
      valueTitle: last ? 'Profit (USD)' : null,
      bandTitle: null,
      bandLabelLimit: 118,
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
    figure: { horizontal: true, panels },
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
  const subs = rows.map(subCategoryLabel);
  const bars = rows.map((r, i): Bar => {
    const category = r.category ?? UNKNOWN_CATEGORY;
    // one band per row: a sub-category name two categories share says its category
    const sub = subs.indexOf(subs[i]!) === subs.lastIndexOf(subs[i]!) ? subs[i]! : `${subs[i]!} (${category})`;
    const hint = `${sub} (${category}): ${labels[i]!}`;
    return categoryBar(sub, null, category, r.profit, labels[i]!, axis.places[i]!, colors, hint);
  });
  const losing = bars.filter((v) => v.loss).length;
  return {
    id: 'chart-profit-by-sub-category',
    title: 'Profit by sub-category',
    description:
      `Horizontal bar chart of profit by product sub-category, most profitable first, coloured by category, ` +
      `each bar labelled with its profit; ${losing} sub-categories lose money` +
      `${losing > 0 ? ' (pale bars with a red-orange outline)' : ''}. The table lists every figure.`,
    figure: {
      horizontal: true,
      ...(losing > 0 ? { note: LOSS_NOTE } : {}),
      legend: colors,
      panels: [
        {
          bands: bars.map((v) => v.band),
          slots: [],
          bars,
          axis,
          length: width,
          step: 20,
          thickness: 0.75,
          valueTitle: 'Profit (USD)',
          bandTitle: null,
          bandLabelLimit: 110,
        },
      ],
    },
  };
}

/**
 * Value axes that fit the data: the extent of the bars and 0, widened to round ticks, and a place for every
 * bar's value label — outside the bar's end when there is room before the plot's edge, else inside its end, else
 * on the other side of the zero line (where a bar of the other sign would be). The axis is widened by a tick only
 * when a label fits none of these.
 */

/** Where a bar's value label goes: beyond the bar's end, inside its end, or across the zero line from the bar. */
export type LabelPlace = 'out' | 'in' | 'base';

/** One bar to place: its value and its label's text. */
export interface BarValue {
  readonly value: number;
  readonly label: string;
}

/** A fitted value axis. */
export interface FittedAxis {
  readonly domain: [number, number];
  /** The tick values, from the low end to the high end. */
  readonly ticks: number[];
  /** Label place of each bar, in the order given. */
  readonly places: LabelPlace[];
}

/** Space between a bar's end and its label, and between a label and the plot's edge, in pixels. */
const GAP = 4;
/** Height of an 11 px label, for vertical bars. */
const LABEL_HEIGHT = 14;

/** Glyph widths in em of a system sans-serif (DejaVu Sans, the widest of the usual ones), by kind of character. */
const GLYPH_EM: readonly (readonly [RegExp, number])[] = [
  [/[il.,:;'|!]/, 0.3],
  [/[\s]/, 0.32],
  [/[fjrt()[\]-]/, 0.41],
  [/[mwMW@]/, 0.98],
  [/[0-9$]/, 0.64],
  [/[A-Z]/, 0.74],
];
/** The width of any other character (lower-case letters and the rest). */
const DEFAULT_EM = 0.62;

/**
 * The width in pixels of `text` at `fontSize` in a system sans-serif, estimated generously from the widths of
 * DejaVu Sans: the charts are laid out by it (bar-svg.ts), so nothing drawn is cut off or crowded.
 * @example
 * labelWidth('$13,400.32', 11); // 63.4
 */
export function labelWidth(text: string, fontSize = 11): number {
  let em = 0;
  for (const ch of text) em += GLYPH_EM.find(([re]) => re.test(ch))?.[1] ?? DEFAULT_EM;
  return Math.round(em * fontSize * 10) / 10;
}

/** Suffixes of thousands, millions, billions and trillions on axis labels. */
const SI: readonly (readonly [number, string])[] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * A money tick label: a whole `$` amount shortened by its thousands (`$20k`, `$1.5M`, `$2B`), small amounts as they
 * are (`$0.05`, `$250`). Ticks are round (niceStep), so six significant digits always show them whole.
 * @example
 * axisMoney(-20000); // '-$20k'
 * axisMoney(2500); // '$2.5k'
 */
export function axisMoney(value: number): string {
  const abs = Math.abs(value);
  const [size, suffix] = SI.find(([s]) => abs >= s) ?? [1, ''];
  const digits = String(Number((abs / size).toPrecision(6)));
  return `${value < 0 && digits !== '0' ? '-' : ''}$${digits}${suffix}`;
}

/**
 * A round tick step for `span` split into about `count` intervals: 1, 2, 2.5 or 5 times a power of ten.
 * @example
 * niceStep(74_000, 4); // 20000
 */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * power;
}

/**
 * Fits a value axis of `plotPx` pixels to `bars`: round ticks about every `tickPx` pixels, and each label's place.
 * `horizontal` bars need their label's width of room, vertical bars its height.
 * @example
 * fitAxis([{ value: 56567.43, label: '$56,567.43' }, { value: -17704.48, label: '-$17,704.48' }], 230, true);
 * // { domain: [-20000, 60000], ticks: [-20000, 0, 20000, 40000, 60000], places: ['in', 'base'] }
 */
export function fitAxis(bars: readonly BarValue[], plotPx: number, horizontal: boolean, tickPx = 40): FittedAxis {
  const values = bars.map((b) => b.value);
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (lo === hi) hi = 1;
  const step = niceStep(hi - lo, Math.max(2, Math.floor(plotPx / tickPx)));
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  // a label across the zero line reads less well than one at its bar: one more tick on that side, if it helps
  const first = placeLabels(bars, lo, hi, plotPx, horizontal);
  for (const side of ['lo', 'hi'] as const) {
    const positive = side === 'hi';
    const across = (p: Placement[]) => p.some((x, i) => x !== 'out' && x !== 'in' && bars[i]!.value >= 0 === positive);
    if (!across(first)) continue;
    const wider =
      side === 'lo'
        ? placeLabels(bars, lo - step, hi, plotPx, horizontal)
        : placeLabels(bars, lo, hi + step, plotPx, horizontal);
    if (!across(wider)) {
      if (side === 'lo') lo -= step;
      else hi += step;
    }
  }
  // a label that fits nowhere widens its side until it does
  for (let attempt = 0; attempt < 4; attempt++) {
    const places = placeLabels(bars, lo, hi, plotPx, horizontal);
    const lost = places.map((p, i) => (p === 'none' ? bars[i]!.value : null)).filter((v) => v !== null);
    if (lost.length === 0) break;
    if (lost.some((v) => v < 0)) lo -= step;
    if (lost.some((v) => v >= 0)) hi += step;
  }
  const places = placeLabels(bars, lo, hi, plotPx, horizontal).map((p): LabelPlace => (p === 'none' ? 'out' : p));
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step / 2; t += step) ticks.push(Math.round(t / step) * step);
  return { domain: [lo, hi], ticks, places };
}

/** A label's place, or `none` when it fits nowhere on the domain. */
type Placement = LabelPlace | 'none';

/** Where each bar's label fits on [lo, hi] drawn `plotPx` long: beyond its end, inside it, or across zero. */
function placeLabels(
  bars: readonly BarValue[],
  lo: number,
  hi: number,
  plotPx: number,
  horizontal: boolean,
): Placement[] {
  const px = (v: number): number => ((v - lo) / (hi - lo)) * plotPx;
  return bars.map((b): Placement => {
    const need = (horizontal ? labelWidth(b.label) : LABEL_HEIGHT) + GAP * 2;
    const room = b.value >= 0 ? plotPx - px(b.value) : px(b.value);
    const length = Math.abs(px(b.value) - px(0));
    const across = b.value >= 0 ? px(0) : plotPx - px(0);
    if (room >= need) return 'out';
    if (length >= need) return 'in';
    if (across >= need) return 'base';
    return 'none';
  });
}

/**
 * What a report chart draws, as data: one or more panels of bars on a value axis, an optional note and colour
 * legend above them. chart-specs.ts builds these from the report's numbers; bar-svg.ts draws them as SVG.
 */
import type { FittedAxis, LabelPlace } from './chart-scale.js';

/** One bar: where it sits, how long it is, its colour and its value label. */
export interface Bar {
  /** The band it sits in (a year, a customer, a sub-category), one of its panel's `bands`. */
  readonly band: string;
  /** Its slot inside the band, one of its panel's `slots` (grouped bars); null: the band's only bar. */
  readonly slot: string | null;
  readonly value: number;
  /** The exact figure printed at the bar, `$1,234.56`. */
  readonly label: string;
  readonly place: LabelPlace;
  readonly loss: boolean;
  readonly fill: string;
  /** Drawn pale with an outline in the loss colour (a loss in its category's colour). */
  readonly pale: boolean;
  /** What the bar stands for, in words, shown when it is hovered: `2014 · Furniture: -$5,331.04`. */
  readonly hint: string;
}

/** A plot of bars on one value axis. */
export interface BarPanel {
  /** Bold title above the plot (a panel of several). */
  readonly title?: string;
  /** Bands in drawing order: left to right (vertical bars), top to bottom (horizontal). */
  readonly bands: readonly string[];
  /** Slots inside every band, in order (grouped bars); empty: one bar per band. */
  readonly slots: readonly string[];
  readonly bars: readonly Bar[];
  readonly axis: FittedAxis;
  /** Length of the value axis in pixels. */
  readonly length: number;
  /** Pixels per bar slot across the bars. */
  readonly step: number;
  /** A bar's thickness as a share of its slot. */
  readonly thickness: number;
  readonly valueTitle: string | null;
  readonly bandTitle: string | null;
  /** Band labels longer than this many pixels are cut with an ellipsis (the hint keeps the whole name). */
  readonly bandLabelLimit?: number;
  /** Band labels bold and in ink (the year groups), instead of muted. */
  readonly bandLabelStrong?: boolean;
}

/** A whole chart: bars vertical (value axis up) or horizontal, its panels stacked top to bottom. */
export interface BarFigure {
  readonly horizontal: boolean;
  /** A muted line above everything (how losses are drawn). */
  readonly note?: string;
  /** Colour key of the categories, in order. */
  readonly legend?: { readonly domain: readonly string[]; readonly range: readonly string[] };
  readonly panels: readonly BarPanel[];
}

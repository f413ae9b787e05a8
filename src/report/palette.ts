/**
 * The report's colours, chosen once so every chart and table agrees: blue for profit, vermillion for loss, and
 * for categories distinct hues that stay far from the loss colour (no orange, red or rose: a category bar must
 * never read as a loss), each at least 4.5:1 against white; grey for "unknown".
 */

/** Bar colour of a profit (≥ 0). */
export const PROFIT_COLOR = '#0072B2';
/** Bar colour of a loss (< 0), and the outline that marks a loss bar drawn in its category colour. */
export const LOSS_COLOR = '#C2410C';
/** Colour of the group whose product or customer is unknown. */
export const UNKNOWN_COLOR = '#6B7280';
/** Text colour of the page and charts. */
export const INK = '#1F2937';
/** Muted text (axes, notes). */
export const MUTED = '#4B5563';
/** The report's font stack: system fonts only, nothing fetched. */
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Category hues in order: blue, green, purple, teal, violet, olive, navy, magenta. None is near orange/red. */
export const CATEGORY_COLORS: readonly string[] = [
  '#0072B2',
  '#047857',
  '#7E22CE',
  '#0E7490',
  '#4338CA',
  '#4D7C0F',
  '#1E3A8A',
  '#A21CAF',
];

/** Label shown for a null category. */
export const UNKNOWN_CATEGORY = '(unknown product)';

/**
 * Colours for categories in sorted order (the unknown group last, in grey), the same in every chart.
 * @example
 * categoryColors(['Technology', null, 'Furniture']);
 * // { domain: ['Furniture', 'Technology', '(unknown product)'], range: ['#0072B2', '#047857', '#6B7280'] }
 */
export function categoryColors(categories: Iterable<string | null>): { domain: string[]; range: string[] } {
  const all = [...categories];
  const named = [...new Set(all.filter((c): c is string => c !== null))].sort();
  const hasUnknown = all.includes(null);
  const domain = [...named, ...(hasUnknown ? [UNKNOWN_CATEGORY] : [])];
  const range = [
    ...named.map((_, i) => CATEGORY_COLORS[i % CATEGORY_COLORS.length]!),
    ...(hasUnknown ? [UNKNOWN_COLOR] : []),
  ];
  return { domain, range };
}

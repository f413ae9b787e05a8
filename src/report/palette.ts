/**
 * The report's colours, chosen once so every chart and table agrees: distinct hues, each dark enough for
 * 4.5:1 against white, for categories, blue for profit and vermillion for loss, grey for "unknown".
 */

/** Bar colour of a profit (≥ 0) and of a loss (< 0). */
export const PROFIT_COLOR = '#0072B2';
/** Bar colour of a loss. */
export const LOSS_COLOR = '#C2410C';
/** Colour of the group whose product or customer is unknown. */
export const UNKNOWN_COLOR = '#6B7280';
/** Text colour of the page and charts. */
export const INK = '#1F2937';
/** Muted text (axes, notes). */
export const MUTED = '#4B5563';
/** The report's font stack: system fonts only, nothing fetched. */
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

const CATEGORY_COLORS = ['#0072B2', '#B45309', '#047857', '#A21CAF', '#0E7490', '#4D7C0F', '#9F1239', '#5B21B6'];

/** Label shown for a null category. */
export const UNKNOWN_CATEGORY = '(unknown product)';

/**
 * Colours for categories in sorted order (the unknown group last, in grey), the same in every chart.
 * @example
 * categoryColors(['Technology', null, 'Furniture']);
 * // { domain: ['Furniture', 'Technology', '(unknown product)'], range: ['#0072B2', '#E69F00', '#6B7280'] }
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

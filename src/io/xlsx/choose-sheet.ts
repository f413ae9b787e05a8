/**
 * Which worksheet holds the customers (docs/decisions.md, "Which sheet is read"): the one worksheet whose name
 * starts with "customer" (any case); if several do, the one visible among them; if none does, the first visible
 * worksheet in tab order. A hidden or very hidden sheet is never chosen by position.
 */
import type { SheetTab } from './workbook-parts.js';

/** The choice: a worksheet, or why there is none (`empty`: no usable worksheet, `ambiguous`: several). */
export type SheetChoice<T extends SheetTab> =
  { readonly sheet: T } | { readonly problem: 'empty' | 'ambiguous'; readonly message: string };

/**
 * Picks the customers worksheet from `worksheets` (tab order; chart and dialog sheets already left out).
 * @example
 * chooseSheet([{ name: 'Notes', state: 'hidden', relId: 'r1' }, { name: 'Sheet2', state: 'visible', relId: 'r2' }])
 * // → { sheet: { name: 'Sheet2', … } }
 */
export function chooseSheet<T extends SheetTab>(worksheets: readonly T[]): SheetChoice<T> {
  if (worksheets.length === 0) return { problem: 'empty', message: 'the workbook has no worksheet' };
  const named = worksheets.filter((s) => s.name.toLowerCase().startsWith('customer'));
  const namedVisible = named.filter((s) => s.state === 'visible');
  if (named.length === 1) return { sheet: named[0]! };
  if (namedVisible.length === 1) return { sheet: namedVisible[0]! };
  if (named.length > 1) {
    const names = (namedVisible.length > 1 ? namedVisible : named).map((s) => `"${s.name}"`).join(', ');
    return {
      problem: 'ambiguous',
      message: `has several worksheets named like customer* (${names}); keep one, or rename the others`,
    };
  }
  const visible = worksheets.find((s) => s.state === 'visible');
  if (visible !== undefined) return { sheet: visible };
  const hidden = worksheets.map((s) => `"${s.name}"`).join(', ');
  return { problem: 'empty', message: `the workbook has no visible worksheet (hidden: ${hidden})` };
}

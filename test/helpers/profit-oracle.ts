/**
 * An oracle for profit totals that shares no code with the pipeline: it reads each order line's Profit and
 * Order Date lexemes straight from the Orders.json text, rounds with decimal.js (half away from zero, from the
 * decimal text) and sums by year. Which lines count is the pipeline's to say (its rejects); what they add up to
 * is the oracle's.
 */
import { Decimal } from 'decimal.js';

/** One order line's source texts: its 1-based element number (`source_row`), profit and order date. */
export interface LineTexts {
  readonly sourceRow: number;
  readonly profit: string;
  readonly orderDate: string;
}

/** The JSON text of field `key` in one flat object's text: a string's content, or a number's lexeme. */
function fieldText(object: string, key: string): string {
  const m = new RegExp(`"${key}":\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^,}\\s]+))`).exec(object);
  if (m === null) throw new Error(`no "${key}" in ${object}`);
  return m[1] ?? m[2]!;
}

/**
 * The profit and order date of every line of a JSON array of flat objects (the export's and the generator's
 * shape: no nested braces), in file order.
 * @example
 * orderLineTexts('[{"Order Date": "21/8/2016", "Profit": 63.69}]'); // [{ sourceRow: 1, profit: '63.69', … }]
 */
export function orderLineTexts(json: string): LineTexts[] {
  return Array.from(json.matchAll(/\{[^{}]*\}/g), (m, i) => ({
    sourceRow: i + 1,
    profit: fieldText(m[0], 'Profit').trim(),
    orderDate: fieldText(m[0], 'Order Date').trim(),
  }));
}

/** Profit by order year over the lines not in `rejected` (source rows), each rounded to cents: year → '123.45'. */
export function profitByYear(lines: readonly LineTexts[], rejected: ReadonlySet<number>): Map<number, string> {
  const sums = new Map<number, Decimal>();
  for (const line of lines) {
    if (rejected.has(line.sourceRow)) continue;
    const year = Number(line.orderDate.split('/')[2]);
    const cents = new Decimal(line.profit).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    sums.set(year, (sums.get(year) ?? new Decimal(0)).plus(cents));
  }
  return new Map([...sums].sort(([a], [b]) => a - b).map(([year, sum]) => [year, sum.toFixed(2)]));
}

/** The sum of `profitByYear`'s values, as '123.45'. */
export function totalProfit(byYear: ReadonlyMap<number, string>): string {
  return [...byYear.values()].reduce((sum, p) => sum.plus(p), new Decimal(0)).toFixed(2);
}

/**
 * The value parsers over every order line of a real-shaped export: generated sources (fixtures/generate.ts),
 * and the shared sample when it is beside the project. Every value parses but the ones the source made bad on
 * purpose, and the rounded profit total equals decimal.js.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { generateSources } from '../../../fixtures/generate.js';
import { parseDayMonthYear, parseDecimal, parseInteger, yearOfDay } from '../../../src/transforms/values/index.js';
import { describeWithSample } from '../../helpers/sample.js';
import { sampleDir, tempDir } from '../../helpers/tmp.js';

/** Every source text of one field in Orders.json, exactly as written (numbers unquoted, strings unquoted). */
function fieldTexts(json: string, field: string): string[] {
  const pattern = new RegExp(`"${field}":\\s*("([^"]*)"|[^,}\\s]+)`, 'g');
  return Array.from(json.matchAll(pattern), (m) => m[2] ?? m[1]!);
}

/** An Orders.json text and how many of its values the source made unreadable on purpose. */
interface Orders {
  readonly json: string;
  readonly lines: number;
  readonly badProfits: number;
  readonly badPrices: number;
  readonly badQuantities: number;
  readonly badDates: number;
}

function parserChecks(load: () => Promise<Orders> | Orders): void {
  let o: Orders;
  beforeAll(async () => {
    o = await load();
  });

  it('parses every profit but the bad ones, and the rounded profit total equals decimal.js', () => {
    const profits = fieldTexts(o.json, 'Profit');
    expect(profits).toHaveLength(o.lines);
    let total = 0n;
    let reference = new Decimal(0);
    let unparsed = 0;
    for (const text of profits) {
      const cents = parseDecimal(text, 2);
      if (cents === null) {
        unparsed++;
        continue;
      }
      total += cents;
      reference = reference.plus(new Decimal(text).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
    }
    expect(unparsed).toBe(o.badProfits);
    expect(total).toBe(BigInt(reference.toFixed(2).replace('.', '')));
  });

  it('parses every price but the bad ones, and every discount', () => {
    const prices = fieldTexts(o.json, 'Price');
    expect(prices).toHaveLength(o.lines);
    expect(prices.filter((text) => parseDecimal(text, 4) === null)).toHaveLength(o.badPrices);
    for (const text of fieldTexts(o.json, 'Discount')) expect(parseDecimal(text, 4), text).not.toBeNull();
  });

  it('parses every quantity and every order and ship date but the bad ones, years 2014–2017', () => {
    const quantities = fieldTexts(o.json, 'Quantity').map(parseInteger);
    expect(quantities.filter((q) => q === null)).toHaveLength(o.badQuantities);
    for (const q of quantities) if (q !== null) expect(q).toBeGreaterThan(0);
    const orderDays = fieldTexts(o.json, 'Order Date').map(parseDayMonthYear);
    const shipDays = fieldTexts(o.json, 'Ship Date').map(parseDayMonthYear);
    expect(orderDays).toHaveLength(o.lines);
    expect(orderDays.filter((d) => d === null)).toHaveLength(o.badDates);
    expect(shipDays.every((d, i) => d !== null && d >= (orderDays[i] ?? d))).toBe(true);
    expect(new Set(orderDays.filter((d) => d !== null).map(yearOfDay))).toEqual(new Set([2014, 2015, 2016, 2017]));
  });
}

describe('value parsers on generated orders (20,000 lines)', () => {
  parserChecks(async () => {
    const dir = tempDir('ecomflow-values-');
    const made = await generateSources({ lines: 20_000, out: dir, seed: 9 });
    const d = made.orders.dirt;
    return {
      json: readFileSync(made.orders.path, 'utf8'),
      lines: made.orders.rows,
      badProfits: d.badProfit,
      badPrices: d.percentPrice,
      badQuantities: d.badQuantity,
      badDates: d.impossibleDate,
    };
  });
});

describeWithSample('value parsers on the PEI sample orders', () => {
  parserChecks(() => ({
    json: readFileSync(join(sampleDir, 'Orders.json'), 'utf8'),
    lines: 9994,
    badProfits: 0,
    badPrices: 0,
    badQuantities: 0,
    badDates: 0,
  }));
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { parseDayMonthYear, parseDecimal, parseInteger, yearOfDay } from '../../../src/transforms/values/index.js';

const dir = '/work/shared/data/pei-sample';

/** Every source text of one field in Orders.json, exactly as written (numbers unquoted, strings unquoted). */
function fieldTexts(json: string, field: string): string[] {
  const pattern = new RegExp(`"${field}":\\s*("([^"]*)"|[^,}\\s]+)`, 'g');
  return Array.from(json.matchAll(pattern), (m) => m[2] ?? m[1]!);
}

describe.skipIf(!existsSync(dir))('value parsers on the PEI sample orders', () => {
  const json = existsSync(dir) ? readFileSync(join(dir, 'Orders.json'), 'utf8') : '';

  it('parses every profit, price and discount, and the rounded profit total equals decimal.js', () => {
    const profits = fieldTexts(json, 'Profit');
    expect(profits).toHaveLength(9994);
    let total = 0n;
    let reference = new Decimal(0);
    for (const text of profits) {
      total += parseDecimal(text, 2)!;
      reference = reference.plus(new Decimal(text).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
    }
    expect(total).toBe(BigInt(reference.toFixed(2).replace('.', '')));
    for (const text of [...fieldTexts(json, 'Price'), ...fieldTexts(json, 'Discount')]) {
      expect(parseDecimal(text, 4), text).not.toBeNull();
    }
  });

  it('parses every quantity and every order and ship date, years 2014–2017', () => {
    for (const text of fieldTexts(json, 'Quantity')) expect(parseInteger(text), text).toBeGreaterThan(0);
    const orderDays = fieldTexts(json, 'Order Date').map(parseDayMonthYear);
    const shipDays = fieldTexts(json, 'Ship Date').map(parseDayMonthYear);
    expect(orderDays).toHaveLength(9994);
    expect(orderDays.every((d) => d !== null)).toBe(true);
    expect(shipDays.every((d, i) => d !== null && d >= orderDays[i]!)).toBe(true);
    expect(new Set(orderDays.map((d) => yearOfDay(d!)))).toEqual(new Set([2014, 2015, 2016, 2017]));
  });
});

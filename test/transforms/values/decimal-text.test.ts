import { describe, expect, it } from 'vitest';
import { parseDecimal, parseDecimalLenient } from '../../../src/transforms/values/index.js';

describe('parseDecimal', () => {
  it('accepts signs, fractions, bare points and exponents', () => {
    expect(parseDecimal('12', 2)).toBe(1200n);
    expect(parseDecimal('12.', 2)).toBe(1200n);
    expect(parseDecimal('.5', 2)).toBe(50n);
    expect(parseDecimal('-.5', 0)).toBe(-1n);
    expect(parseDecimal('+3.10', 2)).toBe(310n);
    expect(parseDecimal('  63.69\t', 2)).toBe(6369n);
    expect(parseDecimal('1e3', 2)).toBe(100000n);
    expect(parseDecimal('2.5E-3', 4)).toBe(25n);
    expect(parseDecimal('2.5E-3', 2)).toBe(0n);
    expect(parseDecimal('-1.005e0', 2)).toBe(-101n);
    expect(parseDecimal('1.5e+1', 0)).toBe(15n);
    expect(parseDecimal('0', 2)).toBe(0n);
    expect(parseDecimal('-0', 2)).toBe(0n);
  });

  it('rounds half away from zero from the exact text', () => {
    expect(parseDecimal('2.345', 2)).toBe(235n);
    expect(parseDecimal('-2.345', 2)).toBe(-235n);
    expect(parseDecimal('1.005', 2)).toBe(101n); // 1.005 as a float is 1.00499999999999989...
    expect(parseDecimal('0.125', 2)).toBe(13n);
    expect(parseDecimal('-0.005', 2)).toBe(-1n);
    expect(parseDecimal('-0.004', 2)).toBe(0n);
    expect(parseDecimal('63.69', 2)).toBe(6369n);
    expect(parseDecimal('2.5', 0)).toBe(3n);
    expect(parseDecimal('-2.5', 0)).toBe(-3n);
    expect(parseDecimal('0.4999999999', 0)).toBe(0n);
    expect(parseDecimal('9.995', 2)).toBe(1000n);
  });

  it('returns null for text that is not a plain decimal number', () => {
    for (const t of [
      '',
      ' ',
      '-',
      '+',
      '.',
      '-.',
      'n/a',
      '1,234',
      '12%',
      'NaN',
      'Infinity',
      '-Infinity',
      '0x10',
      '1e',
      '1e+',
      'e5',
      '.e5',
      '1 2',
      '- 1',
      '1..2',
      '1.2.3',
      '$5',
      '١٢',
      '1_000',
    ]) {
      expect(parseDecimal(t, 2), JSON.stringify(t)).toBeNull();
    }
  });

  it('takes the slow bigint path for long texts and exponents, exactly', () => {
    expect(parseDecimal('123456789012345.675', 2)).toBe(12345678901234568n);
    expect(parseDecimal('-9999999999999999.994', 2)).toBe(-999999999999999999n);
    expect(parseDecimal('0.000000000000000000000000000005', 2)).toBe(0n);
    expect(parseDecimal('00000000000000000000012.345', 2)).toBe(1235n);
    expect(parseDecimal('1e-99999999999999999999', 2)).toBe(0n);
    expect(parseDecimal('0e99999999999', 2)).toBe(0n);
    expect(parseDecimal('12345e-2', 2)).toBe(12345n);
  });

  it('returns null when the scaled value exceeds DECIMAL(18, s)', () => {
    expect(parseDecimal('9999999999999999.99', 2)).toBe(999999999999999999n);
    expect(parseDecimal('9999999999999999.995', 2)).toBeNull();
    expect(parseDecimal('10000000000000000', 2)).toBeNull();
    expect(parseDecimal('-1e16', 2)).toBeNull();
    expect(parseDecimal('1e99999999999', 2)).toBeNull();
    expect(parseDecimal('999999999999999999', 0)).toBe(999999999999999999n);
  });

  it('rejects scales a DECIMAL(18, s) cannot have', () => {
    expect(() => parseDecimal('1', -1)).toThrow(RangeError);
    expect(() => parseDecimal('1', 19)).toThrow(RangeError);
    expect(() => parseDecimal('1', 1.5)).toThrow(RangeError);
  });
});

describe('parseDecimalLenient', () => {
  it('removes stray symbols, quotes and well-formed thousands commas, and says so', () => {
    expect(parseDecimalLenient('4797%', 2)).toEqual({ value: 479700n, cleaned: true });
    expect(parseDecimalLenient('1,234.50', 2)).toEqual({ value: 123450n, cleaned: true });
    expect(parseDecimalLenient('$1,234.50', 2)).toEqual({ value: 123450n, cleaned: true });
    expect(parseDecimalLenient('-$12.345', 2)).toEqual({ value: -1235n, cleaned: true });
    expect(parseDecimalLenient('$-12.345', 2)).toEqual({ value: -1235n, cleaned: true });
    expect(parseDecimalLenient('€ 5', 0)).toEqual({ value: 5n, cleaned: true });
    expect(parseDecimalLenient('£1,000,000', 0)).toEqual({ value: 1000000n, cleaned: true });
    expect(parseDecimalLenient('"17.5"', 1)).toEqual({ value: 175n, cleaned: true });
    expect(parseDecimalLenient(" '12 %' ", 0)).toEqual({ value: 12n, cleaned: true });
  });

  it('does not count whitespace alone as a fix', () => {
    expect(parseDecimalLenient('  12.5 ', 2)).toEqual({ value: 1250n, cleaned: false });
    expect(parseDecimalLenient('63.69', 2)).toEqual({ value: 6369n, cleaned: false });
  });

  it('returns null when nothing usable is left or commas are malformed', () => {
    for (const t of ['12..5', '%', 'abc', '', '$', '1,23', '12,34.5', ',123', '1,2345', '12$5', '5-', 'n/a']) {
      expect(parseDecimalLenient(t, 2), JSON.stringify(t)).toBeNull();
    }
  });
});

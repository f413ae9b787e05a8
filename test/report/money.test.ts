import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsText, formatMoney, sumMoney, toCents } from '../../src/report/money.js';
import { formatBytes, formatCount, formatMs, formatTime, escapeHtml } from '../../src/report/format.js';

describe('formatMoney', () => {
  it('formats the yearly totals to the cent with separators', () => {
    expect(['39185.75', '63073.09', '65073.23', '111084.96'].map(formatMoney)).toEqual([
      '$39,185.75',
      '$63,073.09',
      '$65,073.23',
      '$111,084.96',
    ]);
  });

  it('puts the minus before the dollar sign and pads to 2 places', () => {
    expect(formatMoney('-1234.5')).toBe('-$1,234.50');
    expect(formatMoney('-0.05')).toBe('-$0.05');
    expect(formatMoney('0')).toBe('$0.00');
    expect(formatMoney('-0.00')).toBe('$0.00');
    expect(formatMoney('1234567890123.45')).toBe('$1,234,567,890,123.45');
  });

  it('rounds half away from zero beyond 2 places, from the text', () => {
    expect(formatMoney('2.675')).toBe('$2.68'); // 2.675 as a float is 2.67499…
    expect(formatMoney('-2.675')).toBe('-$2.68');
    expect(formatMoney('1.004999')).toBe('$1.00');
  });

  it('refuses text that is not a decimal number', () => {
    expect(() => formatMoney('12,5')).toThrow(/not a decimal/);
    expect(() => formatMoney('')).toThrow(/not a decimal/);
  });
});

describe('sumMoney', () => {
  it('adds exactly where floats drift', () => {
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
    expect(sumMoney(Array.from({ length: 1000 }, () => '0.01'))).toBe('10.00');
  });

  it('equals the integer sum of cents for any amounts', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n })), (cents) => {
        const total = cents.reduce((a, b) => a + b, 0n);
        expect(toCents(sumMoney(cents.map(centsText)))).toBe(total);
      }),
    );
  });
});

describe('report formats', () => {
  it('formats counts, sizes, durations, times and escapes HTML', () => {
    expect(formatCount(9994)).toBe('9,994');
    expect(formatBytes(3045599)).toBe('2.9 MB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatMs(415.2)).toBe('415 ms');
    expect(formatMs(2250)).toBe('2.25 s');
    expect(formatTime('2024-05-01T14:03:07.123Z')).toBe('2024-05-01 14:03:07 UTC');
    expect(escapeHtml(`<a & "b">'`)).toBe('&lt;a &amp; &quot;b&quot;&gt;&#39;');
  });
});

describe('formatCount', () => {
  it('groups digits as en-US does, without loading ICU (its first call costs ~25 ms)', () => {
    const values = [0, 7, 12, 999, 1000, 9994, 12345, 100000, 999999, 1000000, 1234567890, 2 ** 53 - 1];
    const signed = [...values, ...values.slice(1).map((v) => -v)];
    for (const n of signed) expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    expect(formatCount(1499.5)).toBe('1,500');
    expect(formatCount(-0.2)).toBe('0');
  });
});

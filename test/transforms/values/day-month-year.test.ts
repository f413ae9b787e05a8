import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDay, parseDayMonthYear, yearOfDay } from '../../../src/transforms/values/index.js';

const DAY_MS = 86_400_000;

describe('parseDayMonthYear', () => {
  it('parses d/m/yyyy and ISO yyyy-mm-dd to days since 1970-01-01', () => {
    expect(parseDayMonthYear('21/8/2016')).toBe(17034);
    expect(parseDayMonthYear('21/08/2016')).toBe(17034);
    expect(parseDayMonthYear(' 21/8/2016 ')).toBe(17034);
    expect(parseDayMonthYear('2016-08-21')).toBe(17034);
    expect(parseDayMonthYear('1/1/1970')).toBe(0);
    expect(parseDayMonthYear('31/12/1969')).toBe(-1);
    expect(parseDayMonthYear('29/2/2016')).toBe(Date.UTC(2016, 1, 29) / DAY_MS);
    expect(parseDayMonthYear('29/2/2000')).toBe(Date.UTC(2000, 1, 29) / DAY_MS);
    expect(parseDayMonthYear('1/1/1000')).toBe(Date.UTC(1000, 0, 1) / DAY_MS);
    expect(parseDayMonthYear('31/12/9999')).toBe(Date.UTC(9999, 11, 31) / DAY_MS);
  });

  it('returns null for impossible or malformed dates', () => {
    for (const t of [
      '29/2/2015',
      '31/2/2016',
      '31/4/2017',
      '0/1/2016',
      '1/13/2016',
      '1/0/2016',
      '29/2/1900',
      '2016-13-45',
      '2016-02-30',
      '2016-8-21',
      '21/8/16',
      '21/8/20016',
      '123/1/2016',
      '1/123/2016',
      '1/1/999',
      '21-8-2016',
      '21/8/2016x',
      '',
      'n/a',
      '21 / 8 / 2016',
      '/8/2016',
      '+1/1/2016',
      '2016-08-21T00:00',
    ]) {
      expect(parseDayMonthYear(t), JSON.stringify(t)).toBeNull();
    }
  });

  it('agrees with Date.UTC for random valid dates, and formatDay inverts it', () => {
    const day = fc.integer({ min: Date.UTC(1000, 0, 1) / DAY_MS, max: Date.UTC(9999, 11, 31) / DAY_MS });
    fc.assert(
      fc.property(day, fc.boolean(), (n, pad) => {
        const d = new Date(n * DAY_MS);
        const [y, m, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        const p = (v: number): string => (pad ? String(v).padStart(2, '0') : String(v));
        const text = `${p(dd)}/${p(m)}/${y}`;
        const iso = d.toISOString().slice(0, 10);
        return (
          parseDayMonthYear(text) === Date.UTC(y, m - 1, dd) / DAY_MS &&
          formatDay(parseDayMonthYear(iso) ?? NaN) === iso &&
          yearOfDay(n) === y
        );
      }),
      { numRuns: 50_000 },
    );
  });

  it('rejects random impossible day/month combinations exactly when Date would roll over', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 1000, max: 9999 }),
        (d, m, y) => {
          const rolled = new Date(Date.UTC(y, m - 1, d));
          const valid = d >= 1 && m >= 1 && m <= 12 && rolled.getUTCDate() === d && rolled.getUTCMonth() === m - 1;
          return parseDayMonthYear(`${d}/${m}/${y}`) === (valid ? Date.UTC(y, m - 1, d) / DAY_MS : null);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

describe('yearOfDay', () => {
  it('gives the calendar year, also before 1970', () => {
    expect(yearOfDay(17034)).toBe(2016);
    expect(yearOfDay(0)).toBe(1970);
    expect(yearOfDay(-1)).toBe(1969);
    expect(yearOfDay(-365)).toBe(1969);
    expect(yearOfDay(-366)).toBe(1968);
    expect(yearOfDay(Date.UTC(1000, 0, 1) / DAY_MS)).toBe(1000);
    expect(yearOfDay(Date.UTC(1600, 1, 29) / DAY_MS)).toBe(1600);
  });

  it('rejects a day number that is not an integer', () => {
    expect(() => yearOfDay(1.5)).toThrow(RangeError);
    expect(() => yearOfDay(NaN)).toThrow(RangeError);
  });
});

describe('formatDay', () => {
  it('formats a day number as ISO yyyy-mm-dd', () => {
    expect(formatDay(17034)).toBe('2016-08-21');
    expect(formatDay(0)).toBe('1970-01-01');
    expect(formatDay(-1)).toBe('1969-12-31');
    expect(formatDay(Date.UTC(1000, 0, 1) / DAY_MS)).toBe('1000-01-01');
  });
});

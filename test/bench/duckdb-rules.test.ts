/**
 * The benchmark's fast DuckDB macros (bench/duckdb/rules.sql) against ecomflow's own value rules, on random texts
 * built from the characters that matter (digits, signs, points, exponents, whitespace of every kind, stray symbols):
 * the opponent must do the same work, so it must give the same answer for every text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDayMonthYear, formatDay } from '../../src/transforms/values/day-month-year.js';
import { parseDecimal, parseDecimalLenient } from '../../src/transforms/values/decimal-text.js';
import { parseInteger } from '../../src/transforms/values/integer-text.js';
import { trimText } from '../../src/transforms/rules/trim.js';
import { cleanName } from '../../src/transforms/rules/name.js';
import { validateEmail } from '../../src/transforms/rules/email.js';
import { normalisePhone } from '../../src/transforms/rules/phone.js';
import { normalisePostalCode } from '../../src/transforms/rules/postal-code.js';
import { generateCustomers } from '../../fixtures/generator/customers.js';
import { Prng } from '../../fixtures/generator/prng.js';
import { withDuck } from '../helpers/duckdb.js';

const root = join(import.meta.dirname, '..', '..');
const referenceSql = readFileSync(join(root, 'test', 'reference', 'rules.sql'), 'utf8');
const rulesSql = readFileSync(join(root, 'bench', 'duckdb', 'rules.sql'), 'utf8');

/** A scaled bigint as DuckDB prints a DECIMAL of that scale. */
function decimalText(v: bigint | null, scale: number): string | null {
  if (v === null) return null;
  const abs = (v < 0n ? -v : v).toString().padStart(scale + 1, '0');
  return `${v < 0n ? '-' : ''}${abs.slice(0, abs.length - scale)}.${abs.slice(abs.length - scale)}`;
}

const digits = '0123456789'.split('');
const pieces = [
  ...digits,
  '0',
  '1',
  '5',
  '9',
  '.',
  '.',
  '-',
  '+',
  'e',
  'E',
  ' ',
  '  ',
  '\t',
  '\n',
  '\u00a0',
  '\u2003',
  '\u3000',
  '\ufeff',
  '\u200b',
  '\u2060',
  '_',
  ',',
  ',',
  '%',
  '$',
  '€',
  '£',
  '"',
  "'",
  '\u2019',
  '\u201c',
  'x',
  'a',
  '/',
  '/',
  '//',
  '12',
  '2016',
  '0.5',
  '1,234',
  '12.345',
  '-$',
  '0x1',
  '1e3',
  '9999999999999999',
];
const texts = (seed: number, n: number): string[] =>
  fc.sample(
    fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((a) => a.join('')),
    { numRuns: n, seed },
  );

/** Runs `expr` (over column t) for every text in one query; returns the results in order. */
async function evaluate(values: readonly string[], exprs: Record<string, string>): Promise<Record<string, unknown>[]> {
  return withDuck(async (q) => {
    await q(referenceSql);
    await q(rulesSql);
    await q('CREATE TABLE texts (idx INTEGER, t VARCHAR)');
    for (let k = 0; k < values.length; k += 2000) {
      const rows = values
        .slice(k, k + 2000)
        .map((v, j) => `(${k + j}, '${v.replaceAll("'", "''")}')`)
        .join(',');
      await q(`INSERT INTO texts VALUES ${rows}`);
    }
    const cols = Object.entries(exprs)
      .map(([name, e]) => `CAST(${e} AS VARCHAR) AS ${name}`)
      .join(', ');
    return q(`SELECT ${cols} FROM texts ORDER BY idx`);
  });
}

describe('bench/duckdb/rules.sql', () => {
  it('reads integers, decimals and prices exactly as src/transforms/values does', async () => {
    const values = [
      ...texts(14, 6000),
      '7',
      ' +7 ',
      '7.',
      '7.000',
      '7.5',
      '1e3',
      '1_000',
      '0x10',
      '-0',
      '9007199254740991',
      '9007199254740992',
      '2.345',
      '-2.345',
      '1.005',
      '-0.005',
      '1.5e-1',
      '.5',
      '5.',
      '1e400',
      '1e-400',
      '9999999999999999.995',
      '4797%',
      '$1,234.50',
      '-$5',
      '"12.5"',
      '12..5',
      '1,23',
      '%%',
      '- $ 5',
      '1-2',
      '--1',
      '-',
      '.',
      '-.',
      '1.2.3',
      '1.-2',
      '..5',
      '5..',
      '00.5',
      '-00',
      '5-',
      '0.5-',
    ];
    const rows = await evaluate(values, {
      i: 'int_text(t)',
      d2: 'dec2(t)',
      d4: 'dec4(t)',
      p2: 'coalesce(dec2(t), dec2(price_stripped(t)))',
      cleaned: 'dec2(t) IS NULL AND dec2(price_stripped(t)) IS NOT NULL',
    });
    const mismatches: string[] = [];
    const seen = { i: 0, d2: 0, p2: 0, cleaned: 0 };
    values.forEach((t, k) => {
      const lenient = parseDecimalLenient(t, 2);
      const want = {
        i: parseInteger(t)?.toString() ?? null,
        d2: decimalText(parseDecimal(t, 2), 2),
        d4: decimalText(parseDecimal(t, 4), 4),
        p2: decimalText(lenient?.value ?? null, 2),
        cleaned: lenient === null ? 'false' : String(lenient.cleaned),
      };
      if (want.i !== null) seen.i++;
      if (want.d2 !== null) seen.d2++;
      if (want.p2 !== null) seen.p2++;
      if (want.cleaned === 'true') seen.cleaned++;
      for (const [name, v] of Object.entries(want)) {
        if (rows[k]![name] !== v)
          mismatches.push(`${JSON.stringify(t)} ${name}: duckdb ${String(rows[k]![name])}, ecomflow ${v}`);
      }
    });
    expect(mismatches.slice(0, 20)).toEqual([]);
    // the random texts reach every outcome, not only null
    expect(seen.i).toBeGreaterThan(200);
    expect(seen.d2).toBeGreaterThan(300);
    expect(seen.cleaned).toBeGreaterThan(100);
  });

  it('reads dates and trims text exactly as src/transforms does', async () => {
    const num = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map(String);
    const pad = (a: fc.Arbitrary<string>) => fc.tuple(a, fc.boolean()).map(([v, p]) => (p ? v.padStart(2, '0') : v));
    const space = fc.constantFrom('', '', '', ' ', '\u00a0', '\t', 'x');
    const year = fc.constantFrom('2016', '2015', '2000', '1900', '1000', '0999', '9999', '16', '20160');
    const dmy = fc
      .tuple(
        space,
        pad(num(0, 32)),
        fc.constantFrom('/', '/', '-', '//'),
        pad(num(0, 13)),
        fc.constantFrom('/', '-'),
        year,
        space,
      )
      .map((p) => p.join(''));
    const iso = fc
      .tuple(space, year, fc.constantFrom('-', '/'), pad(num(0, 13)), fc.constantFrom('-', '/'), pad(num(0, 32)), space)
      .map((p) => p.join(''));
    const values = [
      ...fc.sample(fc.oneof(dmy, iso), { numRuns: 6000, seed: 7 }),
      ...texts(21, 3000),
      '7/9/2014',
      '07/09/2014',
      ' 7/9/2014\u00a0',
      '7/9/14',
      '29/2/2016',
      '29/2/2015',
      '31/2/2016',
      '0/5/2016',
      '2016-02-29',
      '2016-13-45',
      '0999-01-01',
      '1/1/0999',
      '7/ 9/2014',
      ' 7 /9/2014',
      '7/9/ 2014',
      '+7/9/2014',
      '-7/9/2014',
      '7/9/+2014',
      '7/9/-2014',
      '7/9/2014\n',
      '7/9/2014 x',
      '007/9/2014',
      '7/009/2014',
      '7/9/20140',
      '7//9/2014',
      '7/9/2014/',
      '７/9/2014',
      '7/9/２０１４',
      '',
      ' ',
      '  CG-12520\u00a0',
      'Home \t  Office',
      'a\u200bb',
      '\u200bx',
    ];
    const rows = await evaluate(values, { d: 'date_text(t)', s: 'tidy(t)' });
    const mismatches: string[] = [];
    const seen = { d: 0, s: 0, changed: 0 };
    values.forEach((t, k) => {
      const day = parseDayMonthYear(t);
      const want = { d: day === null ? null : formatDay(day), s: trimText(t) };
      if (want.d !== null) seen.d++;
      if (want.s !== null) seen.s++;
      if (want.s !== null && want.s !== t) seen.changed++;
      for (const [name, v] of Object.entries(want)) {
        if (rows[k]![name] !== v)
          mismatches.push(`${JSON.stringify(t)} ${name}: duckdb ${String(rows[k]![name])}, ecomflow ${v}`);
      }
    });
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(seen.d).toBeGreaterThan(200);
    expect(seen.changed).toBeGreaterThan(1000);
  });

  it('cleans names, emails, phones and postal codes exactly as src/transforms/rules does', async () => {
    // the generator's customers (the benchmark's input) plus random texts of the characters that matter
    const rows = generateCustomers(4000, new Prng(5)).rows;
    const cellText = (v: unknown): string | null =>
      typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
    const junk = fc.sample(
      fc
        .array(
          fc.constantFrom(
            ...digits,
            'a',
            'Z',
            'ü',
            'x',
            'X',
            'ext',
            ' ',
            '-',
            '.',
            '(',
            ')',
            '+',
            '@',
            "'",
            '\u0308',
            '\u00a0',
            'gmail.com',
            'A.B',
            '_',
            '#',
          ),
          { maxLength: 12 },
        )
        .map((a) => a.join('')),
      { numRuns: 4000, seed: 3 },
    );
    const column = (k: number): string[] => [
      ...rows.map((r) => cellText(r[k])).filter((v): v is string => v !== null),
      ...junk,
    ];
    const checks: [string, string[], (t: string) => string | null][] = [
      ['name_fast', column(1), cleanName],
      ['email_fast', column(2), validateEmail],
      ['phone_fast', column(3), normalisePhone],
      ['postal_fast', column(9), normalisePostalCode],
    ];
    for (const [macro, values, rule] of checks) {
      const got = await evaluate(values, { v: `${macro}(t)` });
      const mismatches = values
        .map((t, k) => ({ t, duck: got[k]!['v'], want: rule(t) }))
        .filter((m) => m.duck !== m.want)
        .map((m) => `${macro} ${JSON.stringify(m.t)}: duckdb ${String(m.duck)}, ecomflow ${String(m.want)}`);
      expect(mismatches.slice(0, 10)).toEqual([]);
      expect(values.filter((t) => rule(t) !== t).length).toBeGreaterThan(50);
    }
  });
});

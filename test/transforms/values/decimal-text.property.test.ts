import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { parseDecimal, parseDecimalLenient } from '../../../src/transforms/values/index.js';
import { formatScaled } from '../../../src/table/columns.js';

const MAX = 999_999_999_999_999_999n;
const SCALES = [0, 2, 4] as const;

/** decimal.js reference: round half away from zero at `scale`, as a scaled bigint; null past DECIMAL(18, s). */
function reference(text: string, scale: number): bigint | null {
  const rounded = new Decimal(text.trim()).toDecimalPlaces(scale, Decimal.ROUND_HALF_UP);
  const scaled = BigInt(rounded.toFixed(scale).replace('.', ''));
  return scaled > MAX || scaled < -MAX ? null : scaled;
}

const digits = (maxLength: number, minLength = 0): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength, maxLength }).map((ds) => ds.join(''));
const sign = fc.constantFrom('', '-', '+');
const space = fc.constantFrom('', '', ' ', '\t', ' \n');
const exponent = fc.oneof(
  { arbitrary: fc.constant(''), weight: 3 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.integer({ min: 0, max: 12 }))
      .map(([e, s, n]) => `${e}${s}${n}`),
    weight: 1,
  },
);

/** Random decimal texts: signs, leading zeros, 0–9 fraction digits (or a bare point), exponents, padding. */
const decimalText = fc
  .tuple(
    space,
    sign,
    fc.constantFrom('', '', '0', '000'),
    digits(20),
    fc.constantFrom('', '.', '.'),
    digits(9),
    exponent,
    space,
  )
  .map(([l, s, z, i, p, f, e, r]) => `${l}${s}${z}${i}${p}${p === '' ? '' : f}${e}${r}`)
  .filter((t) => /^\s*[+-]?\.?\d/.test(t)); // a mantissa digit, so decimal.js accepts it too

/** Exact ties: `scale` random fraction digits, then a 5 followed only by zeros (sometimes moved by an exponent). */
const tieText = (scale: number): fc.Arbitrary<string> =>
  fc
    .tuple(sign, digits(13, 1), digits(scale, scale), fc.integer({ min: 0, max: 4 }), fc.boolean())
    .map(([s, i, f, zeros, shifted]) => {
      const plain = `${s}${i}.${f}5${'0'.repeat(zeros)}`;
      // 12.345 == 1.2345e1: same value, digits placed around an exponent instead.
      return shifted && i.length > 1 ? `${s}${i[0]}.${i.slice(1)}${f}5${'0'.repeat(zeros)}e${i.length - 1}` : plain;
    });

describe('parseDecimal against decimal.js', () => {
  it('uses a reference whose ROUND_HALF_UP rounds ties away from zero, negatives included', () => {
    const r = (t: string, mode: Decimal.Rounding): string => new Decimal(t).toDecimalPlaces(0, mode).toString();
    expect(r('2.5', Decimal.ROUND_HALF_UP)).toBe('3');
    expect(r('-2.5', Decimal.ROUND_HALF_UP)).toBe('-3'); // away from zero, not towards +Infinity
    expect(r('-2.5', Decimal.ROUND_HALF_CEIL)).toBe('-2'); // the mode that would go towards +Infinity
    expect(r('-2.4', Decimal.ROUND_HALF_UP)).toBe('-2');
  });

  it('equals decimal.js on 150,000 random decimal texts at scales 0, 2 and 4', () => {
    fc.assert(
      fc.property(decimalText, fc.constantFrom(...SCALES), (text, scale) => {
        expect(parseDecimal(text, scale), `${JSON.stringify(text)} @ ${scale}`).toBe(reference(text, scale));
      }),
      { numRuns: 150_000 },
    );
  });

  for (const scale of SCALES) {
    it(`equals decimal.js on 30,000 exact ties at the rounding digit, scale ${scale}`, () => {
      fc.assert(
        fc.property(tieText(scale), (text) => {
          const value = parseDecimal(text, scale);
          expect(value, JSON.stringify(text)).toBe(reference(text, scale));
          // A tie always moves the magnitude away from zero: its last kept digit is one past the truncation.
          const truncated = BigInt(
            new Decimal(text).toDecimalPlaces(scale, Decimal.ROUND_DOWN).toFixed(scale).replace('.', ''),
          );
          expect(value).toBe(truncated + (text.startsWith('-') ? -1n : 1n));
        }),
        { numRuns: 30_000 },
      );
    });
  }

  it('reads back every DECIMAL(18, s) value formatScaled writes, at every scale', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -MAX, max: MAX }), fc.integer({ min: 0, max: 18 }), (v, scale) => {
        expect(parseDecimal(formatScaled(v, scale), scale)).toBe(v);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('parseDecimalLenient properties', () => {
  it('leaves every clean decimal text as parseDecimal reads it, not cleaned', () => {
    fc.assert(
      fc.property(decimalText, fc.constantFrom(...SCALES), (text, scale) => {
        const plain = parseDecimal(text, scale);
        expect(parseDecimalLenient(text, scale)).toEqual(plain === null ? null : { value: plain, cleaned: false });
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads $-prefixed, comma-grouped and %-suffixed amounts as the plain number, cleaned', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        digits(4),
        fc.boolean(),
        (whole, fraction, dollar) => {
          const plain = `${whole}${fraction === '' ? '' : `.${fraction}`}`;
          const grouped = `${whole < 0n ? '-' : ''}${dollar ? '$' : ''}${(whole < 0n ? -whole : whole).toLocaleString(
            'en-US',
          )}${fraction === '' ? '' : `.${fraction}`}${dollar ? '' : '%'}`;
          expect(parseDecimalLenient(grouped, 2)).toEqual({ value: parseDecimal(plain, 2), cleaned: true });
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

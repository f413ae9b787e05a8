import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { digitBeyondAscii, plainDecimalAscii, plainIntegerAscii } from '../../../src/transforms/values/ascii-bytes.js';
import { parseDecimal, parseInteger } from '../../../src/transforms/values/index.js';
import { fractionBeyond } from '../../../src/transforms/steps/round-profit.js';

/** Code units number text is made of, and the ones that break it: spaces of every kind, signs, junk, non-ASCII. */
const UNITS = [
  ...Array.from({ length: 20 }, (_, k) => String(k % 10)),
  '.',
  '.',
  '-',
  '+',
  'e',
  'E',
  ' ',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\f',
  '\u00a0',
  '\u2003',
  '\ufeff',
  '\u200b',
  '%',
  '$',
  '€',
  ',',
  'é',
  '٣',
  '#',
  'x',
  '😀',
  '\ud800',
];
const SPECIALS = [
  '4797%',
  '#ERROR!',
  '$1,234.50',
  '12..5',
  'NaN',
  'Infinity',
  '0x10',
  '1e',
  '1e3',
  '2.5E-3',
  '.5',
  '5.',
  '.',
  '-',
  '+.',
  '-0',
  '-0.00',
  ' 12.5 ',
  '\u00a012.5',
  '12.5\u00a0',
  '\ufeff12.5',
  '1 2',
  '7.000',
  '7.0001',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740991',
  '999999999999999',
  '9999999999999.995',
  '99999999999999.995',
  '0.005',
  '-0.005',
  '-2.345',
  '2.345',
  '0000000000000000000012.34',
  '12.3400000000000000000001',
  '123456789012345678901234567890',
];
const digits = (max: number): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: max }).map((ds) => ds.join(''));
/** Plain decimals of every length (long digit strings too), signs, padding; and random unit soup. */
const numberText = fc.oneof(
  fc.constantFrom(...SPECIALS),
  fc
    .tuple(
      fc.constantFrom('', '', ' ', '\t', '\u00a0'),
      fc.constantFrom('', '-', '+'),
      digits(22),
      fc.constantFrom('', '.', '.'),
      digits(12),
      fc.constantFrom('', '', '', 'e3', 'E-2', '%'),
      fc.constantFrom('', '', ' ', '\n', '\u2003'),
    )
    .map((parts) => parts.join('')),
  fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

/** The text as a table holds it (lone surrogates become U+FFFD), its UTF-8 bytes inside junk bytes, and the range. */
function inBytes(text: string, before: number[], after: number[]): [string, Uint8Array, number, number] {
  const own = Buffer.from(text, 'utf8');
  const bytes = Uint8Array.from([...before, ...own, ...after]);
  return [own.toString('utf8'), bytes, before.length, before.length + own.length];
}
/** True when `text` has a code unit past ASCII. */
const nonAscii = (text: string): boolean => Array.from(text).some((ch) => ch.charCodeAt(0) > 127);
const junk = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 });

describe('the ASCII byte parsers against the string parsers', () => {
  it('plainDecimalAscii equals parseDecimal (and digitBeyondAscii fractionBeyond) where it answers', () => {
    fc.assert(
      fc.property(numberText, junk, junk, fc.constantFrom(0, 2, 4, 18), (text, before, after, scale) => {
        const [decoded, bytes, start, end] = inBytes(text, before, after);
        const v = plainDecimalAscii(bytes, start, end, scale);
        if (Number.isNaN(v)) return;
        expect(BigInt(v)).toBe(parseDecimal(decoded, scale));
        expect(digitBeyondAscii(bytes, start, end, scale)).toBe(fractionBeyond(decoded, scale));
      }),
      { numRuns: 60_000 },
    );
  });

  it('plainDecimalAscii answers every short plain ASCII decimal (NaN only for the rest)', () => {
    fc.assert(
      fc.property(numberText, fc.constantFrom(2, 4), (text, scale) => {
        const [decoded, bytes, start, end] = inBytes(text, [], []);
        const plain = /^[\t\n\v\f\r ]*[+-]?(\d*)(\.\d*)?[\t\n\v\f\r ]*$/.exec(decoded);
        const handled = plain !== null && /\d/.test(decoded) && plain[1]!.length + scale <= 15;
        expect(Number.isNaN(plainDecimalAscii(bytes, start, end, scale))).toBe(!handled);
      }),
      { numRuns: 30_000 },
    );
  });

  it('plainIntegerAscii equals parseInteger where it answers, and answers every ASCII integer it accepts', () => {
    fc.assert(
      fc.property(numberText, junk, junk, (text, before, after) => {
        const [decoded, bytes, start, end] = inBytes(text, before, after);
        const v = plainIntegerAscii(bytes, start, end);
        const expected = parseInteger(decoded);
        if (Number.isNaN(v)) expect(expected === null || nonAscii(decoded)).toBe(true);
        else expect(v).toBe(expected);
      }),
      { numRuns: 60_000 },
    );
  });

  it('keeps the rules on the examples of the cleaning rules', () => {
    const dec = (t: string, s = 2): number => plainDecimalAscii(Buffer.from(t), 0, Buffer.byteLength(t), s);
    expect(dec('2.345')).toBe(235);
    expect(dec('-2.345')).toBe(-235);
    expect(dec('-0.005')).toBe(-1);
    expect(dec('12.')).toBe(1200);
    expect(dec('.5', 1)).toBe(5);
    expect(dec('4797%')).toBeNaN(); // lenient: the string parser removes the % and counts a fix
    expect(dec('#ERROR!')).toBeNaN();
    expect(dec('1e3')).toBeNaN();
    expect(dec('\u00a012.5')).toBeNaN();
    expect(plainIntegerAscii(Buffer.from(' +7 '), 0, 4)).toBe(7);
    expect(plainIntegerAscii(Buffer.from('7.0'), 0, 3)).toBe(7);
    expect(plainIntegerAscii(Buffer.from('-0'), 0, 2)).toBe(0);
    expect(Object.is(plainIntegerAscii(Buffer.from('-0'), 0, 2), -0)).toBe(false);
    expect(plainIntegerAscii(Buffer.from('9007199254740992'), 0, 16)).toBeNaN();
  });
});

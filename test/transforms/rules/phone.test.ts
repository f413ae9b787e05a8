import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePhone, parsePhone, phoneRule } from '../../../src/transforms/rules/index.js';
import { phoneLikeText } from './arbitraries.js';

const OUTPUT = /^\+1-\d{3}-\d{3}-\d{4}( x\d+)?$/;

describe('phone.normalise', () => {
  it('is named and described', () => {
    expect(phoneRule.name).toBe('phone.normalise');
    expect(phoneRule.clean).toBe(normalisePhone);
  });

  it.each([
    ['421.580.0902x9815', '+1-421-580-0902 x9815'],
    ['001-542-415-0246x314', '+1-542-415-0246 x314'],
    ['(563)647-4830', '+1-563-647-4830'],
    ['7185624866', '+1-718-562-4866'],
    ['+1-202-555-0143', '+1-202-555-0143'],
    ['1-202-555-0143', '+1-202-555-0143'],
    ['202 555 0143 ext. 12', '+1-202-555-0143 x12'],
    ['202-555-0143 EXT 12', '+1-202-555-0143 x12'],
    ['202-555-0143 Extension 7', '+1-202-555-0143 x7'],
    ['202-555-0143X0012', '+1-202-555-0143 x0012'],
    ['202-555-0143 x 12', '+1-202-555-0143 x12'],
    ['+1 (202) 555-0143', '+1-202-555-0143'],
    ['(202) 555 0143', '+1-202-555-0143'],
    ['12025550143', '+1-202-555-0143'],
    ['+12025550143', '+1-202-555-0143'],
    ['0012025550143', '+1-202-555-0143'],
    ['1234567890', '+1-123-456-7890'],
    ['  202.555.0143  ', '+1-202-555-0143'],
    ['+1-202-555-0143 x9815', '+1-202-555-0143 x9815'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each([
    '#ERROR!',
    '-6181',
    '-618',
    '-61811',
    '-2025550143',
    '12345',
    '',
    '   ',
    '563679462',
    '202555014',
    '202-555-01434',
    '22025550143',
    '+2-202-555-0143',
    '+44 20 7946 0958',
    '002-202-555-0143',
    '+001-202-555-0143',
    '202-555-O143',
    '202-555-0143 ext',
    '202-555-0143 y12',
    '202-555-0143 #12',
    'call 202-555-0143',
    'x12',
    '202--555-0143',
    '202/555/0143',
    '202-555-0143x12345678901',
  ])('returns null for %j', (input) => {
    expect(normalisePhone(input)).toBeNull();
  });

  it('parses the parts of a number', () => {
    expect(parsePhone('421.580.0902x9815')).toEqual({ area: '421', exchange: '580', line: '0902', extension: '9815' });
    expect(parsePhone('(563)647-4830')).toEqual({ area: '563', exchange: '647', line: '4830', extension: null });
    expect(parsePhone('-6181')).toBeNull();
  });

  it('outputs null or +1-AAA-BBB-CCCC[ xEXT], and is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(phoneLikeText, fc.string({ maxLength: 24 })), (input) => {
        const out = normalisePhone(input);
        if (out === null) return;
        expect(out).toMatch(OUTPUT);
        expect(normalisePhone(out)).toBe(out);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the national digits and the extension of any valid number it is given', () => {
    const digits = (n: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: n, maxLength: n });
    fc.assert(
      fc.property(
        digits(3),
        digits(3),
        digits(4),
        fc.option(digits(3)),
        fc.constantFrom('', '+1 ', '1-', '001.'),
        (a, b, c, ext, prefix) => {
          const input = `${prefix}(${a}) ${b}.${c}${ext === null ? '' : ` ext. ${ext}`}`;
          expect(normalisePhone(input)).toBe(`+1-${a}-${b}-${c}${ext === null ? '' : ` x${ext}`}`);
        },
      ),
    );
  });
});

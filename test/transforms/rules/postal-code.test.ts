import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePostalCode, postalCodeRule } from '../../../src/transforms/rules/index.js';
import { dirtyText } from './arbitraries.js';

describe('postal_code.normalise', () => {
  it('is named and described', () => {
    expect(postalCodeRule.name).toBe('postal_code.normalise');
    expect(postalCodeRule.clean).toBe(normalisePostalCode);
  });

  it.each([
    ['2005', '02005'],
    ['501', '00501'],
    ['80027', '80027'],
    ['2005.0', '02005'],
    ['80027.00', '80027'],
    ['12345-6789', '12345-6789'],
    ['123456789', '12345-6789'],
    ['123456789.0', '12345-6789'],
    ['1', '00001'],
    [' 2149 ', '02149'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalisePostalCode(input)).toBe(expected);
  });

  it.each([
    'ABC',
    '123456',
    '1234567',
    '12345678',
    '1234567890',
    '-1',
    '',
    '  ',
    '0',
    '00000',
    '00000-1234',
    '000001234',
    '2005.5',
    '2005.',
    '.0',
    '1e4',
    '12345 6789',
    '1234-5678',
    '12345-678',
    'K1A 0B6',
    '٢٠٠٥',
  ])('returns null for %j', (input) => {
    expect(normalisePostalCode(input)).toBeNull();
  });

  it('outputs null or 12345 / 12345-6789, and is idempotent', () => {
    const numeric = fc.string({ unit: fc.constantFrom('0', '1', '7', '9', '.', '-', ' '), maxLength: 12 });
    fc.assert(
      fc.property(fc.oneof(numeric, dirtyText), (input) => {
        const out = normalisePostalCode(input);
        if (out === null) return;
        expect(out).toMatch(/^\d{5}(-\d{4})?$/);
        expect(normalisePostalCode(out)).toBe(out);
      }),
      { numRuns: 3000 },
    );
  });

  it('pads every integer from 1 to 99999 to the same number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), (n) => {
        const out = normalisePostalCode(String(n));
        expect(out).toBe(String(n).padStart(5, '0'));
        expect(Number(out)).toBe(n);
      }),
    );
  });
});

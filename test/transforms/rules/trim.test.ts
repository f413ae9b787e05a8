import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trimRule, trimText } from '../../../src/transforms/rules/index.js';
import { dirtyText } from './arbitraries.js';

describe('text.trim', () => {
  it('is named and described', () => {
    expect(trimRule.name).toBe('text.trim');
    expect(trimRule.clean).toBe(trimText);
  });

  it.each([
    ['CG-12520', 'CG-12520'],
    ['  CG-12520 ', 'CG-12520'],
    ['\u00a0CG-12520\u00a0', 'CG-12520'],
    ['\u200bCG-12520\ufeff', 'CG-12520'],
    ['Home  Office', 'Home Office'],
    ['Home\tOffice', 'Home Office'],
    ['Home \u00a0\n Office', 'Home Office'],
    ['United States', 'United States'],
    ['Dl-13600', 'Dl-13600'],
    ['a\u200bb', 'a\u200bb'],
  ])('trims %j to %j', (input, expected) => {
    expect(trimText(input)).toBe(expected);
  });

  it.each(['', ' ', '\u00a0\t\n', '\u200b', '\u3000'])('returns null for %j', (input) => {
    expect(trimText(input)).toBeNull();
  });

  it('returns the same string object for values that need nothing', () => {
    const id = 'FO-14305';
    expect(trimText(id)).toBe(id);
  });

  it('never leaves whitespace at an end or a whitespace run inside, keeps every other character, is idempotent', () => {
    fc.assert(
      fc.property(dirtyText, (input) => {
        const out = trimText(input);
        if (out === null) {
          expect(input.replace(/[\s\u200b\u2060]/gu, '')).toBe('');
          return;
        }
        expect(out).not.toMatch(/^[\s\u200b\u2060]|[\s\u200b\u2060]$|[^\S ]| {2}/u);
        expect(out.replace(/\s/gu, '')).toBe(
          input.replace(/\s/gu, '').replace(/^[\u200b\u2060]+|[\u200b\u2060]+$/gu, ''),
        );
        expect(trimText(out)).toBe(out);
      }),
      { numRuns: 2000 },
    );
  });
});

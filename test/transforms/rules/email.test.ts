import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailRule, validateEmail } from '../../../src/transforms/rules/index.js';
import { dirtyText } from './arbitraries.js';

describe('email.validate', () => {
  it('is named and described', () => {
    expect(emailRule.name).toBe('email.validate');
    expect(emailRule.clean).toBe(validateEmail);
  });

  it.each([
    ['bettysullivan808@gmail.com', 'bettysullivan808@gmail.com'],
    ['  bettysullivan808@gmail.com\u00a0', 'bettysullivan808@gmail.com'],
    ['Jane.Doe@Example.COM', 'Jane.Doe@example.com'],
    ['first+tag@mail.example.co.uk', 'first+tag@mail.example.co.uk'],
    ["o'neil@my-shop.io", "o'neil@my-shop.io"],
    ['user@xn--bcher-kva.de', 'user@xn--bcher-kva.de'],
    ['a@b.co', 'a@b.co'],
    ['José@example.com', 'José@example.com'],
    [`a@${'abcdefghi.'.repeat(25)}com`, `a@${'abcdefghi.'.repeat(25)}com`],
  ])('accepts %j as %j', (input, expected) => {
    expect(validateEmail(input)).toBe(expected);
  });

  it.each([
    'not-an-email',
    'a@b',
    'a@@b.com',
    'a b@c.com',
    '@x.com',
    '',
    '   ',
    'a@b.c',
    'a@b.c0m',
    'a@b..com',
    'a@.b.com',
    'a@b.com.',
    'a@-b.com',
    'a@b-.com',
    'a@b_c.com',
    'a@bücher.de',
    'a@b.com@c.com',
    'a\tb@c.com',
    'a@b .com',
    `${'l'.repeat(65)}@b.com`,
    `a@${'d'.repeat(64)}.com`,
    `a@${'abcdefghi.'.repeat(25)}com`.replace('a@', 'a@x'),
    `a@${'abcdefghi.'.repeat(26)}com`,
  ])('returns null for %j', (input) => {
    expect(validateEmail(input)).toBeNull();
  });

  it('is idempotent, and its output has a lower-case domain', () => {
    const emailish = fc
      .tuple(
        fc.string({ unit: fc.constantFrom('a', 'B', '.', '+', '_', ' ', '@', '1'), maxLength: 12 }),
        fc.string({ unit: fc.constantFrom('a', 'Q', '-', '.', '0'), maxLength: 16 }),
      )
      .map(([local, domain]) => `${local}@${domain}`);
    fc.assert(
      fc.property(fc.oneof(emailish, dirtyText), (input) => {
        const out = validateEmail(input);
        if (out === null) return;
        expect(validateEmail(out)).toBe(out);
        const domain = out.slice(out.lastIndexOf('@') + 1);
        expect(domain).toBe(domain.toLowerCase());
      }),
      { numRuns: 3000 },
    );
  });
});

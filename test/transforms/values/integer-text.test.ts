import { describe, expect, it } from 'vitest';
import { parseInteger } from '../../../src/transforms/values/index.js';

describe('parseInteger', () => {
  it('parses plain, padded, signed and .0 integers', () => {
    expect(parseInteger('7')).toBe(7);
    expect(parseInteger(' 7 ')).toBe(7);
    expect(parseInteger('7.0')).toBe(7);
    expect(parseInteger('7.')).toBe(7);
    expect(parseInteger('+7')).toBe(7);
    expect(parseInteger('-3')).toBe(-3);
    expect(Object.is(parseInteger('-0'), 0)).toBe(true);
    expect(parseInteger('007')).toBe(7);
  });

  it('returns null for non-integers', () => {
    for (const t of ['', ' ', '-', '7.5', '7.01', '.0', '1e3', '1,000', 'seven', '7 7', 'NaN', '0x10']) {
      expect(parseInteger(t), JSON.stringify(t)).toBeNull();
    }
  });

  it('keeps the safe-integer range and rejects beyond it', () => {
    expect(parseInteger('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseInteger('-9007199254740991')).toBe(-Number.MAX_SAFE_INTEGER);
    expect(parseInteger('9007199254740992')).toBeNull();
    expect(parseInteger('9007199254740993')).toBeNull();
    expect(parseInteger('123456789012345678901234567890')).toBeNull();
  });
});

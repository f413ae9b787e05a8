import { describe, expect, it } from 'vitest';
import { decodeUtf8, hasLoneSurrogate, isValidUtf8 } from '../../src/table/utf8.js';

describe('utf8', () => {
  const whatwg = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
  const valid = (b: Uint8Array): boolean => {
    try {
      whatwg.decode(b);
      return true;
    } catch {
      return false;
    }
  };
  // ASCII, 2-4 byte sequences, and every classic way to be invalid
  const cases: number[][] = [
    [],
    [0x41, 0x42],
    [0xc3, 0xa9],
    [0xe2, 0x82, 0xac],
    [0xf0, 0x9f, 0x98, 0x80],
    [0xef, 0xbb, 0xbf, 0x41], // a BOM inside a value is a character
    [0xff],
    [0x41, 0xc3], // cut short
    [0xc0, 0xaf], // overlong
    [0xed, 0xa0, 0x80], // an encoded surrogate
    [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
    [0x80, 0x41], // a lone continuation byte
  ];

  it('isValidUtf8 agrees with a fatal TextDecoder, also on a range inside a buffer', () => {
    for (const c of cases) {
      const padded = Uint8Array.of(0xff, ...c, 0xff);
      expect(isValidUtf8(padded, 1, 1 + c.length), JSON.stringify(c)).toBe(valid(Uint8Array.from(c)));
    }
  });

  it('decodeUtf8 replaces each invalid sequence by U+FFFD as WHATWG decoding does, keeping a BOM', () => {
    expect(decodeUtf8(Uint8Array.of(0x41, 0xff, 0xfe, 0x42), 0, 4)).toBe('A\uFFFD\uFFFDB');
    expect(decodeUtf8(Uint8Array.of(0xed, 0xa0, 0x80), 0, 3)).toBe('\uFFFD\uFFFD\uFFFD');
    expect(decodeUtf8(Uint8Array.of(0x41, 0xc3), 0, 2)).toBe('A\uFFFD');
    expect(decodeUtf8(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41), 0, 4)).toBe('\uFEFFA');
    expect(decodeUtf8(Buffer.from('xZoëx'), 1, 5)).toBe('Zoë');
  });

  it('hasLoneSurrogate finds an unpaired surrogate only', () => {
    expect(['a\uD800b', '\uDC00', 'x\uD83D'].map(hasLoneSurrogate)).toEqual([true, true, true]);
    expect(['', 'abc', '😀', 'Größe'].map(hasLoneSurrogate)).toEqual([false, false, false, false]);
  });
});

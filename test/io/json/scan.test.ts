import { describe, expect, it } from 'vitest';
import { Nesting, skipValue } from '../../../src/io/json/nested.js';
import {
  JsonSyntaxError,
  Scanned,
  describeByte,
  isHexDigit,
  outOfBytes,
  scanLiteral,
  scanNumber,
  scanString,
  skipWhitespace,
  startsLiteral,
  startsNumber,
  type StringScan,
} from '../../../src/io/json/scan.js';
import { Unescaper } from '../../../src/io/json/unescape.js';

/** The bytes of `text` followed by the 0 end mark the reader writes past its data; `end` is the data's length. */
const held = (text: string): { buf: Uint8Array; end: number } => {
  const bytes = new TextEncoder().encode(text);
  const buf = new Uint8Array(bytes.length + 1);
  buf.set(bytes);
  return { buf, end: bytes.length };
};

/** The rule and offset a scan throws with. */
const thrown = (scan: () => unknown): { rule: string; at: number; message: string } => {
  try {
    scan();
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { rule: error.rule, at: error.at, message: error.message };
    throw error;
  }
  throw new Error('the scan did not throw');
};

const freshScan = (): StringScan => ({ high: 0, escaped: false });

describe('json scanners', () => {
  it('skipWhitespace stops at the first other byte and counts the line feeds passed', () => {
    const { buf } = held(' \t\r\n \n x');
    const lines = { line: 1 };
    expect(skipWhitespace(buf, 0, lines)).toBe(7);
    expect(lines.line).toBe(3);
    expect(skipWhitespace(held('\f').buf, 0, lines)).toBe(0); // form feed is not JSON whitespace
  });

  it('scanString returns the closing quote, and says whether the body held escapes or bytes ≥ 0x80', () => {
    const scan = freshScan();
    let { buf, end } = held('abc" rest');
    expect(scanString(buf, 0, end, false, scan)).toBe(3);
    expect(scan).toEqual({ high: 'abc'.split('').reduce((h, c) => h | c.charCodeAt(0), 0), escaped: false });
    ({ buf, end } = held('a\\"b\\u00e9é"'));
    expect(scanString(buf, 0, end, false, scan)).toBe(end - 1);
    expect(scan.escaped).toBe(true);
    expect(scan.high & 0x80).toBe(0x80);
  });

  it('scanString asks for more bytes when cut, and throws json.truncated once the input is final', () => {
    for (const text of ['abc', 'ab\\', 'ab\\u00']) {
      const { buf, end } = held(text);
      expect(scanString(buf, 0, end, false, freshScan())).toBe(Scanned.NeedMore);
      expect(thrown(() => scanString(buf, 0, end, true, freshScan())).rule).toBe('json.truncated');
    }
  });

  it('scanString refuses a raw line break, a control byte and a bad escape, at the bad byte', () => {
    expect(thrown(() => scanString(held('ab\ncd"').buf, 0, 6, false, freshScan()))).toMatchObject({
      rule: 'json.syntax',
      at: 2,
      message: "unterminated string: expected '\"' before the end of the line",
    });
    expect(thrown(() => scanString(held('a\u0001"').buf, 0, 3, false, freshScan())).message).toBe(
      'control character byte 0x01 inside a string must be escaped',
    );
    expect(thrown(() => scanString(held('a\\x"').buf, 0, 4, false, freshScan())).message).toBe(
      "invalid escape '\\x' in a string",
    );
    expect(thrown(() => scanString(held('\\u12g4"').buf, 0, 7, false, freshScan())).at).toBe(0);
  });

  it('scanNumber takes exactly the JSON number grammar', () => {
    for (const n of ['0', '-0', '12', '63.69', '-1.5e+10', '2E-3', '4797']) {
      const { buf, end } = held(`${n},`);
      expect(scanNumber(buf, 0, end, false)).toBe(n.length);
    }
    for (const bad of ['01', '1.', '1.2.3', '-', '1e', '1-2', '.5'.replace('.', '-.')]) {
      const { buf, end } = held(`${bad},`);
      expect(thrown(() => scanNumber(buf, 0, end, false))).toMatchObject({ rule: 'json.syntax', at: 0 });
    }
  });

  it('scanNumber asks for more bytes when the number runs to the end of the bytes held', () => {
    const { buf, end } = held('12.5');
    expect(scanNumber(buf, 0, end, false)).toBe(Scanned.NeedMore);
    expect(scanNumber(buf, 0, end, true)).toBe(4);
    const cut = held('1.');
    expect(scanNumber(cut.buf, 0, cut.end, false)).toBe(Scanned.NeedMore);
    expect(thrown(() => scanNumber(cut.buf, 0, cut.end, true)).message).toBe("invalid number '1.'");
  });

  it('scanLiteral reads true, false and null, and names a misspelling', () => {
    for (const word of ['true', 'false', 'null']) {
      const { buf, end } = held(`${word}}`);
      expect(scanLiteral(buf, 0, end, false)).toBe(word.length);
    }
    expect(thrown(() => scanLiteral(held('nul}').buf, 0, 4, false)).message).toBe("expected a value, found 'nul'");
    expect(scanLiteral(held('tru').buf, 0, 3, false)).toBe(Scanned.NeedMore);
  });

  it('classifies first bytes and hex digits', () => {
    const codes = (ascii: string): number[] => Array.from(new TextEncoder().encode(ascii));
    expect(codes('-09a"').map(startsNumber)).toEqual([true, true, true, false, false]);
    expect(codes('tfnzA').map(startsLiteral)).toEqual([true, true, true, true, false]);
    expect(codes('09afAFgG').map(isHexDigit)).toEqual([true, true, true, true, true, true, false, false]);
  });

  it('outOfBytes asks for more until the input is final', () => {
    expect(outOfBytes(false, 'cut', 3)).toBe(Scanned.NeedMore);
    expect(thrown(() => outOfBytes(true, 'cut', 3))).toEqual({ rule: 'json.truncated', at: 3, message: 'cut' });
  });

  it('describeByte shows a byte as an error message does', () => {
    expect([0x7b, 0x0a, 0x0d, 0x09, 0x00].map(describeByte)).toEqual([
      "'{'",
      'a line break',
      'a carriage return',
      'byte 0x09',
      'byte 0x00',
    ]);
  });
});

describe('skipValue', () => {
  it('skips nested containers whole, counting their lines, and ORs their strings', () => {
    const text = '{"a": [1, {"b": "é"}, []],\n "c": {}} tail';
    const { buf, end } = held(text);
    const lines = { line: 1 };
    const nesting = new Nesting();
    expect(skipValue(buf, 0, end, false, lines, nesting, freshScan())).toBe(end - ' tail'.length);
    expect(lines.line).toBe(2);
    expect(nesting.high & 0x80).toBe(0x80);
  });

  it('nests deeper than its first stack without recursion', () => {
    const text = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const { buf, end } = held(text);
    expect(skipValue(buf, 0, end, true, { line: 1 }, new Nesting(), freshScan())).toBe(end);
  });

  it('names what was expected where a container breaks or ends', () => {
    const bad = held('{"a" 1}');
    expect(thrown(() => skipValue(bad.buf, 0, bad.end, true, { line: 1 }, new Nesting(), freshScan()))).toEqual({
      rule: 'json.syntax',
      at: 5,
      message: "expected ':' after a key, found '1'",
    });
    const cut = held('[1, {"a": ');
    expect(skipValue(cut.buf, 0, cut.end, false, { line: 1 }, new Nesting(), freshScan())).toBe(Scanned.NeedMore);
    expect(thrown(() => skipValue(cut.buf, 0, cut.end, true, { line: 1 }, new Nesting(), freshScan()))).toEqual({
      rule: 'json.truncated',
      at: cut.end,
      message: 'the file ends inside an object: expected a value',
    });
  });
});

describe('Unescaper', () => {
  const decode = (body: string): { text: string; replaced: boolean } => {
    const { buf, end } = held(body);
    const u = new Unescaper();
    const n = u.decode(buf, 0, end);
    return { text: new TextDecoder().decode(u.bytes.subarray(0, n)), replaced: u.replacedSurrogate };
  };

  it('decodes every escape JSON has, and surrogate pairs into one code point', () => {
    expect(decode('a\\"\\\\\\/\\b\\f\\n\\r\\t\\u20AC\\ud83d\\ude00')).toEqual({
      text: 'a"\\/\b\f\n\r\t€😀',
      replaced: false,
    });
  });

  it('turns a lone surrogate into U+FFFD and says so', () => {
    expect(decode('x\\ud800y')).toEqual({ text: 'x\uFFFDy', replaced: true });
    expect(decode('\\udc00')).toEqual({ text: '\uFFFD', replaced: true });
  });
});

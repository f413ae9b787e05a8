import { describe, expect, it } from 'vitest';
import { JS_DOT, JS_SPACE, cleaningRules, jsTrimSql, letSql, sqlRegex } from '../../../src/transforms/rules/index.js';
import { parseDecimalLenientSql } from '../../../src/transforms/values/index.js';

/** A Java regex class body as a JavaScript one (`\x{h}` → `\u{h}`), to check it against JavaScript's own classes. */
const asJs = (javaClass: string): RegExp => new RegExp(`^[${javaClass.replace(/\\x\{/g, '\\u{')}]$`, 'u');

describe('Spark SQL building blocks', () => {
  it("JS_SPACE holds exactly the characters JavaScript's \\s matches", () => {
    const space = asJs(JS_SPACE);
    const differ: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (space.test(ch) !== /^\s$/.test(ch)) differ.push(c.toString(16));
    }
    expect(differ).toEqual([]);
    // and it is what String.prototype.trim removes
    const trimmed = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).filter(
      (ch) => `${ch}a`.trim() === 'a',
    );
    expect(trimmed.every((ch) => space.test(ch))).toBe(true);
  });

  it("JS_DOT excludes exactly the line terminators JavaScript's . does", () => {
    const dot = new RegExp(`^${JS_DOT.replace(/\\x\{/g, '\\u{')}$`, 'u');
    for (const c of [0x0a, 0x0d, 0x2028, 0x2029, 0x85, 0x41, 0x0b]) {
      const ch = String.fromCharCode(c);
      expect(dot.test(ch), c.toString(16)).toBe(/^.$/.test(ch));
    }
  });

  it('sqlRegex makes a raw literal and refuses quotes, which a raw literal cannot hold', () => {
    expect(sqlRegex(String.raw`^\d+\z`)).toBe(String.raw`r'^\d+\z'`);
    expect(() => sqlRegex("it's")).toThrow(/\\x\{27\}/);
    expect(() => sqlRegex('say "x"')).toThrow(/\\x\{22\}/);
  });

  it('jsTrimSql and letSql compose SQL around the given expression', () => {
    expect(jsTrimSql('col')).toMatch(/^regexp_replace\(col, r'\^\[.+\]\+\|\[.+\]\+\\z', ''\)$/);
    expect(letSql('t_', 'trim(v)', 't_')).toBe('element_at(transform(array(trim(v)), t_ -> t_), 1)');
  });

  it('every rule and the price rule have a Spark SQL form over the given column', () => {
    for (const rule of Object.values(cleaningRules)) {
      const sql = rule.sql('raw.col_x');
      expect(sql, rule.name).toContain('raw.col_x');
    }
    const { value, cleaned } = parseDecimalLenientSql('price', 2);
    expect(value).toContain('AS DECIMAL(18, 2)');
    expect(value).toContain('try_cast(');
    expect(value).not.toMatch(/[^_]cast\(/i);
    expect(cleaned).toMatch(/^coalesce\(/);
    expect(() => parseDecimalLenientSql('price', 19)).toThrow(RangeError);
  });
});

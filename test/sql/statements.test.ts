import { describe, expect, it } from 'vitest';
import { leadingKeywords, splitStatements } from '../../src/sql/statements.js';

describe('splitStatements', () => {
  it('splits on semicolons outside quotes, comments and dollar quotes, dropping empty statements', () => {
    const sql = `select 'a;b' as "x;y"; -- c;d\n /* e;f */ ;; select $$g;h$$;\n`;
    expect(splitStatements(sql).map((s) => s.text)).toEqual([`select 'a;b' as "x;y"`, 'select $$g;h$$']);
    expect(splitStatements('  -- only a comment\n')).toEqual([]);
    expect(splitStatements("select 'it''s; fine'")).toHaveLength(1);
  });
});

describe('leadingKeywords', () => {
  it('reads the first keywords, upper-cased, past comments and parentheses', () => {
    expect(leadingKeywords('/* hi */ -- x\n (select 1)')).toEqual(['SELECT']);
    expect(leadingKeywords('update extensions')).toEqual(['UPDATE', 'EXTENSIONS']);
    expect(leadingKeywords('Explain Analyze copy t to x')).toEqual(['EXPLAIN', 'ANALYZE', 'COPY']);
  });
});

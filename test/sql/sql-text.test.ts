import { describe, expect, it } from 'vitest';
import { sqlIdent, sqlLiteral } from '../../src/sql/sql-text.js';
import { withDuck } from '../helpers/duckdb.js';

describe('SQL text', () => {
  it('quotes identifiers and literals so DuckDB reads them back as they were', async () => {
    const name = 'a "b", c';
    const text = 'O\'Brien\'s "x"';
    expect(sqlIdent(name)).toBe('"a ""b"", c"');
    expect(sqlLiteral(text)).toBe(`'O''Brien''s "x"'`);
    await withDuck(async (q) => {
      const rows = await q(`select ${sqlLiteral(text)} as ${sqlIdent(name)}`);
      expect(rows).toEqual([{ [name]: text }]);
    });
  });
});

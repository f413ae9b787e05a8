import { describe, expect, it } from 'vitest';
import { sqlIdentifier, sqlString } from '../../src/spark/index.js';

describe('sqlString / sqlIdentifier', () => {
  it('quotes literals with backslash escapes and identifiers with backquotes', () => {
    expect(sqlString("O'Neil")).toBe("'O\\'Neil'");
    expect(sqlString('C:\\data\\x')).toBe("'C:\\\\data\\\\x'");
    expect(sqlString('')).toBe("''");
    expect(sqlIdentifier('enriched_orders')).toBe('`enriched_orders`');
    expect(sqlIdentifier('a`b')).toBe('`a``b`');
  });
});

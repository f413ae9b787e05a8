import { describe, expect, it } from 'vitest';
import { snakeCase } from '../../src/schemas/names.js';
import { rawSchemas } from '../../src/schemas/raw.js';

describe('snakeCase', () => {
  it('snake_cases the source headers of the contract', () => {
    expect(snakeCase('Sub-Category')).toBe('sub_category');
    expect(snakeCase('Price per product')).toBe('price_per_product');
    expect(snakeCase('Row ID')).toBe('row_id');
    expect(snakeCase('Customer Name')).toBe('customer_name');
    expect(snakeCase('email')).toBe('email');
  });

  it('splits camelCase, trims and collapses separators', () => {
    expect(snakeCase('  OrderDate ')).toBe('order_date');
    expect(snakeCase('Postal  Code / ZIP')).toBe('postal_code_zip');
  });

  it('keeps letters of any script and never returns an empty name', () => {
    expect(snakeCase('Straße Nr')).toBe('straße_nr');
    expect(snakeCase('%%')).toBe('column');
  });
});

describe('raw column names', () => {
  it('are their source headers in snake_case (written out in src/schemas/raw.ts so they are literal types)', () => {
    const columns = Object.values(rawSchemas).flatMap((s) => s.columns.filter((c) => c.source !== undefined));
    expect(columns.length).toBe(28);
    for (const c of columns) expect(c.name, c.source).toBe(snakeCase(c.source!));
  });
});

import { describe, expect, it } from 'vitest';
import { snakeCase } from '../../src/schemas/names.js';

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

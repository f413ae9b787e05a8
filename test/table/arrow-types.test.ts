import { describe, expect, it } from 'vitest';
import { SchemaError } from '../../src/errors.js';
import { column, decimal, int32 } from '../../src/schemas/types.js';
import { fieldType, vectorOf } from '../../src/table/arrow-types.js';
import { builderFor, Int32Builder, Int64Builder } from '../../src/table/builders.js';
import { tableFromVectors } from '../../src/table/table.js';

const qty = new Int32Builder();
qty.append(3);
qty.append(null);
const price = builderFor(decimal(18, 2)) as Int64Builder;
price.append(1234n);
price.append(5n);
const table = tableFromVectors(
  [column('qty', int32(), ''), column('price', decimal(18, 2), '')],
  [qty.finish(), price.finish()],
);

describe('vectorOf', () => {
  it('returns the named column', () => {
    expect(vectorOf(table, 'qty').toArray()).toEqual(Int32Array.from([3, 0]));
    expect(vectorOf(table, 'qty').get(1)).toBeNull();
  });

  it('throws table.no_column naming the columns there are', () => {
    expect(() => vectorOf(table, 'profit')).toThrow(SchemaError);
    expect(() => vectorOf(table, 'profit')).toThrow('no column "profit" (have: qty, price)');
  });
});

describe('fieldType', () => {
  it("returns a field's declared type, undefined for a missing field", () => {
    expect(String(fieldType(table, 'qty'))).toBe('Int32');
    expect(String(fieldType(table, 'price'))).toBe('Decimal[18e+2]');
    expect(fieldType(table, 'profit')).toBeUndefined();
  });
});

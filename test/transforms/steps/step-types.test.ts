/**
 * Compile-only type tests (checked by `tsc` in `npm run typecheck`; the `it` bodies assert nothing at run time
 * beyond running): typed tables only let a column reader name their own columns, and a step that adds a column
 * changes its return type.
 */
import { DateDay, Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { codedColumn, textReader, bigintColumn, type ColumnName } from '../../../src/table/columns.js';
import { addOrderYear, type Step, type StepName } from '../../../src/transforms/steps/index.js';
import { orderYearStep } from '../../../src/transforms/steps/order-year.js';

type Lines = { order_id: Utf8; order_date: DateDay };
const lines = new Table({
  order_id: vectorFromArray(['O-1'], new Utf8()),
  order_date: vectorFromArray([0], new DateDay()),
}) as unknown as Table<Lines>;

describe('typed steps', () => {
  it('column readers accept only a column the table has', () => {
    expectTypeOf<ColumnName<Lines>>().toEqualTypeOf<'order_id' | 'order_date'>();
    textReader(lines, 'order_id');
    codedColumn(lines, 'order_id');
    // the same call with a column the table lacks does not compile (and would throw SchemaError table.no_column)
    expect(() =>
      // @ts-expect-error: the table has no column "profit"
      textReader(lines, 'profit'),
    ).toThrow('no column "profit"');
    // @ts-expect-error: the table has no column "row_id"
    expectTypeOf(bigintColumn<Lines>).toBeCallableWith(lines, 'row_id');
  });

  it('order_year adds its column to the return type', () => {
    const out = addOrderYear({ lines });
    expectTypeOf(out).toEqualTypeOf<Table<Lines & { order_year: Int32 }>>();
    textReader(out, 'order_id');
    expectTypeOf<ColumnName<Lines & { order_year: Int32 }>>().toEqualTypeOf<'order_id' | 'order_date' | 'order_year'>();
    // @ts-expect-error: the input has no order_year yet
    expectTypeOf<'order_year'>().toExtend<ColumnName<Lines>>();
  });

  it('a step names itself from the StepName union and takes its declared views', () => {
    expectTypeOf(orderYearStep.name).toEqualTypeOf<StepName>();
    expectTypeOf(orderYearStep).toExtend<Step<{ readonly lines: Table }, Record<string, never>, Table, 'lines'>>();
    // @ts-expect-error: order_year reads the view "lines", not "orders"
    expect(orderYearStep.sql({ orders: 'v' }, {})).toContain('FROM undefined');
    // @ts-expect-error: not a step name
    expectTypeOf<'stage'>().toExtend<StepName>();
  });
});

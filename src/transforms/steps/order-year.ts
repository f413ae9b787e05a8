/** Step `order_year`: the calendar year of each line's order date, as a new int32 column. */
import type { DateDay, Int32, Table } from 'apache-arrow';
import { column, int32 } from '../../schemas/types.js';
import { Int32Builder } from '../../table/builders.js';
import { int32Column } from '../../table/columns.js';
import { withColumns } from '../../table/table.js';
import type { Having } from '../../table/typed-tables.js';
import { yearOfDay } from '../values/index.js';
import { sqlIdent, type Step } from './step.js';

/** The column this step adds. */
export const orderYearColumn = column('order_year', int32(), 'Year of order_date.', { nullable: false });

/**
 * Adds `order_year` (the year of `order_date`, a date column without nulls) to `lines`; the return type is the
 * lines' type with `order_year: Int32`.
 * @example
 * addOrderYear({ lines }, {}); // order_date 2016-08-21 → order_year 2016
 */
export function addOrderYear<T extends Having<'order_date', DateDay>>(input: {
  readonly lines: Table<T>;
}): Table<T & { order_year: Int32 }> {
  const { values } = int32Column(input.lines, 'order_date');
  const b = new Int32Builder();
  for (let i = 0; i < values.length; i++) b.append(yearOfDay(values[i]!));
  return withColumns(input.lines, [orderYearColumn], [b.finish()]);
}

/** `order_year`: every column of `lines`, then `order_year INT`. */
export const orderYearStep: Step<{ readonly lines: Table }, Record<string, never>, Table, 'lines'> = {
  name: 'order_year',
  summary: 'Adds order_year, the calendar year of order_date.',
  views: ['lines'],
  arrow: addOrderYear,
  sql: (views) => `SELECT *, year(order_date) AS ${sqlIdent('order_year')} FROM ${views.lines}`,
};

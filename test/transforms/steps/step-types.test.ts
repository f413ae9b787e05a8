/**
 * Compile-only type tests (checked by `tsc` in `npm run typecheck`; the `it` bodies assert nothing at run time
 * beyond running): typed tables only let a column reader name their own columns, and a step that adds a column
 * changes its return type.
 */
import { DateDay, Decimal, Dictionary, Int32, Int64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { codedColumn, textReader, bigintColumn, type ColumnName } from '../../../src/table/columns.js';
import type {
  AggregateTable,
  EnrichedCustomersTable,
  EnrichedOrdersTable,
  EnrichedProductsTable,
  ProfitByCustomerTable,
  ProfitSummaryTable,
  RawCustomersTable,
  RawOrdersTable,
  RawProductsTable,
} from '../../../src/table/typed-tables.js';
import { cleanCustomers } from '../../../src/transforms/clean-customers.js';
import { cleanProducts } from '../../../src/transforms/clean-products.js';
import type { Cleaned } from '../../../src/transforms/cleaned.js';
import { groupBy } from '../../../src/transforms/group-by.js';
import { profitAggregates, type ProfitAggregates } from '../../../src/transforms/profit-aggregates.js';
import {
  addOrderYear,
  dedupeLines,
  lookupCustomer,
  lookupProduct,
  stageOrders,
  sumSummary,
  summariseProfit,
  type DedupedLinesTable,
  type LookedUp,
  type StagedOrders,
  type Step,
  type StepName,
  type SummedMap,
} from '../../../src/transforms/steps/index.js';
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

describe('typed steps over the declared tables', () => {
  type Deduped = DedupedLinesTable['TType']['dataTypes'];
  type Customers = EnrichedCustomersTable['TType']['dataTypes'];
  type Products = EnrichedProductsTable['TType']['dataTypes'];

  it('stage_orders and dedupe_lines: raw/orders in, the typed kept lines out', () => {
    type Raw = RawOrdersTable['TType']['dataTypes'];
    expectTypeOf(stageOrders<Raw>).returns.toEqualTypeOf<StagedOrders<Raw>>();
    expectTypeOf(stageOrders<Raw>)
      .returns.toHaveProperty('raw')
      .toEqualTypeOf<RawOrdersTable>();
    expectTypeOf(dedupeLines<Raw>)
      .returns.toHaveProperty('table')
      .toEqualTypeOf<DedupedLinesTable>();
    expectTypeOf<ColumnName<Deduped>>().toEqualTypeOf<
      | 'row_id'
      | 'order_id'
      | 'order_date'
      | 'ship_date'
      | 'ship_mode'
      | 'customer_id'
      | 'product_id'
      | 'quantity'
      | 'price'
      | 'discount'
      | 'profit'
      | 'source_row'
    >();
    expectTypeOf<Deduped['order_date']>().toEqualTypeOf<DateDay>();
    expectTypeOf<Deduped['profit']>().toEqualTypeOf<Decimal>();
    // a table without raw/orders' profit column is not raw orders
    type NoProfit = Omit<Raw, 'profit'>;
    // @ts-expect-error: stage_orders reads profit
    expectTypeOf(stageOrders<NoProfit>).toBeFunction();
  });

  it('the lookups add their columns to the return type, as setChild does', () => {
    const withCustomer = lookupCustomer<Deduped, Customers>;
    type WithCustomer = Deduped & { customer_name: Dictionary<Utf8, Int32>; country: Dictionary<Utf8, Int32> };
    expectTypeOf(withCustomer).returns.toEqualTypeOf<LookedUp<Table<WithCustomer>>>();
    type WithProduct = WithCustomer & { category: Dictionary<Utf8, Int32>; sub_category: Dictionary<Utf8, Int32> };
    expectTypeOf(lookupProduct<WithCustomer, Products>).returns.toEqualTypeOf<LookedUp<Table<WithProduct>>>();
    expectTypeOf(textReader<WithCustomer>).toBeCallableWith(null as unknown as Table<WithCustomer>, 'country');
    // @ts-expect-error: before the lookup the lines have no country
    expectTypeOf(textReader<Deduped>).toBeCallableWith(null as unknown as Table<Deduped>, 'country');
    // @ts-expect-error: the products table is no customers table (no customer_id, customer_name, country)
    expectTypeOf(lookupCustomer<Deduped, Products>).toBeFunction();
    // the composition is enriched/orders' type (in another column order)
    type Composed = ReturnType<typeof addOrderYear<WithProduct>>;
    expectTypeOf<Composed extends Table<infer M> ? keyof M : never>().toEqualTypeOf<
      ColumnName<EnrichedOrdersTable['TType']['dataTypes']>
    >();
  });

  it('order_year needs a date order_date', () => {
    // @ts-expect-error: order_date is text here, not a DateDay
    expectTypeOf(addOrderYear<{ order_date: Utf8 }>).toBeFunction();
  });

  it('the aggregates return their declared tables; each summed aggregate is what groupBy gives', () => {
    expectTypeOf(
      summariseProfit<EnrichedOrdersTable['TType']['dataTypes']>,
    ).returns.toEqualTypeOf<ProfitSummaryTable>();
    expectTypeOf(sumSummary<'profit_by_year'>).returns.toEqualTypeOf<AggregateTable<'profit_by_year'>>();
    // sumSummary casts for a generic name; these hold the cast true for every name
    expectTypeOf<SummedMap<'profit_by_year'>>().branded.toEqualTypeOf<
      AggregateTable<'profit_by_year'>['TType']['dataTypes']
    >();
    expectTypeOf<SummedMap<'profit_by_category'>>().branded.toEqualTypeOf<
      AggregateTable<'profit_by_category'>['TType']['dataTypes']
    >();
    expectTypeOf<SummedMap<'profit_by_sub_category'>>().branded.toEqualTypeOf<
      AggregateTable<'profit_by_sub_category'>['TType']['dataTypes']
    >();
    expectTypeOf<SummedMap<'profit_by_customer'>>().branded.toEqualTypeOf<
      AggregateTable<'profit_by_customer'>['TType']['dataTypes']
    >();
    expectTypeOf<SummedMap<'profit_summary'>>().branded.toEqualTypeOf<ProfitSummaryTable['TType']['dataTypes']>();
    expectTypeOf(profitAggregates<EnrichedOrdersTable['TType']['dataTypes']>).returns.toEqualTypeOf<ProfitAggregates>();
    expectTypeOf<ProfitAggregates['profit_by_customer']>().toEqualTypeOf<ProfitByCustomerTable>();
  });

  it('dedupe_customers / dedupe_products: raw in, the declared enriched table out', () => {
    type RawC = RawCustomersTable['TType']['dataTypes'];
    expectTypeOf(cleanCustomers<RawC>).returns.toEqualTypeOf<Cleaned<EnrichedCustomersTable>>();
    type RawP = RawProductsTable['TType']['dataTypes'];
    expectTypeOf(cleanProducts<RawP>).returns.toEqualTypeOf<Cleaned<EnrichedProductsTable>>();
    // @ts-expect-error: raw products have no customer columns
    expectTypeOf(cleanCustomers<RawP>).toBeFunction();
  });

  it('a wrong column name does not compile', () => {
    const orders = null as unknown as EnrichedOrdersTable;
    expectTypeOf(bigintColumn<EnrichedOrdersTable['TType']['dataTypes']>).toBeCallableWith(orders, 'profit');
    // @ts-expect-error: enriched/orders has profit, not profits
    expectTypeOf(bigintColumn<EnrichedOrdersTable['TType']['dataTypes']>).toBeCallableWith(orders, 'profits');
    // groupBy's keys and sums are the table's own columns
    expectTypeOf(
      groupBy<EnrichedOrdersTable['TType']['dataTypes'], 'order_year', { n: { op: 'count' } }>,
    ).returns.branded.toEqualTypeOf<Table<{ order_year: Int32 } & { n: Int64 }>>();
    // @ts-expect-error: no column "year"
    expectTypeOf(groupBy<EnrichedOrdersTable['TType']['dataTypes'], 'year', { n: { op: 'count' } }>).toBeFunction();
    type Orders = EnrichedOrdersTable['TType']['dataTypes'];
    type SumProfits = { p: { op: 'sum'; column: 'profits' } };
    // @ts-expect-error: no column "profits" to sum
    expectTypeOf(groupBy<Orders, 'order_year', SumProfits>).toBeFunction();
  });
});

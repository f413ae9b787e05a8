/** Step `lookup_customer`: each order line's customer name and country, from enriched/customers. */
import type { Table } from 'apache-arrow';
import { enrichedOrders } from '../../schemas/enriched.js';
import { columnOf } from '../../schemas/types.js';
import type { ArrowTypeMapOfColumns, Having, TextType } from '../../table/typed-tables.js';
import { lookUp, lookUpSql, type LookedUp } from './lookup.js';
import type { Step } from './step.js';

/** Joins on customer_id; adds customer_name and country. */
export const customerLookup = {
  key: 'customer_id',
  columns: [columnOf(enrichedOrders, 'customer_name'), columnOf(enrichedOrders, 'country')],
} as const;

/** The columns the lookup adds, as a `TypeMap`. */
export type CustomerColumns = ArrowTypeMapOfColumns<(typeof customerLookup.columns)[number]>;

/** The step's inputs: the staged lines and enriched/customers. */
export interface CustomerLookupInput<
  L extends Having<'customer_id', TextType> = Having<'customer_id', TextType>,
  E extends Having<'customer_id' | 'customer_name' | 'country', TextType> = Having<
    'customer_id' | 'customer_name' | 'country',
    TextType
  >,
> {
  /** Order lines with a text customer_id (any other columns). */
  readonly lines: Table<L>;
  /** enriched/customers, or any table with a text customer_id, customer_name and country. */
  readonly customers: Table<E>;
}

/**
 * Adds customer_name and country to each line (null, and counted, when its customer is unknown).
 * @example
 * lookupCustomer({ lines, customers }, {}).unknown; // lines whose customer_id is not in customers
 */
export function lookupCustomer<
  L extends Having<'customer_id', TextType>,
  E extends Having<'customer_id' | 'customer_name' | 'country', TextType>,
>(input: CustomerLookupInput<L, E>): LookedUp<Table<L & CustomerColumns>> {
  return lookUp({ lines: input.lines, entity: input.customers }, customerLookup);
}

/** `lookup_customer`: every column of `lines`, then customer_name, country (LEFT JOIN customers). */
export const lookupCustomerStep: Step<CustomerLookupInput, Record<string, never>, LookedUp, 'lines' | 'customers'> = {
  name: 'lookup_customer',
  summary: 'Left-joins each line to enriched/customers on customer_id: adds customer_name, country.',
  views: ['lines', 'customers'],
  arrow: lookupCustomer,
  sql: (views) => lookUpSql({ lines: views.lines, entity: views.customers }, customerLookup),
};

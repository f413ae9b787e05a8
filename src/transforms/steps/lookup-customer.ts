/** Step `lookup_customer`: each order line's customer name and country, from enriched/customers. */
import type { Table } from 'apache-arrow';
import { enrichedOrders } from '../../schemas/enriched.js';
import type { ColumnSpec } from '../../schemas/types.js';
import { lookUp, lookUpSql, type LookedUp, type LookupSpec } from './lookup.js';
import type { Step } from './step.js';

const pick = (name: string): ColumnSpec => enrichedOrders.columns.find((c) => c.name === name)!;

/** Joins on customer_id; adds customer_name and country. */
export const customerLookup: LookupSpec = { key: 'customer_id', columns: [pick('customer_name'), pick('country')] };

/** The step's inputs: the staged lines and enriched/customers. */
export interface CustomerLookupInput {
  readonly lines: Table;
  readonly customers: Table;
}

/**
 * Adds customer_name and country to each line (null, and counted, when its customer is unknown).
 * @example
 * lookupCustomer({ lines, customers }, {}).unknown; // lines whose customer_id is not in customers
 */
export function lookupCustomer(input: CustomerLookupInput): LookedUp {
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

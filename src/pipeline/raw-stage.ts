/** Stage 1 — raw: read each source into its raw table, every source row kept, values as read. */
import type { Table } from 'apache-arrow';
import type { RowIssue } from '../errors.js';
import { readCsv } from '../io/csv.js';
import { readJson } from '../io/json.js';
import type { ReadResult } from '../io/read-result.js';
import type { SourceFiles } from '../io/sources.js';
import { readXlsx } from '../io/xlsx.js';
import { rawCustomers, rawOrders, rawProducts } from '../schemas/raw.js';

/** A raw table with where it came from and what could not be read. */
export interface RawSource {
  readonly table: Table;
  readonly file: string;
  readonly bytes: number;
  readonly rowsRead: number;
  readonly issues: readonly RowIssue[];
}

/** The three raw tables. */
export interface RawTables {
  readonly customers: RawSource;
  readonly products: RawSource;
  readonly orders: RawSource;
}

const asSource = (r: ReadResult): RawSource => ({
  table: r.table,
  file: r.file,
  bytes: r.bytes,
  rowsRead: r.rowsRead,
  issues: r.issues,
});

/** Reads the three sources into raw tables. */
export async function readRawTables(sources: SourceFiles): Promise<RawTables> {
  const customers = asSource(await readXlsx(sources.customers, rawCustomers));
  const products = asSource(await readCsv(sources.products, rawProducts));
  const orders = asSource(await readJson(sources.orders, rawOrders));
  return { customers, products, orders };
}

/** Stage 1 — raw: read each source into its raw table, every source row kept, values as read. */
import type { Table } from 'apache-arrow';
import type { RowIssue } from '../errors.js';
import { readCsv } from '../io/csv.js';
import { readJson } from '../io/json.js';
import { readInWorker, workersAvailable } from '../io/read-in-worker.js';
import { fileSize } from '../io/file-info.js';
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

/**
 * Orders files smaller than this are read on this thread: starting a worker costs more than it saves.
 * `ECOMFLOW_WORKER_MIN_BYTES` overrides it (tests use 0 to exercise the worker on small files).
 */
const WORKER_MIN_BYTES = Number(process.env['ECOMFLOW_WORKER_MIN_BYTES'] ?? 32 * 2 ** 20);

/**
 * Reads the three sources into raw tables. A large orders file — by far the largest source — is parsed on a
 * worker thread while this thread reads the customers workbook and the products file.
 */
export async function readRawTables(sources: SourceFiles): Promise<RawTables> {
  if (!workersAvailable() || (await fileSize(sources.orders)) < WORKER_MIN_BYTES) {
    const customers = asSource(await readXlsx(sources.customers, rawCustomers));
    const products = asSource(await readCsv(sources.products, rawProducts));
    const orders = asSource(await readJson(sources.orders, rawOrders));
    return { customers, products, orders };
  }
  const ordersRead = readInWorker({ reader: 'json', file: sources.orders, table: 'orders' });
  try {
    const customers = asSource(await readXlsx(sources.customers, rawCustomers));
    const products = asSource(await readCsv(sources.products, rawProducts));
    return { customers, products, orders: asSource(await ordersRead.result) };
  } catch (error) {
    ordersRead.cancel();
    throw error;
  }
}

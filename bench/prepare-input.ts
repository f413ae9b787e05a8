/**
 * The benchmark's inputs, made once per size and seed and kept under bench/data/ (gitignored), all outside the
 * timed region: the generator's three sources, an NDJSON copy of the orders, and the CSV copy of the customers
 * workbook that the DuckDB and polars peers read (neither can read .xlsx here: DuckDB's excel extension needs a
 * download from extensions.duckdb.org, which this machine cannot reach; nodejs-polars has no xlsx reader).
 */
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { generateSources } from '../fixtures/generate.js';
import { rawCustomers, readXlsx, tableRows } from '../src/index.js';

/** The files of one prepared input. */
export interface PreparedInput {
  readonly dir: string;
  readonly lines: number;
  readonly customersXlsx: string;
  /** The workbook's rows as ecomflow reads them (snake_case columns plus source_row), as CSV. */
  readonly customersCsv: string;
  readonly products: string;
  /** Orders.json (a JSON array) or Orders.ndjson (one object per line), as asked. */
  readonly orders: string;
  readonly ordersFormat: 'array' | 'ndjson';
  readonly ordersBytes: number;
}

/** Generates (when missing) and returns the input for `lines` order lines of `seed` in `dataDir`. */
export async function prepareInput(options: {
  readonly dataDir: string;
  readonly lines: number;
  readonly seed: number;
  readonly ordersFormat: 'array' | 'ndjson';
  readonly log?: (line: string) => void;
}): Promise<PreparedInput> {
  const { lines, seed, ordersFormat } = options;
  const log = options.log ?? (() => undefined);
  const dir = join(options.dataDir, `${lines}-${seed}`);
  const arrayFile = join(dir, 'Orders.json');
  if (!existsSync(join(dir, '.complete'))) {
    log(`generating ${lines.toLocaleString('en-US')} order lines into ${dir} …`);
    await generateSources({ lines, out: dir, seed });
    writeFileSync(join(dir, '.complete'), '');
  }
  // made on every run (at most 50,000 rows, a second or two): it must be what today's xlsx reader reads
  const customersCsv = join(dir, 'customers-for-peers.csv');
  await writeCustomersCsv(join(dir, 'Customer.xlsx'), customersCsv);
  let orders = arrayFile;
  if (ordersFormat === 'ndjson') {
    orders = join(dir, 'Orders.ndjson');
    if (!existsSync(orders)) {
      log(`writing ${orders} …`);
      await arrayToNdjson(arrayFile, `${orders}.part`);
      renameSync(`${orders}.part`, orders);
    }
  }
  return {
    dir,
    lines,
    customersXlsx: join(dir, 'Customer.xlsx'),
    customersCsv,
    products: join(dir, 'Products.csv'),
    orders,
    ordersFormat,
    ordersBytes: statSync(orders).size,
  };
}

/** Writes the workbook's raw rows (ecomflow's reader, values as read) as CSV: null cells empty, text quoted. */
export async function writeCustomersCsv(xlsx: string, csv: string): Promise<void> {
  const { table } = await readXlsx(xlsx, rawCustomers);
  const cols = table.schema.names.map(String);
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    const text =
      typeof v === 'string' ? v : typeof v === 'bigint' || typeof v === 'number' ? v.toString() : JSON.stringify(v);
    return `"${text.replaceAll('"', '""')}"`;
  };
  const body = tableRows(table).map((r) => cols.map((c) => cell(r[c])).join(','));
  writeFileSync(`${csv}.part`, [cols.join(','), ...body].join('\n') + '\n');
  renameSync(`${csv}.part`, csv);
}

/**
 * Streams a JSON array of objects to NDJSON: one object per line, whitespace outside strings dropped, every
 * byte of every value kept as written (numbers keep their text).
 */
export async function arrayToNdjson(from: string, to: string): Promise<void> {
  const out = createWriteStream(to);
  let depth = 0;
  let inString = false;
  let escaped = false;
  for await (const chunk of createReadStream(from, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const buf = Buffer.allocUnsafe(chunk.length * 2);
    let n = 0;
    for (const b of chunk) {
      if (inString) {
        if (escaped) escaped = false;
        else if (b === 0x5c) escaped = true;
        else if (b === 0x22) inString = false;
        buf[n++] = b;
        continue;
      }
      if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
      if (depth === 0 && b === 0x5b)
        depth = 1; // the array's own brackets and commas are dropped
      else if (depth === 1 && (b === 0x5d || b === 0x2c)) depth = b === 0x5d ? 0 : 1;
      else {
        if (b === 0x5b || b === 0x7b) depth++;
        else if (b === 0x5d || b === 0x7d) depth--;
        else if (b === 0x22) inString = true;
        buf[n++] = b;
        if (depth === 1) buf[n++] = 0x0a; // an element ended
      }
    }
    if (!out.write(buf.subarray(0, n)))
      await new Promise<void>((ok) => {
        out.once('drain', () => {
          ok();
        });
      });
  }
  out.end();
  await finished(out);
}

/** Makes `dir` (and parents) if missing; returns it. */
export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Shared by the fault tests: the CLI run in-process, inputs made from the fixtures with one file replaced,
 * order lines built from a clean base line, and the accounting check (enriched + rejects = source rows) read
 * back from the warehouse through DuckDB.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { cli } from '../helpers/cli.js';
import { sqlPath, withDuck } from '../helpers/duckdb.js';
import { tempDir } from '../helpers/tmp.js';

/** The bundled fixtures folder. */
export const fixtures = resolve(import.meta.dirname, '../../fixtures');

/** What one CLI run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `ecomflow <args>` in this process and captures its exit code, stdout and stderr. */
export { cli };

/** `ecomflow run --input <input> --out <out> --quiet [...extra]`. */
export function run(input: string, out: string, ...extra: string[]): Promise<CliResult> {
  return cli('run', '--input', input, '--out', out, '--quiet', ...extra);
}

/** The three source file names of an input folder made by `makeInput`. */
export type SourceName = 'Customer.xlsx' | 'Products.csv' | 'Orders.json' | 'Orders.ndjson';

/**
 * A fresh input folder holding the fixtures, with the named files replaced (an `Orders.ndjson` replaces
 * `Orders.json`).
 */
export function makeInput(replace: Partial<Record<SourceName, string | Uint8Array>> = {}): string {
  const dir = tempDir('ecomflow-faults-');
  for (const name of ['Customer.xlsx', 'Products.csv', 'Orders.json'] as const) {
    if (name === 'Orders.json' && replace['Orders.ndjson'] !== undefined) continue;
    const content = replace[name];
    if (content === undefined) copyFileSync(join(fixtures, name), join(dir, name));
    else writeFileSync(join(dir, name), content);
  }
  if (replace['Orders.ndjson'] !== undefined) writeFileSync(join(dir, 'Orders.ndjson'), replace['Orders.ndjson']);
  return dir;
}

/** A fresh warehouse path (the folder does not exist yet). */
export function freshOut(): string {
  return join(tempDir('ecomflow-wh-'), 'warehouse');
}

/**
 * A clean order line whose customer and product exist in the fixtures; `overrides` replace or (undefined) drop
 * keys.
 */
export function orderLine(rowId: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    'Row ID': rowId,
    'Order ID': `CA-2016-${String(100000 + rowId)}`,
    'Order Date': '21/8/2016',
    'Ship Date': '25/8/2016',
    'Ship Mode': 'Standard Class',
    'Customer ID': 'GH-14410',
    'Product ID': 'FUR-CH-10002961',
    Quantity: 2,
    Price: 81.88,
    Discount: 0,
    Profit: 12.5,
  };
  return Object.fromEntries(Object.entries({ ...base, ...overrides }).filter(([, v]) => v !== undefined));
}

/** A JSON array of the lines, one per text line, as the real export is written. */
export function ordersJson(lines: readonly Record<string, unknown>[]): string {
  return `[\n${lines.map((l) => `  ${JSON.stringify(l)}`).join(',\n')}\n]`;
}

/** The parsed quality.json of a warehouse. */
export interface Quality {
  tables: Record<
    'customers' | 'products' | 'orders',
    {
      source_file: string;
      rows_read: number;
      rows_written: number;
      rows_rejected: number;
      rejected_by_reason: Record<string, number>;
    }
  >;
}

/** Reads `<out>/quality.json`. */
export function quality(out: string): Quality {
  return JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')) as Quality;
}

/** Every row of `<out>/<layer>/<table>.parquet`, read by DuckDB, ordered by `order`. */
export async function rowsOf(
  out: string,
  layer: string,
  table: string,
  order = 'source_row',
): Promise<Record<string, unknown>[]> {
  return withDuck((q) => q(`select * from ${sqlPath(join(out, layer, `${table}.parquet`))} order by ${order}`));
}

/**
 * Asserts, for each source table, that the rows DuckDB reads from enriched and rejects add up to the rows the
 * reader saw (and to `expected`, when given), and that quality.json says the same. Returns the counts.
 */
export async function expectAccounted(
  out: string,
  expected: Partial<Record<'customers' | 'products' | 'orders', number>> = {},
): Promise<Record<'customers' | 'products' | 'orders', { enriched: number; rejects: number }>> {
  const q = quality(out);
  const result = {} as Record<'customers' | 'products' | 'orders', { enriched: number; rejects: number }>;
  await withDuck(async (query) => {
    for (const t of ['customers', 'products', 'orders'] as const) {
      const count = async (layer: string): Promise<number> =>
        Number((await query(`select count(*) as n from ${sqlPath(join(out, layer, `${t}.parquet`))}`))[0]!['n']);
      const enriched = await count('enriched');
      const rejects = await count('rejects');
      expect(enriched + rejects, `${t}: enriched + rejects = rows read`).toBe(q.tables[t].rows_read);
      expect([q.tables[t].rows_written, q.tables[t].rows_rejected], `${t}: quality.json`).toEqual([enriched, rejects]);
      const want = expected[t];
      if (want !== undefined) expect(q.tables[t].rows_read, `${t}: source rows`).toBe(want);
      result[t] = { enriched, rejects };
    }
  });
  return result;
}

/** Asserts `err` is exactly one line `ecomflow: <file>…` with no stack trace. */
export function expectOneLine(err: string, file: string): void {
  expect(err.endsWith('\n'), 'ends with a newline').toBe(true);
  expect(err.trimEnd().split('\n'), 'one line').toHaveLength(1);
  expect(err.startsWith(`ecomflow: ${file}`), `names ${file}: ${err}`).toBe(true);
  expect(err).not.toMatch(/\n\s+at /);
}

/**
 * run.json: the facts of one run the report shows — the ecomflow version, when it started, which inputs (file,
 * size, rows) and how long each stage took. The pipeline writes it; the report reads it and copes when it is
 * absent. File access goes through io.
 */
import { join } from 'node:path';
import { fileSize } from '../io/files/file-info.js';
import { readJsonFile, writeJsonFile } from '../io/files/json-file.js';
import { packageVersion } from '../io/files/package-version.js';
import type { SourceFiles } from '../io/sources.js';

/** One source file a run read. */
export interface RunSource {
  readonly table: keyof SourceFiles;
  /** The path as given to the run. */
  readonly file: string;
  readonly bytes: number;
  /** Source rows the reader saw. */
  readonly rows: number;
}

/** The content of `<warehouse>/run.json`. */
export interface RunFacts {
  /** The version of ecomflow that ran (absent in warehouses written before it was recorded). */
  readonly ecomflow_version?: string;
  /** ISO 8601, UTC. */
  readonly started_at: string;
  readonly sources: readonly RunSource[];
  /** Milliseconds per stage, in the order they ran (`report` last, once the report is written). */
  readonly stage_ms: Readonly<Record<string, number>>;
  /** The worksheet of the customers workbook that was read (absent in run.json of older runs). */
  readonly customers_sheet?: string;
}

/** The file name of the run facts inside a warehouse. */
export const RUN_FACTS_FILE = 'run.json';

/** Milliseconds to one decimal place, as run.json keeps them. */
function tenths(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/**
 * Gathers the facts of a run: sizes are read from the source files now, the version from ecomflow's package.json.
 * @example
 * const rows = { customers: 793, products: 1851, orders: 9994 };
 * await collectRunFacts(new Date(), sources, rows, { enrich: 120 }, { customersSheet: 'Worksheet' });
 * // { ecomflow_version: '0.1.0', started_at: '2024-…Z',
 * //   sources: [{ table: 'customers', file: '…/Customer.xlsx', bytes: 118004, rows: 793 }, …],
 * //   stage_ms: { enrich: 120 }, customers_sheet: 'Worksheet' }
 */
export async function collectRunFacts(
  startedAt: Date,
  sources: SourceFiles,
  rows: Readonly<Record<keyof SourceFiles, number>>,
  stageMs: Readonly<Record<string, number>>,
  read: { readonly customersSheet?: string; readonly orderFiles?: readonly string[] } = {},
): Promise<RunFacts> {
  const tables = ['customers', 'products', 'orders'] as const;
  // orders of several files (a folder or a glob, as named): their bytes summed
  const files = (table: (typeof tables)[number]): readonly string[] =>
    table === 'orders' && read.orderFiles !== undefined ? read.orderFiles : [sources[table]];
  const list = await Promise.all(
    tables.map(async (table): Promise<RunSource> => {
      let bytes = 0;
      for (const f of files(table)) bytes += await fileSize(f);
      return { table, file: sources[table], bytes, rows: rows[table] };
    }),
  );
  const rounded = Object.fromEntries(Object.entries(stageMs).map(([k, v]) => [k, tenths(v)]));
  return {
    ecomflow_version: packageVersion(),
    started_at: startedAt.toISOString(),
    sources: list,
    stage_ms: rounded,
    ...(read.customersSheet === undefined ? {} : { customers_sheet: read.customersSheet }),
  };
}

/**
 * The same facts with one more stage timed (e.g. `report`, known only once the report is written).
 * @example
 * withStage(facts, 'report', 412.34).stage_ms.report; // 412.3
 */
export function withStage(facts: RunFacts, stage: string, ms: number): RunFacts {
  return { ...facts, stage_ms: { ...facts.stage_ms, [stage]: tenths(ms) } };
}

/** Writes `facts` as `<warehouse>/run.json`. */
export async function writeRunFacts(warehouse: string, facts: RunFacts): Promise<void> {
  await writeJsonFile(join(warehouse, RUN_FACTS_FILE), facts);
}

/** Whether `value` has run.json's shape (the fields the report reads). */
function isRunFacts(value: unknown): value is RunFacts {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof RunFacts, unknown>>;
  return (
    typeof v.started_at === 'string' &&
    Array.isArray(v.sources) &&
    typeof v.stage_ms === 'object' &&
    v.stage_ms !== null &&
    (v.ecomflow_version === undefined || typeof v.ecomflow_version === 'string')
  );
}

/** Reads `<warehouse>/run.json`; null when it is absent or not a run-facts object (an older warehouse). */
export async function readRunFacts(warehouse: string): Promise<RunFacts | null> {
  const file = await readJsonFile(join(warehouse, RUN_FACTS_FILE));
  return file.kind === 'ok' && isRunFacts(file.value) ? file.value : null;
}

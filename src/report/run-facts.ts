/**
 * run.json: the facts of one run the report shows — when it started, which inputs (file, size, rows) and how long
 * each stage took. The pipeline writes it; the report reads it and copes when it is absent.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/files/atomic-file.js';
import { fileSize } from '../io/files/file-info.js';
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
  /** ISO 8601, UTC. */
  readonly started_at: string;
  readonly sources: readonly RunSource[];
  /** Milliseconds per stage, in the order they ran. */
  readonly stage_ms: Readonly<Record<string, number>>;
  /** The worksheet of the customers workbook that was read (absent in run.json of older runs). */
  readonly customers_sheet?: string;
}

/** The file name of the run facts inside a warehouse. */
export const RUN_FACTS_FILE = 'run.json';

/**
 * Gathers the facts of a run: sizes are read from the source files now.
 * @example
 * const rows = { customers: 793, products: 1851, orders: 9994 };
 * await collectRunFacts(new Date(), sources, rows, { enrich: 120 }, { customersSheet: 'Worksheet' });
 * // { started_at: '2024-…Z', sources: [{ table: 'customers', file: '…/Customer.xlsx', bytes: 118004, rows: 793 }, …],
 * //   stage_ms: { enrich: 120 }, customers_sheet: 'Worksheet' }
 */
export async function collectRunFacts(
  startedAt: Date,
  sources: SourceFiles,
  rows: Readonly<Record<keyof SourceFiles, number>>,
  stageMs: Readonly<Record<string, number>>,
  read: { readonly customersSheet?: string } = {},
): Promise<RunFacts> {
  const tables = ['customers', 'products', 'orders'] as const;
  const list = await Promise.all(
    tables.map(async (table): Promise<RunSource> => ({
      table,
      file: sources[table],
      bytes: await fileSize(sources[table]),
      rows: rows[table],
    })),
  );
  const rounded = Object.fromEntries(Object.entries(stageMs).map(([k, v]) => [k, Math.round(v * 10) / 10]));
  return {
    started_at: startedAt.toISOString(),
    sources: list,
    stage_ms: rounded,
    ...(read.customersSheet === undefined ? {} : { customers_sheet: read.customersSheet }),
  };
}

/** Writes `facts` as `<warehouse>/run.json`. */
export async function writeRunFacts(warehouse: string, facts: RunFacts): Promise<void> {
  await writeFileAtomic(join(warehouse, RUN_FACTS_FILE), async (h) => {
    await h.writeFile(`${JSON.stringify(facts, null, 2)}\n`);
  });
}

/** Reads `<warehouse>/run.json`; null when it is absent or not a run-facts object (an older warehouse). */
export async function readRunFacts(warehouse: string): Promise<RunFacts | null> {
  let text: string;
  try {
    text = await readFile(join(warehouse, RUN_FACTS_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as Partial<RunFacts> | null;
    const ok =
      parsed !== null &&
      typeof parsed.started_at === 'string' &&
      Array.isArray(parsed.sources) &&
      typeof parsed.stage_ms === 'object' &&
      parsed.stage_ms !== null;
    return ok ? (parsed as RunFacts) : null;
  } catch {
    return null;
  }
}

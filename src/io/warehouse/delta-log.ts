/**
 * The current files of a Delta table (a folder with `_delta_log/`), read from its JSON commits: the `add` actions
 * of versions 0…n replayed, less the `remove`d ones. DuckDB's `delta` extension needs a download, so the warehouse
 * reads Delta this way. Only what ecomflow's own Delta tables use is read: unpartitioned tables without deletion
 * vectors or column mapping, whose JSON commits are all still there; anything else is a `problem` that says to
 * query the table with Spark SQL. Parquet checkpoints are not read (the JSON commits they summarise must remain).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding a Delta table's log. */
export const DELTA_LOG = '_delta_log';

/** One column of a Delta table's schema: its name and Delta type (`string`, `long`, `decimal(18,2)`, …). */
export interface DeltaColumn {
  readonly name: string;
  readonly type: string;
}

/** The live snapshot of a Delta table, or why ecomflow cannot read it. */
export type DeltaSnapshot =
  | { readonly version: number; readonly files: readonly string[]; readonly columns: readonly DeltaColumn[] }
  | { readonly problem: string };

/** Reader features a table may declare that change nothing for reading its files as listed by the log. */
const HARMLESS_FEATURES = new Set(['timestampNtz', 'vacuumProtocolCheck', 'v2Checkpoint']);

const ASK_SPARK = 'query it with Spark SQL (or Databricks SQL)';

interface Action {
  add?: { path: string; partitionValues?: Record<string, unknown>; deletionVector?: unknown };
  remove?: { path: string };
  metaData?: { schemaString: string; partitionColumns?: string[] };
  protocol?: { minReaderVersion: number; readerFeatures?: string[] };
}

/**
 * The files and columns of the Delta table in `dir` as of its latest JSON commit (absolute paths, sorted).
 * @example
 * await deltaSnapshot('/w/enriched/orders');
 * // { version: 0, files: ['/w/enriched/orders/part-00000-….snappy.parquet', …], columns: [{ name: 'row_id', … }] }
 */
export async function deltaSnapshot(dir: string): Promise<DeltaSnapshot> {
  const log = join(dir, DELTA_LOG);
  const commits = (await readdir(log)).filter((n) => /^\d{20}\.json$/.test(n)).sort();
  if (commits.length === 0) return { problem: `its ${DELTA_LOG} holds no JSON commit` };
  const last = commits.length - 1;
  if (Number(commits[0]!.slice(0, 20)) !== 0 || Number(commits[last]!.slice(0, 20)) !== last) {
    return {
      problem:
        `its ${DELTA_LOG} no longer holds every JSON commit since version 0 (a checkpoint replaced them); ` +
        `ecomflow reads Delta logs from JSON commits only: ${ASK_SPARK}`,
    };
  }
  const live = new Map<string, string>();
  let columns: DeltaColumn[] = [];
  for (const commit of commits) {
    const text = await readFile(join(log, commit), 'utf8');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let action: Action;
      try {
        action = JSON.parse(line) as Action;
      } catch {
        return { problem: `its commit ${DELTA_LOG}/${commit} is not valid JSON` };
      }
      const refused = refusal(action);
      if (refused !== undefined) return { problem: `${refused}: ${ASK_SPARK}` };
      if (action.metaData !== undefined) columns = schemaColumns(action.metaData.schemaString);
      if (action.add !== undefined) live.set(action.add.path, filePath(dir, action.add.path));
      if (action.remove !== undefined) live.delete(action.remove.path);
    }
  }
  return { version: last, files: [...live.values()].sort(), columns };
}

/** Why ecomflow will not read a table with this action, if it will not. */
function refusal(action: Action): string | undefined {
  const p = action.protocol;
  if (p !== undefined) {
    const unknown = (p.readerFeatures ?? []).filter((f) => !HARMLESS_FEATURES.has(f));
    if (p.minReaderVersion === 2) return 'it uses Delta column mapping';
    if (p.minReaderVersion > 3 || unknown.length > 0) return `it uses Delta reader features (${unknown.join(', ')})`;
  }
  if ((action.metaData?.partitionColumns ?? []).length > 0) return 'it is partitioned';
  if (action.add?.deletionVector != null) return 'it has deletion vectors';
  return undefined;
}

/** A file of the log (relative and URI-encoded, or an absolute URI) as a path. */
function filePath(dir: string, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return fileURLToPath(path.replace(/^file:\/(?!\/)/, 'file:///'));
  return join(dir, decodeURIComponent(path));
}

/** The top-level columns of a Delta `schemaString` (a Spark struct type as JSON). */
function schemaColumns(schemaString: string): DeltaColumn[] {
  const schema = JSON.parse(schemaString) as { fields: { name: string; type: unknown }[] };
  return schema.fields.map((f) => ({ name: f.name, type: typeof f.type === 'string' ? f.type : 'string' }));
}

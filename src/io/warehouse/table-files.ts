/**
 * Finds a warehouse's tables on disk: the one resolver that SQL (a view per table) and the report (reading
 * aggregates) share. A table is `<layer>/<table>.parquet`, one file as the local engine writes it, or a folder of
 * Parquet part files as Spark writes it: `<layer>/<table>.parquet/part-00000-….parquet` or
 * `<layer>/<table>/part-….parquet` (Spark's `_SUCCESS`, `.crc` and other `_`/`.` names are skipped), or a Delta
 * table `<layer>/<table>/` with a `_delta_log/`, whose current files its log names (delta-log.ts).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { deltaSnapshot, DELTA_LOG, type DeltaColumn } from './delta-log.js';

/** The warehouse layers, each a SQL schema. */
export const LAYERS = ['raw', 'enriched', 'rejects', 'aggregates'] as const;

/** The `problem` of a part folder that holds no Parquet part file. */
export const NO_PARTS = 'holds no Parquet part files';

/** One warehouse layer. */
export type Layer = (typeof LAYERS)[number];

/** Where one table's rows are stored. */
export interface TableSource {
  readonly layer: Layer;
  readonly table: string;
  /** `layer.table`, as SQL addresses it. */
  readonly name: string;
  /** Relative to the warehouse: `enriched/orders.parquet`, or `enriched/orders.parquet/` for a folder. */
  readonly source: string;
  /** The Parquet files holding the rows, absolute and sorted: the file itself, or the folder's parts. */
  readonly files: readonly string[];
  /** Why the table cannot be read at all, found before DuckDB opens it (a folder with no parts, two sources). */
  readonly problem?: string;
  /** Size, modification time and inode of every file: changes whenever the table is rewritten. */
  readonly stamp: string;
  /** A Delta table: its columns (from its log), the table's shape even when no file holds a row. */
  readonly deltaColumns?: readonly DeltaColumn[];
}

interface Entry {
  readonly name: string;
  readonly path: string;
  readonly isDir: boolean;
  readonly stamp: string;
}

/**
 * The tables of the warehouse folder `root`, layer by layer and by name; a missing layer has none.
 * @example
 * (await findTables('/w')).map((t) => `${t.name} ${t.source}`);
 * // ['raw.orders raw/orders.parquet', 'enriched.orders enriched/orders.parquet/', …]
 */
export async function findTables(root: string): Promise<TableSource[]> {
  const out: TableSource[] = [];
  for (const layer of LAYERS) out.push(...(await layerTables(root, layer)));
  return out;
}

/**
 * One table of the warehouse `root` in either form, or undefined when the layer holds no such table.
 * @example
 * (await findTable('/w', 'aggregates', 'profit_by_year'))?.files;
 * // ['/w/aggregates/profit_by_year/part-00000-….parquet', '/w/aggregates/profit_by_year/part-00001-….parquet']
 */
export async function findTable(root: string, layer: Layer, table: string): Promise<TableSource | undefined> {
  return (await layerTables(root, layer, table)).at(0);
}

/** The tables of one layer folder, by name (only `only` when given). */
async function layerTables(root: string, layer: Layer, only?: string): Promise<TableSource[]> {
  const byTable = new Map<string, Entry[]>();
  for (const e of await listEntries(join(root, layer))) {
    if (only !== undefined && e.name !== only && e.name !== `${only}.parquet`) continue;
    const table = await tableName(e);
    if (table === undefined) continue;
    byTable.set(table, [...(byTable.get(table) ?? []), e]);
  }
  const out: TableSource[] = [];
  for (const table of [...byTable.keys()].sort()) out.push(await tableSource(layer, table, byTable.get(table)!));
  return out;
}

/** The table an entry of a layer folder holds, or undefined when it is not a table. */
async function tableName(e: Entry): Promise<string | undefined> {
  if (skipped(e.name)) return undefined;
  if (e.name.endsWith('.parquet') && e.name.length > '.parquet'.length) return e.name.slice(0, -'.parquet'.length);
  if (!e.isDir) return undefined;
  // a folder without the extension is a table only when it looks like Spark's output
  const inside = await listEntries(e.path);
  const spark = (f: Entry): boolean => f.name === '_SUCCESS' || f.name === DELTA_LOG || (!f.isDir && isPart(f.name));
  return inside.some(spark) ? e.name : undefined;
}

async function tableSource(layer: Layer, table: string, entries: readonly Entry[]): Promise<TableSource> {
  const name = `${layer}.${table}`;
  const rel = (e: Entry): string => `${layer}/${e.name}${e.isDir ? '/' : ''}`;
  const first = entries[0]!;
  if (entries.length > 1) {
    const both = entries.map(rel).join(' and ');
    return { layer, table, name, source: rel(first), files: [], stamp: '', problem: `both ${both} exist` };
  }
  if (!first.isDir) return { layer, table, name, source: rel(first), files: [first.path], stamp: first.stamp };
  const log = (await listEntries(join(first.path, DELTA_LOG))).filter((f) => !f.isDir && !skipped(f.name));
  if (log.length > 0) {
    const source = rel(first);
    const stamp = log.map((f) => `${f.name}:${f.stamp}`).join(',');
    const snapshot = await deltaSnapshot(first.path);
    if ('problem' in snapshot) return { layer, table, name, source, files: [], stamp, problem: snapshot.problem };
    return { layer, table, name, source, files: snapshot.files, stamp, deltaColumns: snapshot.columns };
  }
  const parts = (await listEntries(first.path)).filter((f) => !f.isDir && isPart(f.name));
  const source = rel(first);
  const stamp = parts.map((p) => `${p.name}:${p.stamp}`).join(',');
  if (parts.length === 0) return { layer, table, name, source, files: [], stamp, problem: NO_PARTS };
  return { layer, table, name, source, files: parts.map((p) => p.path), stamp };
}

/** The entries of a folder (symbolic links followed), sorted by name; none when it cannot be listed. */
async function listEntries(dir: string): Promise<Entry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: Entry[] = [];
  for (const name of names.sort()) {
    const path = join(dir, name);
    try {
      const s = await stat(path);
      out.push({ name, path, isDir: s.isDirectory(), stamp: `${s.size}:${s.mtimeMs}:${s.ino}` });
    } catch {
      // a dangling link or a file removed meanwhile is not a table
    }
  }
  return out;
}

function isPart(name: string): boolean {
  return name.endsWith('.parquet') && !skipped(name);
}

/** Hidden and bookkeeping names (`.part-0.parquet.crc`, `_SUCCESS`, `_delta_log`, `.staging-…`). */
function skipped(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_');
}

/**
 * The marker `_ecomflow_warehouse.json` that makes a folder an ecomflow warehouse. It lists every file the run
 * wrote, so a warehouse holding anything else is recognised (and never replaced).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WAREHOUSE_MARKER } from '../../schemas/warehouse-layout.js';
import { writeTextFile } from '../files/text-file.js';

/** The content of the marker file. */
export interface WarehouseMarker {
  readonly tool: 'ecomflow';
  readonly layout: number;
  /** Every file the run wrote, relative, with `/` (absent in warehouses written before this list existed). */
  readonly files?: readonly string[];
}

/** What a warehouse written before the marker listed its files may hold (nothing else is ecomflow's). */
const LEGACY_ENTRIES = new Set([
  'raw',
  'enriched',
  'rejects',
  'aggregates',
  'sql',
  'report',
  'quality.json',
  'run.json',
  WAREHOUSE_MARKER,
]);

/**
 * Writes the marker into `folder`, atomically, as indented JSON.
 * @example
 * await writeMarker('/data/.w.staging-4711-1700000000000', { tool: 'ecomflow', layout: 1, files: ['quality.json'] });
 */
export async function writeMarker(folder: string, marker: WarehouseMarker): Promise<void> {
  await writeTextFile(join(folder, WAREHOUSE_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

/**
 * The marker of `warehouse`, or null when it cannot be read as one.
 * @example
 * await readMarker('warehouse'); // { tool: 'ecomflow', layout: 1, files: ['aggregates/profit_by_year.parquet', …] }
 */
export async function readMarker(warehouse: string): Promise<WarehouseMarker | null> {
  try {
    const parsed = JSON.parse(await readFile(join(warehouse, WAREHOUSE_MARKER), 'utf8')) as Partial<WarehouseMarker>;
    const files = parsed.files;
    if (files !== undefined && !(Array.isArray(files) && files.every((f) => typeof f === 'string'))) return null;
    return parsed as WarehouseMarker;
  } catch {
    return null;
  }
}

/**
 * The files of a warehouse that ecomflow did not write (relative paths, sorted; a foreign folder counts once, as
 * `name/`). A warehouse whose marker lists no files may hold only the layout's own top-level names.
 * @example
 * await foreignFiles('/data/w'); // ['exports/', 'notes.txt', 'raw/mine.csv']
 */
export async function foreignFiles(warehouse: string): Promise<string[]> {
  const marker = await readMarker(warehouse);
  const foreign: string[] = [];
  if (marker?.files === undefined) {
    for (const name of (await readdir(warehouse)).sort()) if (!LEGACY_ENTRIES.has(name)) foreign.push(name);
    return foreign;
  }
  const ours = new Set([...marker.files, WAREHOUSE_MARKER]);
  const folders = new Set<string>();
  for (const file of marker.files) {
    for (let i = file.indexOf('/'); i > 0; i = file.indexOf('/', i + 1)) folders.add(file.slice(0, i));
  }
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(warehouse, rel), { withFileTypes: true });
    for (const e of entries.sort((a, z) => (a.name < z.name ? -1 : 1))) {
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (folders.has(path)) await walk(path);
        else foreign.push(`${path}/`);
      } else if (!ours.has(path) && !isOurTemp(path, ours)) {
        foreign.push(path);
      }
    }
  };
  await walk('');
  return foreign;
}

/** A temporary file an interrupted atomic write of one of `ours` left (`<file>.tmp-<pid>-<hex>`). */
function isOurTemp(path: string, ours: ReadonlySet<string>): boolean {
  const m = /^(.*)\.tmp-\d+-[0-9a-f]+$/.exec(path);
  return m !== null && ours.has(m[1]!);
}

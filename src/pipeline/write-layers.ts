/**
 * The write stage both engines share: the tables the client holds, written into the staging warehouse layer by
 * layer (`<layer>/<name>.parquet`), then quality.json.
 */
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { writeFileAtomic } from '../io/files/atomic-file.js';
import { writeParquet } from '../io/parquet/write-parquet.js';

/** Tables by name, per warehouse layer, in the order they are written. */
export type LayerTables = readonly (readonly [layer: string, tables: Readonly<Record<string, Table>>])[];

/**
 * Writes every table of `layers` under `stagingDir`, then `quality` as quality.json; returns each table's path
 * (relative to the warehouse) and rows. `checkpoint` runs before each table, so an interrupt stops between them.
 * @example
 * await writeLayers(staging, [['aggregates', aggregates]], quality, () => {});
 * // [{ path: 'aggregates/profit_by_year.parquet', rows: 4 }, …]
 */
export async function writeLayers(
  stagingDir: string,
  layers: LayerTables,
  quality: unknown,
  checkpoint: () => void,
): Promise<{ readonly path: string; readonly rows: number }[]> {
  const written: { path: string; rows: number }[] = [];
  for (const [layer, byName] of layers) {
    for (const [name, table] of Object.entries(byName)) {
      checkpoint();
      const path = join(layer, `${name}.parquet`);
      await writeParquet(join(stagingDir, path), table);
      written.push({ path, rows: table.numRows });
    }
  }
  await writeFileAtomic(join(stagingDir, 'quality.json'), async (h) => {
    await h.writeFile(`${JSON.stringify(quality, null, 2)}\n`);
  });
  return written;
}

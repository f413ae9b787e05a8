/** Compares two warehouses table by table (rows as exact text, in a fixed order), and their client-side files. */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { findTables } from '../../../src/io/warehouse/table-files.js';
import { sqlPath, withDuck } from '../../helpers/duckdb.js';

/** Every table of the warehouse at `root` as rows of exact text, by `layer/table`, sorted by all columns. */
export async function warehouseRows(root: string): Promise<Record<string, Record<string, unknown>[]>> {
  const tables = await findTables(root);
  return withDuck(async (q) => {
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const t of tables) {
      if (t.files.length === 0) {
        out[`${t.layer}/${t.table}`] = []; // a Delta table without rows has no current file
        continue;
      }
      const files = `[${t.files.map(sqlPath).join(', ')}]`;
      const cols = (await q(`DESCRIBE SELECT * FROM read_parquet(${files})`)).map(
        (c) => `"${String(c['column_name'])}"`,
      );
      out[`${t.layer}/${t.table}`] = await q(
        `SELECT * FROM read_parquet(${files}) ORDER BY ${cols.map((c) => `${c} NULLS FIRST`).join(', ')}`,
      );
    }
    return out;
  });
}

/** The four SQL answers' CSV text and quality.json, as written to the warehouse. */
export async function clientFiles(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(join(root, 'sql'))).sort())
    out[`sql/${name}`] = await readFile(join(root, 'sql', name), 'utf8');
  out['quality.json'] = await readFile(join(root, 'quality.json'), 'utf8');
  return out;
}

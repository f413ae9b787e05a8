/** Whole text files: read, written atomically, and the files of a folder with a given extension. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';

/**
 * Reads `file` as UTF-8 text (Node's error, with its `code`, when it cannot be read).
 * @example
 * await readTextFile('sql/profit_by_year.sql'); // 'select order_year, …'
 */
export async function readTextFile(file: string): Promise<string> {
  return readFile(file, 'utf8');
}

/**
 * Writes `text` (UTF-8) to `file` atomically, creating parent folders.
 * @example
 * await writeTextFile('warehouse/report/index.html', '<!doctype html>…');
 */
export async function writeTextFile(file: string, text: string): Promise<void> {
  await writeFileAtomic(file, async (h) => {
    await h.writeFile(text);
  });
}

/**
 * The paths of the files in `dir` whose names end with `extension`, sorted by name; null when `dir` cannot be
 * listed (absent, or not a folder).
 * @example
 * await filesWithExtension('warehouse/sql', '.csv'); // ['warehouse/sql/profit_by_customer.csv', …]
 */
export async function filesWithExtension(dir: string, extension: string): Promise<string[] | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  return names
    .filter((n) => n.endsWith(extension))
    .sort()
    .map((n) => join(dir, n));
}

/** Folders made one level at a time, the files below a folder, and whether a path exists. */
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errnoCode } from './fs-errors.js';

/**
 * `mkdir -p` that always ends: Node's recursive mkdir loops for ever where a file system answers ENOENT for a
 * folder that cannot be made (e.g. under /proc), so each level is made once, its parent first. A file in the way
 * is an `ENOTDIR` error.
 * @example
 * await makeFolders('/data/warehouses/2024'); // makes /data/warehouses, then /data/warehouses/2024
 */
export async function makeFolders(folder: string): Promise<void> {
  try {
    await mkdir(folder);
    return;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') {
      if ((await stat(folder)).isDirectory()) return;
      throw Object.assign(new Error(`${folder} is a file`), { code: 'ENOTDIR' });
    }
    if (code !== 'ENOENT' || dirname(folder) === folder) throw error;
  }
  await makeFolders(dirname(folder));
  await mkdir(folder).catch(async (error: unknown) => {
    if (errnoCode(error) !== 'EEXIST' || !(await stat(folder)).isDirectory()) throw error;
  });
}

/**
 * Every file below `folder`, relative, with `/`, sorted.
 * @example
 * await filesUnder('warehouse'); // ['aggregates/profit_by_year.parquet', …, 'quality.json', 'raw/orders.parquet', …]
 */
export async function filesUnder(folder: string, rel = ''): Promise<string[]> {
  const files: string[] = [];
  for (const e of await readdir(join(folder, rel), { withFileTypes: true })) {
    const path = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) files.push(...(await filesUnder(folder, path)));
    else files.push(path);
  }
  return files.sort();
}

/**
 * Whether anything (a file, a folder, a symlink's target) is at `path`.
 * @example
 * await pathExists('warehouse/_ecomflow_warehouse.json'); // true
 */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether anything is at `path`, synchronously (for argument checks before any work starts).
 * @example
 * pathExistsSync('exports/Orders.json'); // true
 */
export function pathExistsSync(path: string): boolean {
  return existsSync(path);
}

/**
 * The first `bytes` bytes of `file` (fewer when it is shorter): enough to tell a file's layout by its start.
 * @example
 * (await readFileHead('Orders.json', 4096)).toString('utf8').trimStart().startsWith('['); // true: a JSON array
 */
export async function readFileHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

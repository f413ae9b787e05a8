/**
 * Atomic file replacement: write to `<file>.tmp-<pid>-<random>` in the same folder, then `rename` over the
 * target. A reader never sees a half-written file, and a failed write leaves any previous file untouched.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The temporary name a write to `file` goes through, in the same folder so `rename` stays atomic. */
export function tempNameFor(file: string): string {
  return `${file}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/**
 * Runs `write` against a fresh temp file beside `file`, then renames it over `file`; on any failure the temp
 * file is removed and the error rethrown. Parent folders are created.
 * @example
 * await writeFileAtomic('out/a.parquet', async (fh) => { await fh.write(bytes); });
 */
export async function writeFileAtomic(file: string, write: (handle: FileHandle) => Promise<void>): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = tempNameFor(file);
  const handle = await open(temp, 'wx');
  try {
    try {
      await write(handle);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * As `writeFileAtomic`, for a writer that opens the file itself (DuckDB's `COPY … TO`): `write` gets the temp
 * path, which is synced and renamed over `file` once `write` resolves; on failure the temp file is removed.
 * @example
 * await writeFileAtomicByPath('out/a.csv', (temp) => copier.copy(sql, temp)); // copier.copy's result
 */
export async function writeFileAtomicByPath<T>(file: string, write: (temp: string) => Promise<T>): Promise<T> {
  await mkdir(dirname(file), { recursive: true });
  const temp = tempNameFor(file);
  try {
    const result = await write(temp);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    return result;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

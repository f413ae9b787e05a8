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

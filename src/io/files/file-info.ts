/** File checks every reader shares: the source exists, is a regular file, and this process may read it. */
import { open, stat } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import { errnoCode, readFault } from './fs-errors.js';

/**
 * Checks that `file` is a regular file this process can open for reading, and returns its size in bytes.
 * Throws InputError `io.not_found` (it does not exist), `io.not_a_file` (a folder, a device…), or
 * EnvironmentError `io.permission_denied` (`cannot read <file>: permission denied`). A symlink to a file is a file.
 * @example
 * await checkReadable('exports/Orders.json'); // 3134092
 */
export async function checkReadable(file: string): Promise<number> {
  let size: number;
  try {
    const s = await stat(file);
    // a FIFO or a device would block or never end: only regular files are sources
    if (!s.isFile()) {
      const kind = s.isDirectory()
        ? 'a folder'
        : s.isFIFO()
          ? 'a named pipe (FIFO)'
          : s.isSocket()
            ? 'a socket'
            : 'a device';
      throw new InputError('io.not_a_file', `is ${kind}, not a file`, { file });
    }
    size = s.size;
    const handle = await open(file, 'r');
    await handle.close();
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = errnoCode(error);
    if (code === 'ENOENT') throw new InputError('io.not_found', 'does not exist', { file });
    if (code === 'ENOTDIR')
      throw new InputError('io.not_found', 'does not exist (a part of its path is a file)', { file });
    if (code === 'ELOOP') throw new InputError('io.not_found', 'is a symlink that loops', { file });
    throw readFault(error, file) ?? error;
  }
  return size;
}

/** Returns the size of `file` in bytes after the checks of `checkReadable` (whose errors it throws). */
export async function fileSize(file: string): Promise<number> {
  return checkReadable(file);
}

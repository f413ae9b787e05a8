/** File checks every reader shares: existence and size, as typed errors. */
import { stat } from 'node:fs/promises';
import { InputError } from '../../errors.js';

/** Returns the size of `file` in bytes, or throws InputError `io.not_found` naming it. */
export async function fileSize(file: string): Promise<number> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new InputError('io.not_a_file', 'is not a regular file', { file });
    return s.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('io.not_found', 'cannot be read (no such file, or no permission)', { file });
  }
}

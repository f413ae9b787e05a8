/**
 * Node's file-system errors (`ENOSPC`, `EROFS`, `EACCES`…) turned into typed errors that say, in words, which path
 * could not be read or written and why — never the raw errno text, never "internal error".
 */
import { EcomflowError, EnvironmentError, type RuleName } from '../../errors.js';

/** The errno code of a Node error (`ENOENT`, `ENOSPC`…), or undefined. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Words for the errno codes that mean "the machine refused", not "the input is wrong". */
const causes: Readonly<Record<string, { rule: RuleName; words: string }>> = {
  EACCES: { rule: 'env.permission_denied', words: 'permission denied' },
  EPERM: { rule: 'env.permission_denied', words: 'permission denied' },
  EROFS: { rule: 'env.read_only', words: 'read-only file system' },
  EIO: { rule: 'env.io_error', words: 'input/output error (a failing disk?)' },
  ENOTDIR: { rule: 'env.not_a_folder', words: 'a part of the path is a file, not a folder' },
  ENAMETOOLONG: {
    rule: 'env.name_too_long',
    words: 'the path, or a name in it, is longer than the file system allows',
  },
};

/**
 * The typed error for a failed write below `path` (the warehouse, as the user named it), or null when `error` is
 * not a fault of the machine (then it is rethrown as it is).
 * @example
 * writeFault(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }), '/data/w')?.message;
 * // 'no space left on device writing /data/w'
 */
export function writeFault(error: unknown, path: string): EnvironmentError | null {
  if (error instanceof EnvironmentError) return error;
  const code = errnoCode(error);
  if (code === 'ENOSPC') return new EnvironmentError('env.no_space', `no space left on device writing ${path}`, path);
  if (code === 'EDQUOT') return new EnvironmentError('env.no_space', `disk quota exceeded writing ${path}`, path);
  if (code === 'ENAMETOOLONG') {
    const words =
      'the path is too long for the file system (a run also writes .<name>.lock and .<name>.staging-* beside it)';
    return new EnvironmentError('env.name_too_long', `cannot write ${path}: ${words}`, path);
  }
  const cause = code === undefined ? undefined : causes[code];
  return cause ? new EnvironmentError(cause.rule, `cannot write ${path}: ${cause.words}`, path) : null;
}

/**
 * The typed error for a source `file` that cannot be read, or null when `error` is not a fault of the machine.
 * @example
 * readFault(Object.assign(new Error('EACCES'), { code: 'EACCES' }), 'in/Orders.json')?.message;
 * // 'cannot read in/Orders.json: permission denied'
 */
export function readFault(error: unknown, file: string): EnvironmentError | null {
  if (error instanceof EnvironmentError) return error;
  const code = errnoCode(error);
  const cause = code === undefined ? undefined : causes[code];
  if (!cause) return null;
  const rule = cause.rule === 'env.permission_denied' ? 'io.permission_denied' : cause.rule;
  return new EnvironmentError(rule, `cannot read ${file}: ${cause.words}`, file);
}

/**
 * The typed error for a source `file` whose reading failed after it was opened: a fault of the machine as
 * `readFault` names it, any other errno as `io.unreadable`; a typed error passes through.
 * @example
 * sourceReadFault(Object.assign(new Error('EMFILE'), { code: 'EMFILE' }), 'in/Products.csv').message;
 * // 'cannot read in/Products.csv: too many open files'
 */
export function sourceReadFault(error: unknown, file: string): Error {
  if (error instanceof EcomflowError) return error;
  const known = readFault(error, file);
  if (known) return known;
  const code = errnoCode(error);
  const words = code === undefined ? String(error) : (otherReadCauses[code] ?? code);
  return new EnvironmentError('io.unreadable', `cannot read ${file}: ${words}`, file);
}

/** Words for the other errno codes a read can meet (the shared check has ruled out a missing file or a folder). */
const otherReadCauses: Readonly<Record<string, string>> = {
  ENOENT: 'it was removed while being read',
  EISDIR: 'it is a folder',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
};

/**
 * The typed error for a current folder whose path the system cannot return (longer than PATH_MAX: `ERANGE` from
 * `uv_cwd`), or null for any other error.
 * @example
 * cwdFault(Object.assign(new Error('ERANGE'), { code: 'ERANGE', syscall: 'uv_cwd' }))?.rule; // 'env.cwd_too_long'
 */
export function cwdFault(error: unknown): EnvironmentError | null {
  const syscall = (error as { syscall?: unknown } | null)?.syscall;
  if (errnoCode(error) !== 'ERANGE' || syscall !== 'uv_cwd') return null;
  return new EnvironmentError(
    'env.cwd_too_long',
    "the current folder's path is longer than the system allows (PATH_MAX); run ecomflow from a shorter path",
    '.',
  );
}

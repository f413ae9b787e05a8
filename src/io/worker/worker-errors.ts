/**
 * Errors across threads, as data: a worker sends what failed as a plain object and the main thread raises the
 * same typed error again (its message already names file, row and column; a Node error keeps its errno code,
 * system call and path, so a full disk is still told from a bug).
 */
import { EcomflowError, InputError, type RuleName, type Where } from '../../errors.js';

/** A thrown value as a message field. */
export interface ErrorData {
  readonly typed: boolean;
  readonly name: string;
  readonly rule: RuleName;
  readonly message: string;
  readonly where: Where;
  /** Untyped errors: the worker's stack, and a Node error's errno code, system call and path. */
  readonly stack?: string;
  readonly code?: string;
  readonly syscall?: string;
  readonly path?: string;
}

/** What `error` was, as plain data for `postMessage`. */
export function errorToData(error: unknown): ErrorData {
  return error instanceof EcomflowError
    ? { typed: true, name: error.name, rule: error.rule, message: error.message, where: { ...error.where } }
    : {
        typed: false,
        name: 'Error',
        rule: 'internal',
        message: error instanceof Error ? error.message : String(error),
        where: {},
        ...nodeFields(error),
      };
}

/** Rebuilds the error `errorToData` described. */
export function reviveError(data: ErrorData): Error {
  if (!data.typed) {
    const { code, syscall, path, stack } = data;
    const error = Object.assign(new Error(data.message), {
      ...(code === undefined ? {} : { code }),
      ...(syscall === undefined ? {} : { syscall }),
      ...(path === undefined ? {} : { path }),
    });
    if (stack !== undefined) error.stack = stack;
    return error;
  }
  const error =
    data.name === 'InputError' ? new InputError(data.rule, data.message) : new EcomflowError(data.rule, data.message);
  Object.defineProperty(error, 'where', { value: data.where });
  return error;
}

/** The fields of a Node error that say what failed (errno code, system call, path) and where in the worker's code. */
function nodeFields(error: unknown): { stack?: string; code?: string; syscall?: string; path?: string } {
  const e = (error ?? {}) as { stack?: unknown; code?: unknown; syscall?: unknown; path?: unknown };
  const fields: { stack?: string; code?: string; syscall?: string; path?: string } = {};
  if (typeof e.stack === 'string') fields.stack = e.stack;
  if (typeof e.code === 'string') fields.code = e.code;
  if (typeof e.syscall === 'string') fields.syscall = e.syscall;
  if (typeof e.path === 'string') fields.path = e.path;
  return fields;
}

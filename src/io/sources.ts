/**
 * Finds the three source files: given explicitly, or by name in an input folder (case-insensitive):
 * `customer*.xlsx`, `product*.csv`, `order*.json` / `order*.ndjson` / `order*.jsonl`. A symlink to a file counts
 * as a file. The orders may be several files: `--orders` a folder or a glob, or an input folder holding several
 * order files (`findOrderFiles` lists them).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { errnoCode, readFault } from './files/fs-errors.js';
import { byteOrder, expandGlob, isGlob } from './files/glob.js';

/**
 * The three sources a run reads. `orders` is one file, or — when the orders are several files — the folder or
 * glob that names them, as given (see `findOrderFiles`).
 */
export interface SourceFiles {
  readonly customers: string;
  readonly products: string;
  readonly orders: string;
}

const patterns: Record<keyof SourceFiles, { re: RegExp; shape: string }> = {
  customers: { re: /^customer.*\.xlsx$/i, shape: 'customer*.xlsx' },
  products: { re: /^product.*\.csv$/i, shape: 'product*.csv' },
  orders: { re: /^order.*\.(json|ndjson|jsonl)$/i, shape: 'order*.json, order*.ndjson or order*.jsonl' },
};
const keys = ['customers', 'products', 'orders'] as const;

/** `a`, `a and b`, `a, b and c`; with `or` instead of `and` when asked. */
const listed = (words: readonly string[], last = 'and'): string =>
  words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]!}`;

/**
 * Resolves each source: the explicit path when given, else the one file in `input` whose name matches. Every
 * missing source is named at once.
 * @example
 * await findSources('exports');
 * // → { customers: 'exports/Customer.xlsx', products: 'exports/Products.csv', orders: 'exports/Orders.json' }
 */
export async function findSources(
  input: string | undefined,
  explicit: Partial<SourceFiles> = {},
): Promise<SourceFiles> {
  const wanted = keys.filter((k) => explicit[k] === undefined);
  if (wanted.length === 0)
    return { customers: explicit.customers!, products: explicit.products!, orders: explicit.orders! };
  if (input === undefined) {
    throw new UsageError(
      wanted.length === 3
        ? 'run needs --input <dir> (the folder holding the sources), or --customers, --products and --orders'
        : `run needs --input <dir> to find the ${listed(wanted)} file${wanted.length > 1 ? 's' : ''}, ` +
            `or ${listed(wanted.map((k) => `--${k}`))}`,
    );
  }
  const { names, others } = await entriesIn(input);
  const found: Partial<Record<keyof SourceFiles, string>> = {};
  const missing: (keyof SourceFiles)[] = [];
  for (const key of wanted) {
    const { re, shape } = patterns[key];
    const matches = names.filter((n) => re.test(n) && !n.startsWith('~$'));
    if (matches.length > 1 && key === 'orders') {
      found.orders = input; // several order files: the folder is the orders source (findOrderFiles)
      continue;
    }
    if (matches.length > 1) {
      throw new InputError(
        'sources.ambiguous',
        `several ${key} files match ${shape} (${matches.join(', ')}); name one with --${key}`,
        { file: input },
      );
    }
    if (matches.length === 0) missing.push(key);
    else found[key] = join(input, matches[0]!);
  }
  if (missing.length > 0) throw missingSources(input, missing, names.length === 0 && others.length === 0, others);
  const pick = (k: keyof SourceFiles): string => explicit[k] ?? found[k]!;
  return { customers: pick('customers'), products: pick('products'), orders: pick('orders') };
}

/**
 * The order files of an orders source, in the order they are read (by path, in byte order): the file itself; in a
 * folder every `order*.json|ndjson|jsonl` (case-insensitive, not in subfolders); or every file a glob matches
 * (src/io/files/glob.ts). An existing path is taken as it is, so a file named with `[` is no glob. A folder or
 * glob that names no file is an InputError `sources.no_match` naming it.
 * @example
 * await findOrderFiles('exports/Orders_*.json'); // ['exports/Orders_2016.json', 'exports/Orders_2017.json']
 */
export async function findOrderFiles(orders: string): Promise<string[]> {
  let folder = false;
  try {
    folder = (await stat(orders)).isDirectory();
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw readFault(error, orders) ?? error;
    if (!isGlob(orders)) return [orders]; // the reader names the missing file
    const files = await expandGlob(orders);
    if (files.length === 0) throw new InputError('sources.no_match', 'no file matches this pattern', { file: orders });
    return files;
  }
  if (!folder) return [orders];
  const { names } = await entriesIn(orders);
  const files = names.filter((n) => patterns.orders.re.test(n) && !n.startsWith('~$'));
  if (files.length === 0) {
    throw new InputError('sources.no_match', `the folder holds no file named ${patterns.orders.shape}`, {
      file: orders,
    });
  }
  return files.map((n) => join(orders, n)).sort(byteOrder);
}

/** What `input` holds: the names of its files (and symlinks to files), and of its other entries, sorted. */
async function entriesIn(input: string): Promise<{ names: string[]; others: NotAFile[] }> {
  try {
    const s = await stat(input);
    if (!s.isDirectory()) {
      const flag = keys.find((k) => patterns[k].re.test(input.split(/[\\/]/).pop() ?? '')) ?? 'orders';
      throw new UsageError(`--input ${input} is a file; give the folder, or name the file with --${flag}`);
    }
    const entries = await readdir(input, { withFileTypes: true });
    const names: string[] = [];
    const others: NotAFile[] = [];
    for (const d of entries) {
      const target = d.isSymbolicLink() ? await stat(join(input, d.name)).catch(() => null) : d;
      if (target?.isFile() === true) names.push(d.name);
      else others.push({ name: d.name, kind: kindOf(target) });
    }
    return { names: names.sort(), others: others.sort((a, b) => (a.name < b.name ? -1 : 1)) };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (errnoCode(error) === 'ENOENT') {
      throw new InputError('sources.no_input', '--input folder does not exist', { file: input });
    }
    if (errnoCode(error) === 'ENOTDIR') {
      throw new InputError('sources.no_input', '--input folder does not exist (a part of its path is a file)', {
        file: input,
      });
    }
    throw readFault(error, input) ?? error;
  }
}

/** An entry of the input folder that is not a file: a folder, a named pipe, a device, a dangling symlink. */
interface NotAFile {
  readonly name: string;
  readonly kind: string;
}

/** How an entry that is not a file is called (null: a symlink whose target is gone). */
function kindOf(entry: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean } | null): string {
  if (entry === null) return 'a symlink to nothing';
  if (entry.isDirectory()) return 'a folder';
  if (entry.isFIFO()) return 'a named pipe (FIFO)';
  if (entry.isSocket()) return 'a socket';
  return 'a device';
}

/** The error naming every source missing from `input` at once, and the entries named like one that are no file. */
function missingSources(
  input: string,
  missing: readonly (keyof SourceFiles)[],
  empty: boolean,
  others: readonly NotAFile[] = [],
): InputError {
  const one = missing.length === 1;
  const shapes = missing.map((k) => patterns[k].shape);
  const what = empty ? 'is empty: ' : `no ${listed(missing, 'or')} file: `;
  const message =
    what +
    `expected ${one ? 'a file' : 'files'} named ${listed(shapes)} ` +
    `(or name ${one ? 'it' : 'them'} with ${listed(missing.map((k) => `--${k}`))})`;
  const lookalikes = others.filter((o) => missing.some((k) => patterns[k].re.test(o.name)));
  const note = lookalikes.map((o) => `${o.name} is ${o.kind}, not a file`).join('; ');
  return new InputError('sources.missing', note === '' ? message : `${message}; ${note}`, { file: input });
}

/** What a run was told about its sources: an input folder and any source named explicitly. */
export interface SourceOptions {
  readonly input?: string | undefined;
  readonly customers?: string | undefined;
  readonly products?: string | undefined;
  readonly orders?: string | undefined;
}

/**
 * The sources of a run (`findSources`) with its order files listed (`findOrderFiles`); a folder or glob naming one
 * file is that file, several stay named by the folder or glob as given.
 * @example
 * await findRunSources({ input: 'exports' });
 * // → { sources: { …, orders: 'exports/Orders.json' }, orderFiles: ['exports/Orders.json'] }
 */
export async function findRunSources(options: SourceOptions): Promise<{ sources: SourceFiles; orderFiles: string[] }> {
  const explicit: Partial<Record<keyof SourceFiles, string>> = {};
  for (const key of keys) {
    const path = options[key];
    if (path !== undefined) explicit[key] = path;
  }
  const found = await findSources(options.input, explicit);
  const orderFiles = await findOrderFiles(found.orders);
  return { sources: orderFiles.length === 1 ? { ...found, orders: orderFiles[0]! } : found, orderFiles };
}

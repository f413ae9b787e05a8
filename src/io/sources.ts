/**
 * Finds the three source files: given explicitly, or by name in an input folder (case-insensitive):
 * `customer*.xlsx`, `product*.csv`, `order*.json` / `order*.ndjson` / `order*.jsonl`.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';

/** The three source files a run reads. */
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

/**
 * Resolves each source: the explicit path when given, else the one file in `input` whose name matches.
 * @example
 * await findSources('exports');
 * // → { customers: 'exports/Customer.xlsx', products: 'exports/Products.csv', orders: 'exports/Orders.json' }
 */
export async function findSources(
  input: string | undefined,
  explicit: Partial<SourceFiles> = {},
): Promise<SourceFiles> {
  let names: string[] | null = null;
  const pick = async (key: keyof SourceFiles): Promise<string> => {
    const given = explicit[key];
    if (given !== undefined) return given;
    if (input === undefined) {
      throw new InputError('sources.no_input', `no --input folder and no --${key} file given`);
    }
    if (names === null) {
      try {
        names = (await readdir(input, { withFileTypes: true }))
          .filter((d) => d.isFile())
          .map((d) => d.name)
          .sort();
      } catch {
        throw new InputError('sources.no_input', 'input folder cannot be read', { file: input });
      }
    }
    const { re, shape } = patterns[key];
    const found = names.filter((n) => re.test(n) && !n.startsWith('~$'));
    if (found.length === 0) {
      throw new InputError('sources.missing', `no ${key} file: expected a file named ${shape}`, { file: input });
    }
    if (found.length > 1) {
      throw new InputError(
        'sources.ambiguous',
        `several ${key} files match ${shape} (${found.join(', ')}); name one with --${key}`,
        { file: input },
      );
    }
    return join(input, found[0]!);
  };
  return { customers: await pick('customers'), products: await pick('products'), orders: await pick('orders') };
}

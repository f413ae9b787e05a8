/** JSON files of a warehouse (quality.json, run.json): read as a parsed value, written atomically. */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file.js';

/** What `readJsonFile` found: the parsed value, no file, or text that is not JSON (with the parser's message). */
export type JsonFile =
  | { readonly kind: 'ok'; readonly value: unknown }
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly message: string };

/**
 * Reads and parses `file`; a missing or unreadable file and invalid JSON are results, not exceptions.
 * @example
 * await readJsonFile('warehouse/run.json'); // { kind: 'ok', value: { started_at: '…', … } }
 * await readJsonFile('nowhere.json'); // { kind: 'missing' }
 */
export async function readJsonFile(file: string): Promise<JsonFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { kind: 'missing' };
  }
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'invalid', message: (error as Error).message };
  }
}

/**
 * Writes `value` as indented JSON with a final newline, atomically (temp file, then rename).
 * @example
 * await writeJsonFile('warehouse/run.json', { started_at: '2024-05-01T14:03:07.123Z' });
 */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, async (h) => {
    await h.writeFile(`${JSON.stringify(value, null, 2)}\n`);
  });
}

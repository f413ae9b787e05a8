/**
 * docs/errors.md lists every outcome (issue 10, "Done when"): each rule name the code can raise or reject with is
 * documented there (cleaning fixes in docs/cleaning.md), and each rule documented there is one the code has.
 * Rule names are found in the sources as string literals shaped `namespace.name` (`'order.bad_price'`), or as
 * templates `${entity}.missing_id`; the namespaces are those of documented rules plus the library's own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const errorsDoc = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');
const cleaningDoc = readFileSync(join(root, 'docs', 'cleaning.md'), 'utf8');
const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: withoutComments(readFileSync(join(root, 'src', f), 'utf8')) }));

/** The code of a source without its doc and line comments (examples there are not rules). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const RULE = /^[a-z][a-z_]*\.[a-z][a-z0-9_]*$/;
/** Every `a.b` between backticks in a markdown text. */
const backticked = (text: string): Set<string> =>
  new Set([...text.matchAll(/`([a-z][a-z_]*\.[a-z][a-z0-9_]*)`/g)].map((m) => m[1]!));
/** The rules errors.md documents: the backticked names opening a table row (its rule column). */
const documentedRules = new Set(
  errorsDoc
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...backticked(l.split(' | ')[0]!.slice(2))]),
);
/** Every string literal of the sources shaped like a rule, with the file it is in. */
const literals = new Map<string, string>();
for (const { file, text } of sources) {
  for (const m of text.matchAll(/'([a-z][a-z_]*\.[a-z][a-z0-9_]*)'|`([a-z][a-z_]*\.[a-z][a-z0-9_]*)`/g)) {
    literals.set(m[1] ?? m[2]!, file);
  }
}
/** The suffixes of templated rules, `${entity}.missing_id` → `missing_id`. */
const templated = new Set(
  sources.flatMap(({ text }) => [...text.matchAll(/`\$\{\w+\}\.([a-z][a-z0-9_]*)`/g)].map((m) => m[1]!)),
);
/** Namespaces of rules: every documented one, and the library's own (tables, grouping, printing). */
const namespaces = new Set([...[...documentedRules].map((r) => r.split('.')[0]!), 'table', 'groupby', 'show', 'row']);

describe('docs/errors.md and the rules in the code', () => {
  it('finds the rules it checks (the scan is not empty)', () => {
    expect(documentedRules.size).toBeGreaterThan(80);
    for (const r of ['order.bad_price', 'io.permission_denied', 'env.no_space', 'csv.duplicate_header'])
      expect(documentedRules.has(r), r).toBe(true);
    expect(literals.get('env.no_space')).toMatch(/fs-errors\.ts$/);
  });

  it('documents every rule the code can produce (cleaning fixes in cleaning.md)', () => {
    const documented = new Set([...backticked(errorsDoc), ...backticked(cleaningDoc)]);
    const missing = [...literals]
      .filter(([rule]) => namespaces.has(rule.split('.')[0]!) && !documented.has(rule))
      .map(([rule, file]) => `${rule} (src/${file})`);
    expect(missing).toEqual([]);
  });

  it('documents no rule the code does not have', () => {
    const unknown = [...documentedRules].filter(
      (rule) => RULE.test(rule) && !literals.has(rule) && !templated.has(rule.split('.')[1]!),
    );
    expect(unknown).toEqual([]);
  });
});

/**
 * The report's one-way imports (docs/architecture.md): it reads the warehouse through io (files), sql (DuckDB),
 * table and schemas; it never imports transforms, the pipeline or the CLI, and never touches files itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = resolve(import.meta.dirname, '../../src/report');

/** The module specifiers a source file imports (static and dynamic, types included). */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from\s+'([^']+)'|import\('([^']+)'\)/g)].map(
    (m) => m[1] ?? m[2]!,
  );
}

describe('src/report imports', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

  it('reads every file through io: no node:fs anywhere in the report', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const f of files)
      expect(
        imports(join(dir, f)).filter((s) => /^(node:)?fs(\/|$)/.test(s)),
        f,
      ).toEqual([]);
  });

  it('imports only io, sql, table, schemas and errors from the rest of ecomflow', () => {
    for (const f of files) {
      for (const s of imports(join(dir, f)).filter((x) => x.startsWith('../'))) {
        expect(s, `${f} imports ${s}`).toMatch(/^\.\.\/(io|sql|table|schemas)\/|^\.\.\/errors\.js$/);
      }
    }
  });
});

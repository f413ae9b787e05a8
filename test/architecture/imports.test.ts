/**
 * The one-way imports of docs/architecture.md, held over every module of src/: a new arrow that runs the wrong
 * way, a `node:fs` outside io or an outside library in a part that does not own it fails here, naming the file
 * and line. The checker itself is tested on planted files, so a checker that finds nothing cannot pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALLOWED,
  FILE_SYSTEM_PARTS,
  LIBRARIES,
  PARTS,
  checkImports,
  importsOf,
  partOf,
  printsOf,
  type SourceFile,
} from './import-rules.js';

const root = resolve(import.meta.dirname, '../..');

/** Every TypeScript module of src/, with paths relative to the project. */
function sourceFiles(): SourceFile[] {
  return readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `src/${f.split('\\').join('/')}`)
    .sort()
    .map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
}

/** The rules a file list breaks, as `path:line specifier` lines. */
function broken(files: readonly SourceFile[]): string[] {
  return checkImports(files).map((v) => `${v.from}:${v.line} ${v.specifier}`);
}

describe('the imports of src/', () => {
  it('every import keeps the rules of docs/architecture.md', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(150);
    expect(files.flatMap(importsOf).length).toBeGreaterThan(500);
    const violations = checkImports(files).map((v) => `${v.from}:${v.line} imports ${v.specifier}: ${v.reason}`);
    expect(violations).toEqual([]);
  });

  it('nothing below the CLI prints: the core returns text or writes to a stream it is given', () => {
    expect(
      sourceFiles()
        .flatMap(printsOf)
        .map((v) => `${v.from}:${v.line} ${v.specifier}`),
    ).toEqual([]);
  });

  it('every module lies in a part the rules name', () => {
    expect(sourceFiles().filter((f) => partOf(f.path) === null)).toEqual([]);
  });

  it('the rules themselves run one way: a part sees only parts below it', () => {
    for (const part of PARTS) {
      for (const seen of ALLOWED[part])
        expect(PARTS.indexOf(seen), `${part} → ${seen}`).toBeLessThan(PARTS.indexOf(part));
    }
  });

  it('docs/architecture.md lists each part with exactly the parts it may import', () => {
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    const rows = new Map<string, string[]>();
    for (const m of doc.matchAll(/^\| `src\/([a-z]+)(?:\/|\.ts)`[^|]*\|[^|]*\| ([^|]*) \|$/gm)) {
      const seen = m[2]!.replace(/\(.*?\)/g, '').trim();
      rows.set(m[1]!, seen === 'nothing' || seen === '' ? [] : seen.split(/,\s*/).map((s) => s.trim()));
    }
    for (const part of PARTS) expect(rows.get(part), part).toEqual([...ALLOWED[part]]);
  });
});

describe('checkImports', () => {
  const file = (path: string, text: string): SourceFile => ({ path, text });

  it('finds an arrow that runs the wrong way, naming file and line', () => {
    const files = [
      file('src/table/a.ts', "import type { X } from '../schemas/x.js';\nimport { run } from '../pipeline/run.js';"),
      file('src/transforms/b.ts', "import { c } from './c.js';\nimport { readCsv } from '../io/csv/read-csv.js';"),
      file('src/io/c.ts', "import { cleanName } from '../transforms/rules/name.js';"),
      file('src/schemas/d.ts', "import { Table } from '../table/table.js';"),
    ];
    expect(broken(files)).toEqual([
      'src/table/a.ts:2 ../pipeline/run.js',
      'src/transforms/b.ts:2 ../io/csv/read-csv.js',
      'src/io/c.ts:1 ../transforms/rules/name.js',
      'src/schemas/d.ts:1 ../table/table.js',
    ]);
    expect(checkImports(files)[0]!.reason).toBe('table may not import pipeline (table sees errors, schemas)');
  });

  it('reads every form of import: re-exports, side effects, dynamic, typeof import, multi-line, worker URLs', () => {
    const text = [
      "export { x } from '../sql/x.js';",
      "export * from '../sql/y.js';",
      "import '../sql/z.js';",
      "const m = await import('../report/page.js');",
      "type T = typeof import('../cli/main.js');",
      'import {',
      '  a,',
      '  b,',
      "} from '../pipeline/p.js';",
      "new Worker(new URL('../cli/progress-thread.js', import.meta.url));",
    ].join('\n');
    expect(broken([file('src/io/all.ts', text)])).toEqual([
      'src/io/all.ts:1 ../sql/x.js',
      'src/io/all.ts:2 ../sql/y.js',
      'src/io/all.ts:3 ../sql/z.js',
      'src/io/all.ts:4 ../report/page.js',
      'src/io/all.ts:5 ../cli/main.js',
      'src/io/all.ts:6 ../pipeline/p.js',
      'src/io/all.ts:10 ../cli/progress-thread.js',
    ]);
  });

  it('ignores what only looks like an import: comments, strings, a URL to a data file', () => {
    const text = [
      '/**',
      " * @example import { run } from '../pipeline/run.js';",
      ' */',
      "// import { x } from '../cli/x.js';",
      'const s = "import { y } from \'../cli/y.js\'";',
      "const pkg = new URL('../../package.json', import.meta.url);",
    ].join('\n');
    expect(broken([file('src/table/quiet.ts', text)])).toEqual([]);
  });

  it('lets only io touch files, in every spelling of node:fs', () => {
    const files = [
      file('src/io/files/ok.ts', "import { readFile } from 'node:fs/promises';\nimport { statSync } from 'fs';"),
      file('src/sql/a.ts', "import { readFile } from 'node:fs/promises';"),
      file('src/report/b.ts', "import type { FileHandle } from 'fs/promises';"),
      file('src/cli/c.ts', "import { writeSync } from 'node:fs';"),
      file('src/pipeline/d.ts', "const fs = await import('fs');"),
    ];
    expect(broken(files)).toEqual([
      'src/sql/a.ts:1 node:fs/promises',
      'src/report/b.ts:1 fs/promises',
      'src/cli/c.ts:1 node:fs',
      'src/pipeline/d.ts:1 fs',
    ]);
    expect(FILE_SYSTEM_PARTS).toEqual(['io']);
  });

  it('keeps each outside library in the parts that own it, and refuses one nobody owns', () => {
    const files = [
      file('src/sql/ok.ts', "import { DuckDBInstance } from '@duckdb/node-api';\nimport { join } from 'node:path';"),
      file('src/transforms/a.ts', "import { DuckDBInstance } from '@duckdb/node-api';"),
      file('src/table/b.ts', "const vega = await import('vega');"),
      file('src/io/c.ts', "import left from 'left-pad';"),
    ];
    expect(broken(files)).toEqual([
      'src/transforms/a.ts:1 @duckdb/node-api',
      'src/table/b.ts:1 vega',
      'src/io/c.ts:1 left-pad',
    ]);
    expect(LIBRARIES['@duckdb/node-api']).toEqual(['sql']);
  });

  it('refuses imports of the entry points and of folders outside the parts', () => {
    const files = [
      file('src/pipeline/a.ts', "import { show } from '../index.js';"),
      file('src/cli/b.ts', "import '../cli.js';"),
      file('src/io/c.ts', "import { x } from '../../test/helpers/tmp.js';"),
      file('src/misc/d.ts', "import { x } from '../errors.js';"),
    ];
    expect(broken(files)).toEqual([
      'src/pipeline/a.ts:1 ../index.js',
      'src/cli/b.ts:1 ../cli.js',
      'src/io/c.ts:1 ../../test/helpers/tmp.js',
      'src/misc/d.ts:1 ../errors.js',
    ]);
  });

  it('finds printing outside the CLI, in code only', () => {
    const text = [
      '/** @example console.log(show(t)); */',
      "const note = 'process.stdout';",
      'console.log(show(table));',
      "process.stderr.write('x');",
      'export function write(out: NodeJS.WritableStream): void { out.write(text); }',
    ].join('\n');
    expect(printsOf({ path: 'src/table/show.ts', text }).map((v) => `${v.line} ${v.specifier}`)).toEqual([
      '3 console.log',
      '4 process.stderr',
    ]);
    expect(printsOf({ path: 'src/cli/main.ts', text })).toEqual([]);
  });

  it('allows what the rules allow: own part, parts below, the public face importing every part', () => {
    const files = [
      file('src/report/a.ts', "import { query } from '../sql/warehouse-db.js';\nimport { b } from './b.js';"),
      file('src/index.ts', "export { runPipeline } from './pipeline/run-pipeline.js';\nexport * from './errors.js';"),
      file('src/cli.ts', "import { main } from './cli/main.js';"),
      file('src/errors.ts', 'export class EcomflowError extends Error {}'),
    ];
    expect(broken(files)).toEqual([]);
  });
});

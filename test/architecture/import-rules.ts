/**
 * The import rules of docs/architecture.md, as data, and a checker over source texts. Every module of `src/` is
 * in one part (a folder of src/, or errors.ts, cli.ts, index.ts); a part may import only the parts its row
 * allows, `node:fs` is imported only inside io, and each outside library is imported only by the parts that
 * own it. The TypeScript parser reads the imports, so comments and strings that look like imports are not.
 */
import { isBuiltin } from 'node:module';
import { posix } from 'node:path';
import ts from 'typescript';

/** The parts of src/, from the bottom of the one-way flow to the top. */
export const PARTS = [
  'errors',
  'schemas',
  'table',
  'io',
  'transforms',
  'spark',
  'sql',
  'report',
  'pipeline',
  'cli',
  'index',
] as const;

/** One part of src/. */
export type Part = (typeof PARTS)[number];

/** What each part may import from the rest of src/ (its own modules always). */
export const ALLOWED: Readonly<Record<Part, readonly Part[]>> = {
  errors: [],
  schemas: ['errors'],
  table: ['errors', 'schemas'],
  io: ['errors', 'schemas', 'table'],
  transforms: ['errors', 'schemas', 'table'],
  spark: ['errors', 'schemas', 'table', 'io', 'transforms'],
  sql: ['errors', 'schemas', 'table', 'io'],
  report: ['errors', 'schemas', 'table', 'io', 'sql'],
  pipeline: ['errors', 'schemas', 'table', 'io', 'transforms', 'spark', 'sql', 'report'],
  cli: ['errors', 'schemas', 'table', 'io', 'spark', 'sql', 'report', 'pipeline'],
  index: ['errors', 'schemas', 'table', 'io', 'transforms', 'spark', 'sql', 'report', 'pipeline'],
};

/** Node's file-system modules: only io touches files. */
const FILE_SYSTEM = /^(node:)?fs(\/promises)?$/;

/** The parts that may import `node:fs`. */
export const FILE_SYSTEM_PARTS: readonly Part[] = ['io'];

/** Which parts own each outside library (a package not listed here may be imported by no part). */
export const LIBRARIES: Readonly<Record<string, readonly Part[]>> = {
  'apache-arrow': ['table', 'io', 'transforms', 'spark', 'sql', 'report', 'pipeline'],
  'csv-parse': ['io'],
  hyparquet: ['io'],
  '@duckdb/node-api': ['sql'],
  '@grpc/grpc-js': ['spark'],
};

/** One source file: its path relative to the project (`src/io/csv/read-csv.ts`) and its text. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

/** One import found in a file: what it names, and the line it is on. */
export interface ImportArrow {
  readonly from: string;
  readonly specifier: string;
  readonly line: number;
}

/** One import that breaks a rule, in words. */
export interface Violation extends ImportArrow {
  readonly reason: string;
}

/** The part of src/ a project path lies in, or null outside src/ or in a folder no row names. */
export function partOf(path: string): Part | null {
  const m = /^src\/(?:([^/]+)\/|([^/]+)\.ts$)/.exec(path);
  const name = m?.[1] ?? m?.[2];
  return (PARTS as readonly string[]).includes(name ?? '') ? (name as Part) : null;
}

/**
 * Every module a file depends on: static `import … from` and `export … from`, side-effect `import '…'`,
 * dynamic `import('…')`, `typeof import('…')` in types, and `new URL('./x.js', import.meta.url)` (a worker's
 * module), types included.
 */
export function importsOf(file: SourceFile): ImportArrow[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: ImportArrow[] = [];
  const add = (node: ts.Node, specifier: string): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ from: file.path, specifier, line });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) add(node, node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [first] = node.arguments;
      if (first !== undefined && ts.isStringLiteralLike(first)) add(node, first.text);
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) add(node, arg.literal.text);
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
      const [first, base] = node.arguments ?? [];
      if (first !== undefined && ts.isStringLiteralLike(first) && /\.[cm]?[jt]s$/.test(first.text)) {
        if (base?.getText(source) === 'import.meta.url') add(node, first.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The project path a relative specifier names (`./x.js` from `src/io/a.ts` → `src/io/x.ts`), else null. */
function resolveRelative(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.js$/, '.ts');
}

/** The package a bare specifier names (`@duckdb/node-api`, `apache-arrow`), else null for `node:` and paths. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('/')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Why one import breaks a rule, or null when it keeps them. */
export function violationOf(arrow: ImportArrow): string | null {
  const part = partOf(arrow.from);
  if (part === null) return `${arrow.from} lies in no part of src/ that docs/architecture.md names`;
  if (FILE_SYSTEM.test(arrow.specifier)) {
    return FILE_SYSTEM_PARTS.includes(part) ? null : `${part} touches files (${arrow.specifier}): only io may`;
  }
  const target = resolveRelative(arrow.from, arrow.specifier);
  if (target !== null) {
    const to = partOf(target);
    if (to === null) return `imports ${target}, outside the parts of src/`;
    if (to === part || ALLOWED[part].includes(to)) return null;
    return `${part} may not import ${to} (${part} sees ${ALLOWED[part].join(', ') || 'nothing'})`;
  }
  const pkg = packageOf(arrow.specifier);
  if (pkg === null || isBuiltin(arrow.specifier)) return null;
  const owners = LIBRARIES[pkg];
  if (owners === undefined) return `imports ${pkg}, a library no part owns (add it to LIBRARIES and the docs)`;
  return owners.includes(part) ? null : `${part} may not import ${pkg} (owned by ${owners.join(', ')})`;
}

/**
 * Every import in `files` that breaks a rule, plus every module nothing may import that something imports
 * (src/index.ts and src/cli.ts are entry points only).
 * @example
 * checkImports([{ path: 'src/table/a.ts', text: "import { x } from '../io/b.js';" }]);
 * // [{ from: 'src/table/a.ts', specifier: '../io/b.js', line: 1, reason: 'table may not import io (…)' }]
 */
export function checkImports(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    for (const arrow of importsOf(file)) {
      let reason = violationOf(arrow);
      const target = resolveRelative(arrow.from, arrow.specifier);
      if (reason === null && (target === 'src/index.ts' || target === 'src/cli.ts')) {
        reason = `imports the entry point ${target}`;
      }
      if (reason !== null) violations.push({ ...arrow, reason });
    }
  }
  return violations;
}

/** The parts that may print (`console.*`, `process.stdout`, `process.stderr`): the CLI alone. */
export const PRINTING_PARTS: readonly Part[] = ['cli'];

/**
 * Every place a file outside the printing parts prints: `console.*` or `process.stdout` / `process.stderr`
 * (code only; comments and strings are not read).
 * @example
 * printsOf({ path: 'src/table/show.ts', text: 'console.log(show(t));' }); // [{ …, specifier: 'console.log', line: 1 }]
 */
export function printsOf(file: SourceFile): Violation[] {
  const part = partOf(file.path);
  if (part !== null && PRINTING_PARTS.includes(part)) return [];
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Violation[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const owner = node.expression.text;
      const name = node.name.text;
      if (owner === 'console' || (owner === 'process' && (name === 'stdout' || name === 'stderr'))) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push({ from: file.path, specifier: `${owner}.${name}`, line, reason: `${part ?? 'src'} prints` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The public API is the product (issue 13 §5): src/index.ts exports, by name, what a user composes, and nothing of
 * the machinery behind it. This pins the list; a change to it is a change of the product, made here on purpose and
 * in docs/api.md, which lists every export with one line.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const indexText = readFileSync(join(root, 'src/index.ts'), 'utf8');

/** The runtime exports of the public face, sorted. */
const VALUES = [
  'EcomflowError',
  'EnvironmentError',
  'InputError',
  'InterruptedError',
  'SQL_ANSWERS',
  'STEP_NAMES',
  'SchemaError',
  'SparkError',
  'SparkSession',
  'Table',
  'UsageError',
  'aggregateSchemas',
  'buildReport',
  'cleanCustomers',
  'cleanProducts',
  'cleaningRules',
  'closeQueryEngines',
  'column',
  'columnValues',
  'connectSpark',
  'date',
  'decimal',
  'dedupeCustomersStep',
  'dedupeLinesStep',
  'dedupeProductsStep',
  'dictString',
  'enrichOrders',
  'enrichedCustomers',
  'enrichedOrders',
  'enrichedProducts',
  'enrichedSchemas',
  'findSources',
  'formatCsv',
  'formatJson',
  'formatTable',
  'groupBy',
  'int32',
  'int64',
  'lookupCustomerStep',
  'lookupProductStep',
  'openWarehouse',
  'orderYearStep',
  'plainString',
  'profitAggregates',
  'profitByCategory',
  'profitByCategoryStep',
  'profitByCustomer',
  'profitByCustomerStep',
  'profitBySubCategory',
  'profitBySubCategoryStep',
  'profitByYear',
  'profitByYearStep',
  'profitSummary',
  'profitSummaryStep',
  'query',
  'rawCustomers',
  'rawOrders',
  'rawProducts',
  'rawSchemas',
  'readCsv',
  'readJson',
  'readParquet',
  'readXlsx',
  'rejectSchemas',
  'rejectedCustomers',
  'rejectedOrders',
  'rejectedProducts',
  'roundProfitStep',
  'runPipeline',
  'runSqlAnswers',
  'show',
  'stageOrdersStep',
  'tableRows',
  'take',
  'writeParquet',
];

/** Internals a user never composes: none of them may leave the package. */
const INTERNALS = [
  'hashBytes',
  'CodeRemap',
  'DictionaryGather',
  'SeenLines',
  'lineHashes',
  'RejectsBuilder',
  'addFix',
  'countBy',
  'RawTableBuilder',
  'DictionaryBuilder',
  'Int32Builder',
  'Int64Builder',
  'Utf8Builder',
  'builderFor',
  'tableFromVectors',
  'partialProfitSummary',
  'mergeProfitSummaries',
  'aggregatesFromSummary',
  'textReader',
  'codedColumn',
  'bigintColumn',
  'int32Column',
  'cleanKeyed',
  'writeCsv',
  'writeJson',
  'writePreview',
  'WAREHOUSE_MARKER',
];

/** Every name src/index.ts exports (values and types), read from its export declarations, sorted. */
function exportedNames(): string[] {
  const source = ts.createSourceFile('index.ts', indexText, ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement)) continue;
    const clause = statement.exportClause;
    if (clause === undefined || !ts.isNamedExports(clause)) throw new Error('src/index.ts uses export *');
    for (const element of clause.elements) names.push(element.name.text);
  }
  return names.sort();
}

describe('the public API (src/index.ts)', () => {
  it('exports exactly the pinned values', async () => {
    const api = (await import('../../src/index.js')) as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(VALUES);
    for (const name of VALUES) expect(api[name], name).toBeDefined();
  });

  it('exports no internal', async () => {
    const api = (await import('../../src/index.js')) as Record<string, unknown>;
    expect(INTERNALS.filter((name) => name in api)).toEqual([]);
  });

  it('re-exports by name only: no export * and no code of its own', () => {
    const source = ts.createSourceFile('index.ts', indexText, ts.ScriptTarget.Latest, true);
    const own = source.statements.filter((s) => !ts.isExportDeclaration(s) || s.exportClause === undefined);
    expect(own.map((s) => s.getText(source))).toEqual([]);
    expect(exportedNames().length).toBeGreaterThan(VALUES.length);
  });

  it('docs/api.md gives every export one line, and lists nothing else', () => {
    const doc = readFileSync(join(root, 'docs/api.md'), 'utf8');
    const listed = [...doc.matchAll(/^- `([A-Za-z_$][\w$]*)`/gm)].map((m) => m[1]!).sort();
    expect(listed).toEqual(exportedNames());
  });
});

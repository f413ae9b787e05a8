/**
 * The statement guard, first layer of `ecomflow sql`'s read-only promise: every statement of the text is
 * extracted and prepared by DuckDB before anything runs, and only statements DuckDB types as SELECT (which
 * covers DESCRIBE, SHOW, SUMMARIZE, VALUES, FROM-first and PRAGMAs that are table functions) or EXPLAIN of
 * such a statement are let through. The second layer, the locked engine, is in warehouse-db.ts.
 */
import type { DuckDBConnection, DuckDBPreparedStatement, StatementType } from '@duckdb/node-api';
import { duckdb } from './duckdb-api.js';
import { InputError } from '../errors.js';
import { splitStatements, type ScannedStatement } from './statements.js';

/** Statement types that only read (the enum comes from DuckDB's native library, loaded on first use). */
function readOnlyStatements(): ReadonlySet<StatementType> {
  const { StatementType: types } = duckdb();
  return new Set([types.SELECT, types.EXPLAIN]);
}

/** Leading keywords whose statements write, change settings or touch files; used when DuckDB cannot prepare them. */
const REFUSED_KEYWORDS = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'TRUNCATE',
  'MERGE',
  'DROP',
  'CREATE',
  'ALTER',
  'COMMENT',
  'COPY',
  'ATTACH',
  'DETACH',
  'EXPORT',
  'IMPORT',
  'INSTALL',
  'LOAD',
  'SET',
  'RESET',
  'USE',
  'PRAGMA',
  'VACUUM',
  'ANALYZE',
  'CALL',
  'CHECKPOINT',
  'BEGIN',
  'START',
  'COMMIT',
  'END',
  'ROLLBACK',
  'ABORT',
  'PREPARE',
  'EXECUTE',
  'DEALLOCATE',
]);

/** Keywords that name a statement better than DuckDB's type does (INSTALL is typed LOAD, RESET is SET…). */
const KEYWORD_LABELS = new Set(['INSTALL', 'ANALYZE', 'CHECKPOINT', 'RESET', 'USE', 'TRUNCATE', 'IMPORT', 'MERGE']);

/** The error for a refused statement: `ecomflow sql is read-only: COPY statements are not allowed`. */
export function readOnlyError(label: string): InputError {
  return new InputError('sql.read_only', `ecomflow sql is read-only: ${label} statements are not allowed`);
}

/**
 * Extracts and prepares every statement of `sql` and refuses the text unless all of them only read; returns
 * the prepared statements, none of them run. DuckDB's own errors (syntax, unknown table) are thrown as they are.
 * @example
 * await prepareReadOnly(connection, "COPY (SELECT 1) TO 'x.csv'");
 * // InputError: ecomflow sql is read-only: COPY statements are not allowed
 */
export async function prepareReadOnly(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement[]> {
  const scanned = splitStatements(sql);
  if (scanned.length === 0) throw new InputError('sql.empty', 'no SQL statement given');
  const extracted = await connection.extractStatements(sql);
  const aligned = scanned.length === extracted.count;
  const prepared: DuckDBPreparedStatement[] = [];
  for (let i = 0; i < extracted.count; i++) {
    const scan = aligned ? scanned[i] : undefined;
    let statement: DuckDBPreparedStatement;
    try {
      statement = await extracted.prepare(i);
    } catch (error) {
      const refused = scan === undefined ? undefined : refusedByKeyword(scan);
      if (refused !== undefined) throw readOnlyError(refused);
      throw error;
    }
    await assertReads(connection, statement, scan);
    prepared.push(statement);
  }
  return prepared;
}

async function assertReads(
  connection: DuckDBConnection,
  statement: DuckDBPreparedStatement,
  scan: ScannedStatement | undefined,
): Promise<void> {
  const type = statement.statementType;
  const { StatementType: types } = duckdb();
  if (!readOnlyStatements().has(type)) throw readOnlyError(statementLabel(type, scan));
  if (type !== types.EXPLAIN) return;
  // EXPLAIN ANALYZE runs the explained statement: it must itself be read-only.
  const inner = scan === undefined ? undefined : explainedText(scan.text);
  if (inner === undefined) throw readOnlyError('EXPLAIN of unchecked');
  const extracted = await connection.extractStatements(inner);
  const innerStatement = await extracted.prepare(0);
  try {
    const innerType = innerStatement.statementType;
    if (!readOnlyStatements().has(innerType) || innerType === types.EXPLAIN) {
      throw readOnlyError(
        `EXPLAIN of ${statementLabel(innerType, { text: inner, keywords: splitStatements(inner)[0]?.keywords ?? [] })}`,
      );
    }
  } finally {
    innerStatement.destroySync();
  }
}

/** The label of a statement DuckDB could not prepare, when its leading keyword says it would not only read. */
function refusedByKeyword(scan: ScannedStatement): string | undefined {
  if (scan.keywords[0] === 'EXPLAIN') {
    const inner = explainedText(scan.text);
    const innerScan = inner === undefined ? undefined : splitStatements(inner)[0];
    const label = innerScan === undefined ? undefined : refusedByKeyword(innerScan);
    return label === undefined ? undefined : `EXPLAIN of ${label}`;
  }
  const keyword = scan.keywords[0];
  return keyword !== undefined && REFUSED_KEYWORDS.has(keyword) ? keywordLabel(scan) : undefined;
}

/** The statement after `EXPLAIN [ANALYZE] [(options)]`, or undefined when the text does not read that way. */
function explainedText(text: string): string | undefined {
  const m = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*explain\s+(?:analy[sz]e\s+)?(?:\([^)]*\)\s*)?/i.exec(text);
  return m === null ? undefined : text.slice(m[0].length);
}

function statementLabel(type: StatementType, scan: ScannedStatement | undefined): string {
  const keyword = scan?.keywords[0];
  if (keyword !== undefined && KEYWORD_LABELS.has(keyword)) return keywordLabel(scan!);
  return ((duckdb().StatementType[type] as string | undefined) ?? `type ${type}`).replaceAll('_', ' ');
}

function keywordLabel(scan: ScannedStatement): string {
  const [first, second] = scan.keywords;
  if (first === 'MERGE') return 'MERGE INTO';
  if (first === 'UPDATE' && second === 'EXTENSIONS') return 'UPDATE EXTENSIONS';
  return first ?? 'unknown';
}

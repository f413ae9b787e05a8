/**
 * The four answers: readable `.sql` files shipped in the package's `sql/` folder, run over a warehouse and
 * saved as `<warehouse>/sql/<name>.csv`. People open these files in spreadsheets, so text cells that a
 * spreadsheet would run as a formula are escaped (format-csv.ts); numbers are written as they are. DuckDB
 * renders the CSV lines and writes the files itself (copy-csv.ts): an answer of 200,000 rows never becomes
 * JavaScript values.
 */
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { writeFileAtomicByPath } from '../io/files/atomic-file.js';
import { readTextFile, writeTextFile } from '../io/files/text-file.js';
import { findTable } from '../io/warehouse/table-files.js';
import { openCsvCopier, type CsvCopier } from './copy-csv.js';
import { openWarehouse, type OpenOptions, type WarehouseDb } from './warehouse-db.js';
import type { Cell, ResultColumn } from './query-result.js';

/** The answers, in the order they are run and printed. */
export const SQL_ANSWERS = [
  'profit_by_year',
  'profit_by_year_category',
  'profit_by_customer',
  'profit_by_customer_year',
] as const;

/** One answer's name. */
export type SqlAnswerName = (typeof SQL_ANSWERS)[number];

/** Answers of at most this many rows are also kept in memory (`SqlAnswer.rows`): the run prints profit by year. */
export const KEPT_ANSWER_ROWS = 100;

/** One answer computed over a warehouse. */
export interface SqlAnswer {
  readonly name: SqlAnswerName;
  /** The CSV written, relative to the warehouse (`sql/profit_by_year.csv`). */
  readonly file: string;
  readonly columns: readonly ResultColumn[];
  /** Data rows written to `file`. */
  readonly rowCount: number;
  /** The rows as `query` gives them, for an answer of at most `KEPT_ANSWER_ROWS` rows; null for a bigger one. */
  readonly rows: readonly (readonly Cell[])[] | null;
}

/**
 * The package's `sql/` folder. Both `src/sql/answers.ts` (tsx, tests) and `dist/sql/answers.js` (built or
 * installed package) sit two levels below the package root, which ships `sql/` (package.json `files`).
 */
export const answersDir = fileURLToPath(new URL('../../sql/', import.meta.url));

/** The text of one answer's `.sql` file. */
export async function answerSql(name: SqlAnswerName): Promise<string> {
  return readTextFile(join(answersDir, `${name}.sql`));
}

/**
 * Runs the four answers over `warehouse` and writes each as `<warehouse>/sql/<name>.csv` (formulas escaped).
 * DuckDB writes the files itself (copy-csv.ts); an answer it cannot write so (a damaged table…) is run on the
 * warehouse's locked engine instead, which names the problem as `ecomflow sql` does.
 * @example
 * const [byYear] = await runSqlAnswers('warehouse');
 * byYear.rows; // [[2014, '39185.75'], [2015, '63073.09'], [2016, '65073.23'], [2017, '111084.96']]
 */
export async function runSqlAnswers(warehouse: string, options: OpenOptions = {}): Promise<SqlAnswer[]> {
  const db = await openWarehouse(warehouse, options);
  let copier: CsvCopier | null = null;
  const answers: SqlAnswer[] = [];
  try {
    const source = db.damaged.length === 0 ? await findTable(db.warehouse, 'enriched', 'orders') : undefined;
    if (source !== undefined && source.problem === undefined) copier = await openCsvCopier([source]);
    for (const name of SQL_ANSWERS) answers.push(await writeAnswer(db, copier, name));
  } finally {
    copier?.close();
    db.close();
  }
  return answers;
}

/** Runs one answer and writes its CSV (by DuckDB's COPY where it can), keeping its rows when it is small. */
async function writeAnswer(db: WarehouseDb, copier: CsvCopier | null, name: SqlAnswerName): Promise<SqlAnswer> {
  const sql = await answerSql(name);
  const file = `sql/${name}.csv`;
  const path = join(db.warehouse, file);
  let rowCount: number | undefined;
  if (copier !== null) {
    const copy = copier;
    rowCount = await writeFileAtomicByPath(path, async (temp) => {
      const rows = await copy.copy(sql, temp, { escapeFormulas: true });
      if (rows === undefined) throw new Error(`DuckDB cannot render ${name} as CSV`);
      return rows;
    }).catch(() => undefined); // written below by the locked engine, which names what failed
  }
  if (rowCount === undefined) {
    const parts: string[] = [];
    const sink = new Writable({
      decodeStrings: false,
      write(chunk: string, _encoding, done) {
        parts.push(chunk);
        done();
      },
    });
    rowCount = (await db.exportCsv(sql, sink, { escapeFormulas: true })).rows;
    await writeTextFile(path, parts.join(''));
  }
  const result = rowCount <= KEPT_ANSWER_ROWS ? await db.run(sql) : await db.run(`select * from (${sql}) limit 0`);
  return { name, file, columns: result.columns, rowCount, rows: rowCount <= KEPT_ANSWER_ROWS ? result.rows : null };
}

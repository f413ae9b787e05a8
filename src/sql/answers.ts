/**
 * The four answers: readable `.sql` files shipped in the package's `sql/` folder, run over a warehouse and
 * saved as `<warehouse>/sql/<name>.csv`. People open these files in spreadsheets, so text cells that a
 * spreadsheet would run as a formula are escaped (format-csv.ts); numbers are written as they are.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTextFile, writeTextFile } from '../io/files/text-file.js';
import { formatCsv } from './format.js';
import { openWarehouse, type OpenOptions } from './warehouse-db.js';
import type { QueryResult } from './query-result.js';

/** The answers, in the order they are run and printed. */
export const SQL_ANSWERS = [
  'profit_by_year',
  'profit_by_year_category',
  'profit_by_customer',
  'profit_by_customer_year',
] as const;

/** One answer's name. */
export type SqlAnswerName = (typeof SQL_ANSWERS)[number];

/** One answer computed over a warehouse. */
export interface SqlAnswer {
  readonly name: SqlAnswerName;
  /** The CSV written, relative to the warehouse (`sql/profit_by_year.csv`). */
  readonly file: string;
  readonly result: QueryResult;
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
 * @example
 * const [byYear] = await runSqlAnswers('warehouse');
 * byYear.result.rows; // [[2014, '39185.75'], [2015, '63073.09'], [2016, '65073.23'], [2017, '111084.96']]
 */
export async function runSqlAnswers(warehouse: string, options: OpenOptions = {}): Promise<SqlAnswer[]> {
  const db = await openWarehouse(warehouse, options);
  const answers: SqlAnswer[] = [];
  try {
    for (const name of SQL_ANSWERS) {
      const result = await db.run(await answerSql(name));
      const file = `sql/${name}.csv`;
      await writeTextFile(join(db.warehouse, file), formatCsv(result, { escapeFormulas: true }));
      answers.push({ name, file, result });
    }
  } finally {
    db.close();
  }
  return answers;
}

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
import { openWarehouse, warehouseRoot, type OpenOptions, type WarehouseDb } from './warehouse-db.js';
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
 * warehouse's locked engine instead (opened only then), which names the problem as `ecomflow sql` does.
 * @example
 * const [byYear] = await runSqlAnswers('warehouse');
 * byYear.rows; // [[2014, '39185.75'], [2015, '63073.09'], [2016, '65073.23'], [2017, '111084.96']]
 */
export async function runSqlAnswers(warehouse: string, options: OpenOptions = {}): Promise<SqlAnswer[]> {
  const root = await warehouseRoot(warehouse, options.requireMarker ?? true);
  const source = await findTable(root, 'enriched', 'orders');
  // a table DuckDB cannot open: no copier, and the locked engine says why
  const readable = source !== undefined && source.problem === undefined;
  const copier = readable ? await openCsvCopier([source]).catch(() => null) : null;
  let db: WarehouseDb | null = null;
  const engines: AnswerEngines = { root, copier, locked: async () => (db ??= await openWarehouse(warehouse, options)) };
  const answers: SqlAnswer[] = [];
  try {
    for (const name of SQL_ANSWERS) answers.push(await writeAnswer(engines, name));
  } finally {
    copier?.close();
    (db as WarehouseDb | null)?.close();
  }
  return answers;
}

/** Where the answers run: the private copier when it opened, else (and for any answer it fails) the locked engine. */
interface AnswerEngines {
  readonly root: string;
  readonly copier: CsvCopier | null;
  readonly locked: () => Promise<WarehouseDb>;
}

/** Runs one answer and writes its CSV (by DuckDB's COPY where it can), keeping its rows when it is small. */
async function writeAnswer(engines: AnswerEngines, name: SqlAnswerName): Promise<SqlAnswer> {
  const sql = await answerSql(name);
  const file = `sql/${name}.csv`;
  const path = join(engines.root, file);
  const copier = engines.copier;
  if (copier !== null) {
    const copied = await writeFileAtomicByPath(path, async (temp) => {
      const done = await copier.copy(sql, temp, { escapeFormulas: true });
      if (done === undefined) throw new Error(`DuckDB cannot render ${name} as CSV`);
      return done;
    }).catch(() => undefined); // written below by the locked engine, which names what failed
    if (copied !== undefined) {
      const rows = copied.rows <= KEPT_ANSWER_ROWS ? (await copier.run(sql)).rows : null;
      return { name, file, columns: copied.columns, rowCount: copied.rows, rows };
    }
  }
  const db = await engines.locked();
  const parts: string[] = [];
  const sink = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      parts.push(chunk);
      done();
    },
  });
  const exported = await db.exportCsv(sql, sink, { escapeFormulas: true });
  await writeTextFile(path, parts.join(''));
  const rows = exported.rows <= KEPT_ANSWER_ROWS ? (await db.run(sql)).rows : null;
  return { name, file, columns: exported.columns, rowCount: exported.rows, rows };
}

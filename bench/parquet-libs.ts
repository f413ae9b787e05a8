/**
 * Parquet write/read benchmark: ecomflow's writeParquet/readParquet (own page writer + hyparquet) against
 * DuckDB doing the same write (`COPY` from a generated table) and read, on 1,000,000 rows × 5 columns
 * (int64 id, dictionary string, plain string, DECIMAL(18,2), DATE). Prints the median of 3 runs and file sizes,
 * and checks that both files hold exactly the same rows.
 *
 * Run: node --import tsx bench/parquet-libs.ts [rows]
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type Json } from '@duckdb/node-api';
import { readParquet } from '../src/io/parquet/read-parquet.js';
import { writeParquet } from '../src/io/parquet/write-parquet.js';
import { column, date, decimal, dictString, int64, plainString, type TableSchema } from '../src/schemas/types.js';
import { DictionaryBuilder, Int32Builder, Int64Builder, Utf8Builder, builderFor } from '../src/table/builders.js';
import { tableFromVectors, type Table } from '../src/table/table.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const RUNS = 3;
const EPOCH_2014 = Date.UTC(2014, 0, 1) / 86_400_000;

const schema: TableSchema = {
  name: 'bench',
  layer: 'enriched',
  grain: 'one row per i',
  columns: [
    column('id', int64(), 'Row key.', { nullable: false }),
    column('category', dictString(), '50 distinct labels, 1% null.'),
    column('name', plainString(), 'Distinct text per row, 1% null.'),
    column('profit', decimal(18, 2), 'Cents in ±10,000.00, 1% null.'),
    column('day', date(), '1,500 distinct days from 2014-01-01.'),
  ],
};

/** The same rows as `generatedSql`, built in memory. */
function generateTable(rows: number): Table {
  const [id, category, name, profit, day] = schema.columns.map((c) => builderFor(c.type)) as [
    Int64Builder,
    DictionaryBuilder,
    Utf8Builder,
    Int64Builder,
    Int32Builder,
  ];
  for (let i = 0; i < rows; i++) {
    id.append(BigInt(i));
    category.append(i % 100 === 0 ? null : `category-${i % 50}`);
    name.append(i % 100 === 1 ? null : `customer name ${i}`);
    profit.append(i % 100 === 2 ? null : BigInt(((i * 7919) % 2_000_001) - 1_000_000));
    day.append(EPOCH_2014 + (i % 1500));
  }
  return tableFromVectors(schema.columns, [
    id.finish(),
    category.finish(),
    name.finish(),
    profit.finish(),
    day.finish(),
  ]);
}

const generatedSql = (rows: number): string => `
  CREATE OR REPLACE TABLE generated AS
  SELECT i::BIGINT AS id,
         CASE WHEN i % 100 = 0 THEN NULL ELSE 'category-' || (i % 50) END AS category,
         CASE WHEN i % 100 = 1 THEN NULL ELSE 'customer name ' || i END AS name,
         CASE WHEN i % 100 = 2 THEN NULL ELSE (((i * 7919) % 2000001 - 1000000) * 0.01)::DECIMAL(18,2) END AS profit,
         DATE '2014-01-01' + (i % 1500)::INTEGER AS day
  FROM range(${rows}) t(i)`;

async function time(label: string, run: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    await run();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(RUNS / 2)]!;
  console.log(
    `${label.padEnd(44)} median ${median.toFixed(0).padStart(6)} ms   runs ${ms.map((m) => m.toFixed(0)).join(' / ')}`,
  );
  return median;
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
/** A DuckDB JSON cell as text (big integers already come as strings). */
const jsonText = (value: Json | undefined): string =>
  typeof value === 'string' ? value : JSON.stringify(value ?? null);

const dir = await mkdtemp(join(tmpdir(), 'ecomflow-bench-'));
const ours = join(dir, 'ecomflow.parquet');
const theirs = join(dir, 'duckdb.parquet');
try {
  console.log(
    `parquet-libs: ${ROWS.toLocaleString('en')} rows × 5 columns, median of ${RUNS}; ` +
      `node ${process.version}, ${availableParallelism()} cores`,
  );
  const table = generateTable(ROWS);

  const writeMs = await time('ecomflow writeParquet', () => writeParquet(ours, table));
  const readMs = await time('ecomflow readParquet (hyparquet)', () => readParquet(ours, schema));

  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  const threads = (await db.runAndReadAll(`SELECT current_setting('threads') AS t`)).getRowObjectsJson()[0]!['t'];
  await db.run(generatedSql(ROWS));
  const duckWriteMs = await time(`DuckDB COPY TO parquet (threads=${jsonText(threads)})`, () =>
    db.run(`COPY generated TO '${theirs}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 100000)`),
  );
  const duckReadMs = await time('DuckDB read parquet into a table', () =>
    db.run(`CREATE OR REPLACE TABLE back AS SELECT * FROM read_parquet('${ours}')`),
  );
  const readTheirsMs = await time('ecomflow readParquet of the DuckDB file', () => readParquet(theirs, schema));

  const diff = await db.runAndReadAll(`
    SELECT (SELECT count(*) FROM (SELECT * FROM '${ours}' EXCEPT ALL SELECT * FROM '${theirs}'))
         + (SELECT count(*) FROM (SELECT * FROM '${theirs}' EXCEPT ALL SELECT * FROM '${ours}')) AS differing`);
  db.closeSync();
  instance.closeSync();

  const [oursSize, theirsSize] = [(await stat(ours)).size, (await stat(theirs)).size];
  console.log(`file size: ecomflow ${mb(oursSize)}, DuckDB ${mb(theirsSize)}`);
  console.log(
    'rows differing between the two files (DuckDB EXCEPT ALL both ways): ' +
      jsonText(diff.getRowObjectsJson()[0]!['differing']),
  );
  console.log(
    `ratios: write ${(writeMs / duckWriteMs).toFixed(1)}× DuckDB, read ${(readMs / duckReadMs).toFixed(1)}× DuckDB, ` +
      `reading DuckDB's file ${readTheirsMs.toFixed(0)} ms`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Parquet write benchmark on the pipeline's real tables: reads every table of a warehouse built from the
 * generated 1M-line input, then writes them with ecomflow's `writeParquet` (Arrow buffers → pages, SNAPPY and
 * UNCOMPRESSED). Prints times (median of RUNS), file sizes, and checks with DuckDB that the SNAPPY and
 * UNCOMPRESSED files hold the same data as the warehouse's own file (`count(*)` and `sum(hash(column))` for
 * every column).
 *
 * Prepare: npm run generate -- --lines 1000000 --out /tmp/gen1m
 *          npx tsx src/cli.ts run --input /tmp/gen1m --out /tmp/wh1m
 * Run:     node --import tsx bench/parquet-write.ts [warehouse=/tmp/wh1m]
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import { readParquet } from '../src/io/parquet/read-parquet.js';
import { writeParquet } from '../src/io/parquet/write-parquet.js';
import {
  aggregateSchemas,
  enrichedSchemas,
  rawSchemas,
  rejectSchemas,
  type TableSchema,
} from '../src/schemas/index.js';

const WAREHOUSE = process.argv[2] ?? '/tmp/wh1m';
const RUNS = 3;
const FOCUS = ['raw/orders', 'enriched/orders', 'aggregates/profit_summary'];

const layers: Record<string, Record<string, TableSchema>> = {
  raw: rawSchemas,
  enriched: enrichedSchemas,
  rejects: rejectSchemas,
  aggregates: aggregateSchemas,
};

async function median(run: () => Promise<unknown>, runs = RUNS): Promise<{ median: number; runs: number[] }> {
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    await run();
    ms.push(performance.now() - start);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  return { median: sorted[Math.floor(runs / 2)]!, runs: ms };
}

const fmt = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2).padStart(6)} MB`;
const runList = (m: { runs: number[] }): string => m.runs.map((ms) => ms.toFixed(0)).join(' / ');
const size = async (file: string): Promise<number> => (await stat(file)).size;

/** `count(*)` and `sum(hash(c))` of every column, as one comparable string. */
async function fingerprint(
  db: Awaited<ReturnType<DuckDBInstance['connect']>>,
  file: string,
  table: Table,
): Promise<string> {
  const sums = table.schema.fields.map((f) => `sum(hash("${f.name}"))::VARCHAR`).join(', ');
  const reader = await db.runAndReadAll(`SELECT count(*)::VARCHAR, ${sums} FROM read_parquet('${file}')`);
  return JSON.stringify(reader.getRows());
}

const dir = await mkdtemp(join(tmpdir(), 'ecomflow-bench-write-'));
try {
  const tables: { name: string; table: Table }[] = [];
  for (const [layer, schemas] of Object.entries(layers)) {
    for (const [name, schema] of Object.entries(schemas)) {
      tables.push({
        name: `${layer}/${name}`,
        table: await readParquet(join(WAREHOUSE, layer, `${name}.parquet`), schema),
      });
    }
  }
  const totalRows = tables.reduce((n, t) => n + t.table.numRows, 0);
  console.log(
    `parquet-write: ${tables.length} tables, ${totalRows.toLocaleString('en')} rows from ${WAREHOUSE}; ` +
      `median of ${RUNS}; node ${process.version}, ${availableParallelism()} cores`,
  );

  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  console.log(
    `${'table'.padEnd(28)} ${'rows'.padStart(9)} cols | ${'snappy'.padStart(9)} ${'none'.padStart(9)} | ` +
      `sizes snappy / none | same data`,
  );
  for (const name of FOCUS) {
    const { table } = tables.find((t) => t.name === name)!;
    const base = join(dir, name.replace('/', '-'));
    const snappy = await median(() => writeParquet(`${base}.snappy.parquet`, table));
    const none = await median(() => writeParquet(`${base}.none.parquet`, table, { codec: 'UNCOMPRESSED' }));
    const source = await fingerprint(db, join(WAREHOUSE, `${name}.parquet`), table);
    const same =
      (await fingerprint(db, `${base}.snappy.parquet`, table)) === source &&
      (await fingerprint(db, `${base}.none.parquet`, table)) === source;
    const sizes = `${mb(await size(`${base}.snappy.parquet`))} ${mb(await size(`${base}.none.parquet`))}`;
    console.log(
      `${name.padEnd(28)} ${table.numRows.toLocaleString('en').padStart(9)} ${String(table.numCols).padStart(4)} | ` +
        `${fmt(snappy.median)} ${fmt(none.median)} | ${sizes} | ${same ? 'yes' : 'NO'}`,
    );
    console.log(`${''.padEnd(45)} runs snappy ${runList(snappy)}, none ${runList(none)}`);
  }
  db.closeSync();
  instance.closeSync();

  const writeAll = (codec: 'SNAPPY' | 'UNCOMPRESSED') => async (): Promise<void> => {
    for (const { name, table } of tables)
      await writeParquet(join(dir, 'all', codec, `${name}.parquet`), table, { codec });
  };
  const all = await median(writeAll('SNAPPY'));
  const allNone = await median(writeAll('UNCOMPRESSED'));
  let bytes = 0;
  for (const { name } of tables) bytes += await size(join(dir, 'all', 'SNAPPY', `${name}.parquet`));
  console.log(
    `all ${tables.length} tables: snappy ${fmt(all.median)} (runs ${runList(all)}), ` +
      `uncompressed ${fmt(allNone.median)} (runs ${runList(allNone)}); snappy total ${mb(bytes)}`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Proves a benchmark peer did the same work as ecomflow: compares a peer's output folder with ecomflow's
 * warehouse. Always: the row count of every table the peer wrote, and each aggregate's total profit (each value
 * rounded to the cent, so a peer writing DOUBLE cents / 100 compares exactly) and line count; for a same-work
 * peer also quality.json's counts. `full` compares every table's content
 * as a multiset of rows (rejects without source_file), which the tests use on small inputs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** What the comparison found: `ok` when nothing differs; one line per check. */
export interface Comparison {
  readonly ok: boolean;
  readonly checks: number;
  readonly differences: readonly string[];
}

const q = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** Every table file under `dir` (layer/name.parquet and sql/name.csv), as relative paths. */
function tableFiles(dir: string): string[] {
  const out: string[] = [];
  for (const layer of ['raw', 'enriched', 'rejects', 'aggregates', 'sql']) {
    const folder = join(dir, layer);
    if (!existsSync(folder)) continue;
    for (const f of readdirSync(folder).sort()) if (/\.(parquet|csv)$/.test(f)) out.push(`${layer}/${f}`);
  }
  return out;
}

/** Compares `peer` (a peer's output folder) with `reference` (ecomflow's warehouse). */
export async function compareWarehouses(
  reference: string,
  peer: string,
  options: { readonly quality?: boolean; readonly full?: boolean } = {},
): Promise<Comparison> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const rows = async (sql: string): Promise<Record<string, unknown>[]> =>
    (await c.runAndReadAll(sql)).getRowObjectsJson();
  const differences: string[] = [];
  let checks = 0;
  const source = (dir: string, file: string): string =>
    file.endsWith('.csv')
      ? `read_csv(${q(join(dir, file))}, header = true, all_varchar = true)`
      : statSync(join(dir, file)).isDirectory() // the Spark engine writes a table as a folder of part files
        ? `read_parquet(${q(join(dir, file, '*.parquet'))})`
        : `read_parquet(${q(join(dir, file))})`;
  try {
    const files = tableFiles(peer);
    if (files.length === 0) differences.push(`${peer}: no tables`);
    for (const file of files) {
      checks++;
      if (!existsSync(join(reference, file))) {
        differences.push(`${file}: not in ecomflow's warehouse`);
        continue;
      }
      const [a, b] = [
        await rows(`SELECT count(*) AS n FROM ${source(reference, file)}`),
        await rows(`SELECT count(*) AS n FROM ${source(peer, file)}`),
      ];
      if (a[0]!['n'] !== b[0]!['n'])
        differences.push(`${file}: ${String(b[0]!['n'])} rows, ecomflow ${String(a[0]!['n'])}`);
      if (file.startsWith('aggregates/')) {
        checks++;
        // each value to the cent first: exact for DECIMAL(18,2), and recovers the cents of a DOUBLE cents / 100
        const total =
          'SELECT CAST(sum(CAST(profit AS DECIMAL(38, 2))) AS VARCHAR) AS profit, ' +
          'CAST(sum(order_lines) AS VARCHAR) AS lines';
        const [x, y] = [
          await rows(`${total} FROM ${source(reference, file)}`),
          await rows(`${total} FROM ${source(peer, file)}`),
        ];
        if (JSON.stringify(x) !== JSON.stringify(y)) {
          differences.push(`${file}: totals ${JSON.stringify(y[0])}, ecomflow ${JSON.stringify(x[0])}`);
        }
      }
      if (options.full === true) {
        checks++;
        const columns = (await rows(`DESCRIBE SELECT * FROM ${source(reference, file)}`))
          .map((r) => String(r['column_name']))
          .filter((col) => !(file.startsWith('rejects/') && col === 'source_file'));
        const list = columns.map((col) => `CAST("${col}" AS VARCHAR) AS "${col}"`).join(', ');
        const side = (dir: string): string => `SELECT ${list} FROM ${source(dir, file)}`;
        const extra = await rows(
          `SELECT count(*) AS n FROM ((${side(peer)}) EXCEPT ALL (${side(reference)})) UNION ALL ` +
            `SELECT count(*) FROM ((${side(reference)}) EXCEPT ALL (${side(peer)}))`,
        );
        const [onlyPeer, onlyRef] = extra.map((r) => Number(r['n']));
        if (onlyPeer! + onlyRef! > 0) {
          const sample = await rows(`(${side(peer)}) EXCEPT ALL (${side(reference)}) LIMIT 2`);
          const missing = await rows(`(${side(reference)}) EXCEPT ALL (${side(peer)}) LIMIT 2`);
          differences.push(
            `${file}: ${onlyPeer} rows only in the peer, ${onlyRef} only in ecomflow's ` +
              `(peer ${JSON.stringify(sample)}; ecomflow ${JSON.stringify(missing)})`,
          );
        }
      }
    }
    if (options.quality === true) {
      checks++;
      const strip = (file: string): unknown => {
        const tables = (JSON.parse(readFileSync(file, 'utf8')) as { tables: Record<string, Record<string, unknown>> })
          .tables;
        return Object.fromEntries(
          Object.entries(tables).map(([name, t]) => {
            return [name, Object.fromEntries(Object.entries(t).filter(([k]) => k !== 'source_file'))];
          }),
        );
      };
      const [x, y] = [strip(join(reference, 'quality.json')), strip(join(peer, 'quality.json'))];
      if (JSON.stringify(x) !== JSON.stringify(y)) {
        differences.push(`quality.json: ${JSON.stringify(y)}\n  ecomflow: ${JSON.stringify(x)}`);
      }
    }
  } finally {
    c.closeSync();
    db.closeSync();
  }
  return { ok: differences.length === 0, checks, differences };
}

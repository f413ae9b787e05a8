// The benchmark's same-work peer: everything `ecomflow run` writes except the HTML report, in DuckDB, one process.
// Sources → raw → enriched, rejects (by ecomflow's rules, first rule broken wins) → aggregates → the four SQL
// answers → quality.json. The SQL is bench/duckdb/rules.sql (fast paths of the order-line rules) and
// bench/duckdb/same-work.sql; the customer value rules are the reference macros of test/reference/rules.sql.
//
//   node bench/duckdb-pipeline.mjs --customers <customers.csv> --products <Products.csv> --orders <Orders.json>
//     --out <dir> [--orders-format array|newline_delimited] [--threads N]
//     [--customers-label <text>] [--products-label <text>] [--orders-label <text>]   (source_file in rejects)
//     [--timings]   (wall and CPU time of every step on stderr)
//
// <customers.csv> is the workbook converted before timing (bench/prepare-input.ts): DuckDB's excel extension
// cannot be installed on this machine (no network to extensions.duckdb.org).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { copyParquet, literal, openDuck, root, runScript, sqlDir, sqlFile, stepTimer } from './duckdb/run-sql.mjs';

const { values: a } = parseArgs({
  options: {
    customers: { type: 'string' },
    products: { type: 'string' },
    orders: { type: 'string' },
    out: { type: 'string' },
    'orders-format': { type: 'string', default: 'array' },
    threads: { type: 'string' },
    timings: { type: 'boolean', default: false },
    'customers-label': { type: 'string' },
    'products-label': { type: 'string' },
    'orders-label': { type: 'string' },
  },
});
for (const k of ['customers', 'products', 'orders', 'out'])
  if (a[k] === undefined) throw new Error(`--${k} is required`);

const step = stepTimer(a.timings);
const duck = await step('open DuckDB', () => openDuck(a.threads === undefined ? undefined : Number(a.threads)));
await duck.run(readFileSync(join(root, 'test', 'reference', 'rules.sql'), 'utf8'));
await duck.run(sqlFile(join(sqlDir, 'rules.sql')));
await runScript(
  duck,
  sqlFile(join(sqlDir, 'same-work.sql'), {
    orders: literal(a.orders),
    orders_format: literal(a['orders-format']),
    products: literal(a.products),
    customers: literal(a.customers),
    customers_label: literal(a['customers-label'] ?? a.customers),
    products_label: literal(a['products-label'] ?? a.products),
    orders_label: literal(a['orders-label'] ?? a.orders),
  }),
  step,
);

const tables = {
  raw: ['customers', 'products', 'orders'],
  enriched: ['customers', 'products', 'orders'],
  rejects: ['customers', 'products', 'orders'],
  aggregates: [
    'profit_by_year',
    'profit_by_category',
    'profit_by_sub_category',
    'profit_by_customer',
    'profit_summary',
  ],
};
for (const [layer, names] of Object.entries(tables)) {
  for (const name of names) {
    const table = layer === 'aggregates' ? name : `${layer}_${name}`;
    await step(`COPY ${table}`, () => copyParquet(duck, table, join(a.out, layer, `${name}.parquet`)));
  }
}

// The four answers: ecomflow's own query files, over the enriched orders already in memory.
await duck.run('CREATE SCHEMA enriched; CREATE VIEW enriched.orders AS SELECT * FROM enriched_orders');
const answers = join(root, 'sql');
mkdirSync(join(a.out, 'sql'), { recursive: true });
for (const f of readdirSync(answers).filter((f) => f.endsWith('.sql'))) {
  const body = readFileSync(join(answers, f), 'utf8').trim().replace(/;\s*$/, '');
  const file = join(a.out, 'sql', f.replace(/\.sql$/, '.csv'));
  await step(`COPY answer ${f}`, () => duck.run(`COPY (${body}) TO ${literal(file)} (FORMAT csv, HEADER)`));
}

// quality.json, in ecomflow's shape: rows read / written / rejected by reason, fixes, counts.
const count = async (sql) => Number((await duck.rows(sql))[0].n);
const byReason = async (t) =>
  Object.fromEntries(
    (await duck.rows(`SELECT rule, count(*) AS n FROM rejects_${t} GROUP BY rule ORDER BY rule`)).map((r) => [
      r.rule,
      Number(r.n),
    ]),
  );
const fixRows = await step('quality', () =>
  duck.rows('SELECT * FROM fix_counts WHERE changed + nulled > 0 ORDER BY table_name, rule'),
);
const quality = { tables: {} };
for (const t of ['customers', 'products', 'orders']) {
  const read = await count(`SELECT count(*) AS n FROM raw_${t}`);
  const written = await count(`SELECT count(*) AS n FROM enriched_${t}`);
  const rejected = await count(`SELECT count(*) AS n FROM rejects_${t}`);
  const fixes = Object.fromEntries(
    fixRows
      .filter((r) => r.table_name === t)
      .map((r) => [r.rule, { changed: Number(r.changed), nulled: Number(r.nulled) }]),
  );
  const counts =
    t === 'orders'
      ? {
          unknown_customer_lines: await count(
            'SELECT count(*) AS n FROM orders WHERE rule IS NULL AND NOT known_customer',
          ),
          unknown_product_lines: await count(
            'SELECT count(*) AS n FROM orders WHERE rule IS NULL AND NOT known_product',
          ),
        }
      : {};
  quality.tables[t] = {
    source_file: a[`${t}-label`] ?? a[t],
    rows_read: read,
    rows_raw: read,
    rows_written: written,
    rows_rejected: rejected,
    rejected_by_reason: await byReason(t),
    fixes,
    counts,
  };
}
writeFileSync(join(a.out, 'quality.json'), `${JSON.stringify(quality, null, 2)}\n`);
duck.close();

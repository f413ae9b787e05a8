// Orders of several files (a folder, a glob, an input folder with several order files) on the local engine:
// fixtures/multi (see fixtures/README.md) holds the 27 lines of fixtures/Orders.json in three files, plus
// repeats across and within files.
import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPipeline, type RunSummary } from '../../src/index.js';
import { sqlPath, withDuck } from '../helpers/duckdb.js';
import { tempDir } from '../helpers/tmp.js';

const root = resolve(import.meta.dirname, '../..');
const fixtures = join(root, 'fixtures');
const multi = join(fixtures, 'multi');
const f2016 = join(multi, 'Orders_2016.json');
const f2017 = join(multi, 'Orders_2017.ndjson');
const f2018 = join(multi, 'orders_2018.jsonl');
const entities = { customers: join(fixtures, 'Customer.xlsx'), products: join(fixtures, 'Products.csv') };

const rowsOf = (out: string, table: string, select: string): Promise<Record<string, unknown>[]> =>
  withDuck((q) => q(`select ${select} from ${sqlPath(join(out, `${table}.parquet`))}`));

describe('an --orders folder of three order files', () => {
  let out = '';
  let run: RunSummary;
  beforeAll(async () => {
    out = join(tempDir(), 'wh');
    // batches of ~13 lines: a batch spans two files, and file 3's repeat of a file-2 id meets it in a later batch
    run = await runPipeline({ ...entities, orders: multi, out, orderBatchRows: 13 });
  });

  it('reads every file in byte order and counts each file in quality.json', () => {
    const q = run.quality.tables.orders;
    expect(q.source_file).toBe(multi);
    expect(q.files).toEqual([
      { source_file: f2016, rows_read: 12 },
      { source_file: f2017, rows_read: 11 },
      { source_file: f2018, rows_read: 9 },
    ]);
    expect([q.rows_read, q.rows_written, q.rows_rejected]).toEqual([32, 21, 11]);
    expect(q.rejected_by_reason).toEqual({
      'order.bad_order_date': 1,
      'order.bad_profit': 2,
      'order.bad_quantity': 1,
      'order.conflicting_row_id': 2,
      'order.discount_out_of_range': 1,
      'order.duplicate_line': 2,
      'order.missing_row_id': 1,
      'order.nonpositive_quantity': 1,
    });
    const written = JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')) as { tables: { orders: unknown } };
    expect(written.tables.orders).toEqual(JSON.parse(JSON.stringify(q)));
  });

  it('keeps each raw row with its file and its row in that file', async () => {
    const raw = await rowsOf(out, 'raw/orders', 'row_id, coupon, source_file, source_row');
    expect(raw).toHaveLength(32);
    expect(raw[11]).toEqual({ row_id: '12', coupon: 'X1', source_file: f2016, source_row: '12' });
    expect(raw[12]).toEqual({ row_id: '13', coupon: null, source_file: f2017, source_row: '1' });
    expect(raw[31]).toEqual({ row_id: '10', coupon: null, source_file: f2018, source_row: '9' });
    const cols = await withDuck((q) => q(`describe select * from ${sqlPath(join(out, 'raw/orders.parquet'))}`));
    expect(cols.slice(-2).map((c) => c['column_name'])).toEqual(['source_file', 'source_row']);
  });

  it('treats a row id of an earlier file like a repeat within one file, naming both files', async () => {
    const rejects = await rowsOf(out, 'rejects/orders', 'source_file, source_row, key, rule, message');
    const byRule = rejects.filter((r) =>
      ['order.duplicate_line', 'order.conflicting_row_id'].includes(String(r['rule'])),
    );
    expect(byRule).toEqual([
      {
        source_file: f2017,
        source_row: '9',
        key: '1',
        rule: 'order.duplicate_line',
        message: `exact duplicate of source row 1 of ${f2016} (counted once; this line: source row 9 of ${f2017})`,
      },
      {
        source_file: f2017,
        source_row: '10',
        key: '3',
        rule: 'order.conflicting_row_id',
        message:
          `Row ID 3 already used by source row 3 of ${f2016} with different values; the first is kept ` +
          `(this line: source row 10 of ${f2017})`,
      },
      {
        source_file: f2017,
        source_row: '11',
        key: '13',
        rule: 'order.duplicate_line',
        message: 'exact duplicate of source row 1 (counted once)',
      },
      {
        source_file: f2018,
        source_row: '8',
        key: '14',
        rule: 'order.conflicting_row_id',
        message:
          `Row ID 14 already used by source row 2 of ${f2017} with different values; the first is kept ` +
          `(this line: source row 8 of ${f2018})`,
      },
    ]);
    // rejects in read order: by file, then row; a reader issue or a stage reject names its own file
    expect(rejects.map((r) => `${String(r['source_file']).slice(-6)}:${String(r['source_row'])}`)).toEqual([
      '6.json:9',
      '6.json:10',
      '6.json:11',
      'ndjson:9',
      'ndjson:10',
      'ndjson:11',
      '.jsonl:5',
      '.jsonl:6',
      '.jsonl:7',
      '.jsonl:8',
      '.jsonl:9',
    ]);
  });

  it('enriches the same 21 lines as fixtures/Orders.json, to the cent', async () => {
    const [{ p }] = (await rowsOf(out, 'enriched/orders', 'sum(profit)::varchar as p, count(*) as n')) as [
      { p: string },
    ];
    expect(p).toBe('-1213.76');
  });
});

describe('other ways to name several order files', () => {
  it('expands a glob, and reads an --input folder holding several order files', async () => {
    const globbed = await runPipeline({ ...entities, orders: join(multi, 'Orders_*'), out: join(tempDir(), 'g') });
    expect(globbed.quality.tables.orders.files?.map((f) => f.source_file)).toEqual([f2016, f2017]);
    const input = tempDir();
    for (const f of [entities.customers, entities.products, f2016, f2018]) {
      copyFileSync(f, join(input, f.split('/').pop()!));
    }
    const s = await runPipeline({ input, out: join(tempDir(), 'i') });
    expect(s.sources.orders).toBe(input);
    expect(s.quality.tables.orders.rows_read).toBe(21);
  });

  it('names a glob that matches nothing', async () => {
    const orders = join(multi, 'Orders_19*.json');
    await expect(runPipeline({ ...entities, orders, out: join(tempDir(), 'n') })).rejects.toMatchObject({
      rule: 'sources.no_match',
      message: `${orders}: no file matches this pattern`,
    });
  });

  it('reads a folder holding one order file exactly as that file: byte-identical tables', async () => {
    const folder = tempDir();
    copyFileSync(join(fixtures, 'Orders.json'), join(folder, 'Orders.json'));
    const [a, b] = [join(tempDir(), 'a'), join(tempDir(), 'b')];
    const s = await runPipeline({ ...entities, orders: folder, out: a });
    await runPipeline({ ...entities, orders: join(folder, 'Orders.json'), out: b });
    expect(s.sources.orders).toBe(join(folder, 'Orders.json'));
    for (const layer of ['raw', 'enriched', 'rejects', 'aggregates']) {
      for (const f of readdirSync(join(a, layer))) {
        expect(readFileSync(join(a, layer, f)).equals(readFileSync(join(b, layer, f))), `${layer}/${f}`).toBe(true);
      }
    }
    expect(readFileSync(join(a, 'quality.json'), 'utf8')).toBe(readFileSync(join(b, 'quality.json'), 'utf8'));
  });
});

const cli = join(root, 'dist', 'cli.js');
describe.skipIf(!existsSync(cli))('several order files on a worker thread (built CLI)', () => {
  it('gives byte-identical tables to reading them on the main thread', () => {
    const run = (out: string, worker: boolean) =>
      spawnSync(
        process.execPath,
        [
          cli,
          'run',
          '--customers',
          entities.customers,
          '--products',
          entities.products,
          '--orders',
          multi,
          '--out',
          out,
          '--quiet',
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, ECOMFLOW_WORKER_MIN_BYTES: worker ? '0' : String(2 ** 52) },
        },
      );
    const [a, b] = [join(tempDir(), 'a'), join(tempDir(), 'b')];
    expect(run(a, true).status).toBe(0);
    expect(run(b, false).status).toBe(0);
    for (const f of ['raw/orders.parquet', 'enriched/orders.parquet', 'rejects/orders.parquet', 'quality.json']) {
      expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    }
  });
});

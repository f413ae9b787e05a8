import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Field, Int64, RecordBatch, Schema, Struct, Table, makeData } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { readParquet } from '../../../src/io/parquet/read-parquet.js';
import { writeParquet } from '../../../src/io/parquet/write-parquet.js';
import {
  column,
  date,
  decimal,
  dictString,
  int32,
  int64,
  plainString,
  type TableSchema,
} from '../../../src/schemas/types.js';
import { builderFor } from '../../../src/table/builders.js';
import { tableRows } from '../../../src/table/columns.js';
import { emptyTable, tableFromVectors } from '../../../src/table/table.js';
import { sqlPath, withDuck } from '../../helpers/duckdb.js';

const day = (iso: string): number => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;

/** Every column type ecomflow writes, with nulls, unicode, extremes and signs. */
const everyType: TableSchema = {
  name: 'every_type',
  layer: 'enriched',
  grain: 'one row per case',
  columns: [
    column('seq', int64(), 'Row number, never null.', { nullable: false }),
    column('name', plainString(), 'Plain text.'),
    column('city', dictString(), 'Dictionary text.'),
    column('qty', int32(), 'Int32.'),
    column('big', int64(), 'Int64 beyond 2^53.'),
    column('profit', decimal(18, 2), 'Money.'),
    column('day', date(), 'Calendar day.'),
  ],
};

type Row = [bigint, string | null, string | null, number | null, bigint | null, bigint | null, string | null];
const rows: Row[] = [
  [1n, 'Zoë Ångström', 'São Paulo', 7, 9007199254740993n, 1234n, '2016-08-21'],
  [2n, '東京 🙂', 'Zürich', -2147483648, -9223372036854775808n, -5n, '1969-07-20'],
  [3n, '', 'São Paulo', 2147483647, 9223372036854775807n, 0n, '1900-01-01'],
  [4n, null, null, null, null, null, null],
  [5n, 'line\nbreak, "quoted"', 'Zürich', 0, -1n, 99999999999999n, '2038-01-20'],
  [6n, 'plain', 'São Paulo', -1, 0n, -99999999999999n, '2100-12-31'],
  [7n, 'x', '東京', 42, 123n, -100n, '1970-01-01'],
];

function buildTable(schema: TableSchema, data: readonly Row[]): Table {
  const builders = schema.columns.map((c) => builderFor(c.type));
  for (const row of data) {
    row.forEach((value, j) => {
      const b = builders[j]!;
      if (value === null) b.appendNull();
      else if (j === 6) (b as { append(v: number): void }).append(day(value as string));
      else (b as { append(v: unknown): void }).append(value);
    });
  }
  return tableFromVectors(
    schema.columns,
    builders.map((b) => b.finish()),
  );
}

/** What DuckDB should print for `rows`: BIGINT/DECIMAL/DATE as exact text, INTEGER as a number. */
const duckRows = [
  {
    seq: '1',
    name: 'Zoë Ångström',
    city: 'São Paulo',
    qty: 7,
    big: '9007199254740993',
    profit: '12.34',
    day: '2016-08-21',
  },
  {
    seq: '2',
    name: '東京 🙂',
    city: 'Zürich',
    qty: -2147483648,
    big: '-9223372036854775808',
    profit: '-0.05',
    day: '1969-07-20',
  },
  {
    seq: '3',
    name: '',
    city: 'São Paulo',
    qty: 2147483647,
    big: '9223372036854775807',
    profit: '0.00',
    day: '1900-01-01',
  },
  { seq: '4', name: null, city: null, qty: null, big: null, profit: null, day: null },
  {
    seq: '5',
    name: 'line\nbreak, "quoted"',
    city: 'Zürich',
    qty: 0,
    big: '-1',
    profit: '999999999999.99',
    day: '2038-01-20',
  },
  { seq: '6', name: 'plain', city: 'São Paulo', qty: -1, big: '0', profit: '-999999999999.99', day: '2100-12-31' },
  { seq: '7', name: 'x', city: '東京', qty: 42, big: '123', profit: '-1.00', day: '1970-01-01' },
];

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecomflow-parquet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeParquet', () => {
  it('writes exact logical types DuckDB reads as VARCHAR, INTEGER, BIGINT, DECIMAL(18,2), DATE', async () => {
    const file = join(dir, 'types', 'every.parquet');
    await writeParquet(file, buildTable(everyType, rows));
    await withDuck(async (q) => {
      const described = await q(`DESCRIBE SELECT * FROM ${sqlPath(file)}`);
      expect(described.map((r) => [r['column_name'], r['column_type']])).toEqual([
        ['seq', 'BIGINT'],
        ['name', 'VARCHAR'],
        ['city', 'VARCHAR'],
        ['qty', 'INTEGER'],
        ['big', 'BIGINT'],
        ['profit', 'DECIMAL(18,2)'],
        ['day', 'DATE'],
      ]);
      expect(await q(`SELECT * FROM ${sqlPath(file)} ORDER BY seq`)).toEqual(duckRows);
    });
  });

  it('writes SNAPPY row groups of the requested size, created by ecomflow, REQUIRED for non-null columns', async () => {
    const file = join(dir, 'groups.parquet');
    await writeParquet(file, buildTable(everyType, rows), { rowGroupSize: 3 });
    await withDuck(async (q) => {
      const groups = await q(
        `SELECT DISTINCT row_group_id, row_group_num_rows, compression FROM parquet_metadata(${sqlPath(file)}) ` +
          'ORDER BY 1',
      );
      expect(groups).toEqual([
        { row_group_id: '0', row_group_num_rows: '3', compression: 'SNAPPY' },
        { row_group_id: '1', row_group_num_rows: '3', compression: 'SNAPPY' },
        { row_group_id: '2', row_group_num_rows: '1', compression: 'SNAPPY' },
      ]);
      const [meta] = await q(`SELECT created_by FROM parquet_file_metadata(${sqlPath(file)})`);
      expect(meta!['created_by']).toMatch(/^ecomflow version \d+\.\d+\.\d+/);
      const schema = await q(
        `SELECT name, repetition_type FROM parquet_schema(${sqlPath(file)}) WHERE name IN ('seq', 'big')`,
      );
      expect(schema).toEqual([
        { name: 'seq', repetition_type: 'REQUIRED' },
        { name: 'big', repetition_type: 'OPTIONAL' },
      ]);
      expect(await q(`SELECT * FROM ${sqlPath(file)} ORDER BY seq`)).toEqual(duckRows);
    });
    expect(tableRows(await readParquet(file, everyType))).toEqual(tableRows(buildTable(everyType, rows)));
  });

  it('gives byte-identical files for the same table', async () => {
    const a = join(dir, 'same-a.parquet');
    const b = join(dir, 'same-b.parquet');
    await writeParquet(a, buildTable(everyType, rows));
    await writeParquet(b, buildTable(everyType, rows));
    const first = await readFile(a);
    await writeParquet(a, buildTable(everyType, rows));
    expect((await readFile(b)).equals(first)).toBe(true);
    expect((await readFile(a)).equals(first)).toBe(true);
  });

  it('writes and reads an empty table', async () => {
    const file = join(dir, 'empty.parquet');
    await writeParquet(file, emptyTable(everyType.columns));
    const back = await readParquet(file, everyType);
    expect(back.numRows).toBe(0);
    expect(back.schema.fields.map((f) => String(f.type))).toEqual(
      buildTable(everyType, rows).schema.fields.map((f) => String(f.type)),
    );
    await withDuck(async (q) => {
      expect(await q(`SELECT count(*) AS n FROM ${sqlPath(file)}`)).toEqual([{ n: '0' }]);
      const described = await q(`DESCRIBE SELECT * FROM ${sqlPath(file)}`);
      expect(described.map((r) => r['column_type'])).toEqual([
        'BIGINT',
        'VARCHAR',
        'VARCHAR',
        'INTEGER',
        'BIGINT',
        'DECIMAL(18,2)',
        'DATE',
      ]);
    });
  });

  it('leaves no temp file and the previous file untouched when a write fails', async () => {
    const folder = join(dir, 'failing');
    const file = join(folder, 'table.parquet');
    await writeParquet(file, buildTable(everyType, rows));
    const before = await readFile(file);
    // a column declared not-null that holds a null: the encoder rejects it half-way through the file
    const ids = builderFor(int64());
    (ids as { append(v: bigint | null): void }).append(1n);
    ids.appendNull();
    const vector = ids.finish();
    const field = new Field('id', new Int64(), false);
    const schema = new Schema([field]);
    const data = makeData({ type: new Struct([field]), length: 2, nullCount: 0, children: [vector.data[0]!] });
    const broken = new Table(schema, [new RecordBatch(schema, data)]);
    await expect(writeParquet(file, broken)).rejects.toThrow(/null/);
    expect(await readdir(folder)).toEqual(['table.parquet']);
    expect((await readFile(file)).equals(before)).toBe(true);
  });
});

describe('readParquet', () => {
  it('round-trips every type to identical values and Arrow types', async () => {
    const file = join(dir, 'roundtrip.parquet');
    const table = buildTable(everyType, rows);
    await writeParquet(file, table);
    const back = await readParquet(file, everyType);
    expect(tableRows(back)).toEqual(tableRows(table));
    expect(back.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual(
      table.schema.fields.map((f) => [f.name, String(f.type), f.nullable]),
    );
    expect(tableRows(back)[1]).toMatchObject({ big: -9223372036854775808n, profit: '-0.05', city: 'Zürich' });
  });

  it('reads text as plain Utf8 without a schema, with the same values', async () => {
    const file = join(dir, 'noschema.parquet');
    const table = buildTable(everyType, rows);
    await writeParquet(file, table);
    const back = await readParquet(file);
    expect(String(back.schema.fields[2]!.type)).toBe('Utf8');
    expect(String(back.schema.fields[5]!.type)).toBe(String(table.schema.fields[5]!.type));
    expect(tableRows(back)).toEqual(tableRows(table));
  });

  it('reads a file DuckDB wrote, including dictionary pages and INT32 / fixed-length decimals', async () => {
    const file = join(dir, 'duck.parquet');
    await withDuck(async (q) => {
      await q(`COPY (
        SELECT i::BIGINT AS id,
               'cat ' || (i % 7) || ' ü' AS label,
               CASE WHEN i % 5 = 0 THEN NULL ELSE 'name-' || i END AS name,
               (((i * 37) % 200001 - 100000) * 0.01)::DECIMAL(18,2) AS price,
               ((i - 2500) * 0.25)::DECIMAL(9,2) AS small,
               ((-i) * 1234567.89)::DECIMAL(38,2) AS wide,
               DATE '1960-01-01' + (i * 11)::INTEGER AS day,
               (i % 100)::INTEGER AS qty
        FROM range(0, 5000) t(i)
      ) TO ${sqlPath(file)} (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
      const expected = await q(`SELECT * FROM ${sqlPath(file)} ORDER BY id`);
      const schema: TableSchema = {
        name: 'duck',
        layer: 'raw',
        grain: 'one row per i',
        columns: [
          column('id', int64(), ''),
          column('label', dictString(), ''),
          column('name', plainString(), ''),
          column('price', decimal(18, 2), ''),
          column('small', decimal(9, 2), ''),
          column('wide', decimal(38, 2), ''),
          column('day', date(), ''),
          column('qty', int32(), ''),
        ],
      };
      const back = await readParquet(file, schema);
      expect(String(back.schema.fields[1]!.type)).toBe('Dictionary<Int32, Utf8>');
      const got = tableRows(back).map((r) => ({
        ...r,
        id: String(r['id']),
        day: typeof r['day'] === 'number' ? new Date(r['day']).toISOString().slice(0, 10) : r['day'],
      }));
      expect(got).toHaveLength(5000);
      expect(got).toEqual(expected);
    });
  });

  it('rejects a missing file with an InputError naming it', async () => {
    const file = join(dir, 'nope.parquet');
    await expect(readParquet(file)).rejects.toThrow(InputError);
    await expect(readParquet(file)).rejects.toThrow(`${file}: file not found`);
  });

  it('rejects a corrupt file with an InputError naming it', async () => {
    const file = join(dir, 'corrupt.parquet');
    await writeFile(file, 'PAR1 this is not parquet PAR1');
    const error = await readParquet(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).rule).toBe('parquet.corrupt');
    expect((error as InputError).message).toContain(file);

    const good = join(dir, 'truncated.parquet');
    await writeParquet(good, buildTable(everyType, rows));
    const bytes = await readFile(good);
    await writeFile(good, Buffer.concat([bytes.subarray(0, 40), bytes.subarray(bytes.length - 200)]));
    await expect(readParquet(good)).rejects.toThrow(InputError);
  });

  it('checks the file against the declared schema', async () => {
    const file = join(dir, 'checked.parquet');
    await writeParquet(file, buildTable(everyType, rows));
    const wrongType: TableSchema = {
      ...everyType,
      columns: everyType.columns.map((c) => (c.name === 'qty' ? { ...c, type: int64() } : c)),
    };
    await expect(readParquet(file, wrongType)).rejects.toThrow(/column "qty".*declared/);
    const missing: TableSchema = { ...everyType, columns: [...everyType.columns, column('extra', int32(), '')] };
    await expect(readParquet(file, missing)).rejects.toThrow(/"extra" is missing/);
    const closed: TableSchema = { ...everyType, columns: everyType.columns.slice(0, 3) };
    await expect(readParquet(file, closed)).rejects.toThrow(/not declared/);
    const notNull: TableSchema = {
      ...everyType,
      columns: everyType.columns.map((c) => (c.name === 'big' ? { ...c, nullable: false } : c)),
    };
    await expect(readParquet(file, notNull)).rejects.toThrow(/holds nulls/);
  });
});

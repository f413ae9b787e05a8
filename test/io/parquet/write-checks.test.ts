import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Decimal, Table, makeData, makeVector } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { SchemaError } from '../../../src/errors.js';
import { openParquetStream, writeParquet } from '../../../src/io/parquet/write-parquet.js';
import { column, decimal, dictString, int32, int64, plainString, type ColumnSpec } from '../../../src/schemas/types.js';
import { builderFor, DictionaryBuilder, Int32Builder, Int64Builder, Utf8Builder } from '../../../src/table/builders.js';
import { emptyTable, tableFromVectors } from '../../../src/table/table.js';
import { sqlPath, withDuck } from '../../helpers/duckdb.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir('ecomflow-write-checks-');
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const version = (
  JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/**
 * A one-column DECIMAL(precision, 2) table of scaled values (null for null), built with apache-arrow itself so a
 * value can use all 128 bits (ecomflow's own builders hold 64).
 */
function decimals(precision: number, values: readonly (bigint | null)[]): Table {
  const words = new Uint32Array(values.length * 4);
  const bitmap = new Uint8Array((values.length >> 3) + 1);
  values.forEach((v, i) => {
    if (v === null) return;
    bitmap[i >> 3]! |= 1 << (i & 7);
    const wide = BigInt.asUintN(128, v);
    for (let k = 0; k < 4; k++) words[i * 4 + k] = Number((wide >> BigInt(32 * k)) & 0xffffffffn);
  });
  const type = new Decimal(2, precision, 128);
  const nulls = values.filter((v) => v === null).length;
  const data = makeData({ type, length: values.length, nullCount: nulls, nullBitmap: bitmap, data: words });
  return new Table({ amount: makeVector(data) });
}

/** `rows` rows of repeating and distinct text, ints and decimals, varied by `seed`. */
function mixed(rows: number, seed: number): Table {
  const specs: ColumnSpec[] = [
    column('id', int64(), '', { nullable: false }),
    column('label', dictString(), ''),
    column('code', plainString(), ''),
    column('name', plainString(), ''),
    column('qty', int32(), ''),
    column('price', decimal(18, 2), ''),
  ];
  const id = new Int64Builder();
  const label = new DictionaryBuilder();
  const code = new Utf8Builder();
  const name = new Utf8Builder();
  const qty = new Int32Builder();
  const price = builderFor(decimal(18, 2)) as Int64Builder;
  for (let i = 0; i < rows; i++) {
    const k = i * seed;
    id.append(BigInt(k));
    label.append(k % 7 === 0 ? null : `label ${k % 13}`);
    code.append(`code-${k % 5}`);
    name.append(k % 11 === 0 ? null : `name ${k} ${'x'.repeat(k % 9)}`);
    qty.append(k % 3 === 0 ? null : (k % 1000) - 500);
    price.append(k % 4 === 0 ? null : BigInt(k * 37 - 100_000));
  }
  return tableFromVectors(specs, [
    id.finish(),
    label.finish(),
    code.finish(),
    name.finish(),
    qty.finish(),
    price.finish(),
  ]);
}

async function streamed(file: string, batches: readonly Table[]): Promise<Buffer> {
  const out = await openParquetStream(file, batches[0]!, { rowGroupSize: 700 });
  for (const batch of batches) await out.append(batch);
  await out.close();
  return readFile(file);
}

describe('writeParquet and openParquetStream refuse what they cannot write right', () => {
  it('refuses a decimal beyond 64 bits (2^64 + 5 would read back as 0.05) and leaves no file', async () => {
    const file = join(dir, 'wide.parquet');
    const error: unknown = await writeParquet(file, decimals(18, [1n, 2n ** 64n + 5n])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as SchemaError).rule).toBe('parquet.decimal_precision');
    expect((error as SchemaError).message).toBe(
      'column "amount" row 1: 184467440737095516.21 does not fit DECIMAL(18,2)',
    );
    expect((await readdir(dir)).filter((f) => f.startsWith('wide'))).toEqual([]);
  });

  it('refuses more digits than the declared precision, either sign, and keeps the largest that fits', async () => {
    await expect(writeParquet(join(dir, 'p5.parquet'), decimals(5, [99999n, -99999n, null]))).resolves.toBeUndefined();
    await withDuck(async (q) => {
      expect(await q(`SELECT amount::VARCHAR AS a FROM ${sqlPath(join(dir, 'p5.parquet'))}`)).toEqual([
        { a: '999.99' },
        { a: '-999.99' },
        { a: null },
      ]);
    });
    await expect(writeParquet(join(dir, 'p5-over.parquet'), decimals(5, [null, 100000n]))).rejects.toThrow(
      'column "amount" row 1: 1000.00 does not fit DECIMAL(5,2)',
    );
    await expect(writeParquet(join(dir, 'p5-under.parquet'), decimals(5, [-100000n]))).rejects.toThrow(
      'column "amount" row 0: -1000.00 does not fit DECIMAL(5,2)',
    );
    const limit = 10n ** 18n;
    await expect(
      writeParquet(join(dir, 'p18.parquet'), decimals(18, [limit - 1n, 1n - limit])),
    ).resolves.toBeUndefined();
    await expect(writeParquet(join(dir, 'p18-over.parquet'), decimals(18, [-limit]))).rejects.toThrow(SchemaError);
  });

  it('refuses a bad decimal in a later stream batch, naming its row in the file', async () => {
    const out = await openParquetStream(join(dir, 'stream.parquet'), decimals(18, []));
    await out.append(decimals(18, [1n, 2n, 3n]));
    await expect(out.append(decimals(18, [4n, -(2n ** 70n)]))).rejects.toThrow(/^column "amount" row 4: -/);
    await out.abort();
    expect((await readdir(dir)).filter((f) => f.startsWith('stream'))).toEqual([]);
  });

  it('refuses a table with no columns', async () => {
    const none = emptyTable([]);
    await expect(writeParquet(join(dir, 'none.parquet'), none)).rejects.toThrow(
      'a table with no columns cannot be written as Parquet',
    );
    await expect(openParquetStream(join(dir, 'none-stream.parquet'), none)).rejects.toThrow(SchemaError);
    expect((await readdir(dir)).filter((f) => f.startsWith('none'))).toEqual([]);
  });
});

describe('created_by', () => {
  it('carries the package version, the same in every file', async () => {
    const a = join(dir, 'created-a.parquet');
    const b = join(dir, 'created-b.parquet');
    await writeParquet(a, decimals(18, [1n]));
    await streamed(b, [decimals(18, [1n])]);
    await withDuck(async (q) => {
      const meta = await q(`SELECT created_by FROM parquet_file_metadata([${sqlPath(a)}, ${sqlPath(b)}])`);
      expect(meta).toEqual([
        { created_by: `ecomflow version ${version}` },
        { created_by: `ecomflow version ${version}` },
      ]);
    });
  });
});

describe('writers running at once', () => {
  it('give the same bytes as each written alone (two streams interleaved, many row groups each)', async () => {
    const a = [mixed(3000, 1), mixed(2500, 3), mixed(4000, 5)];
    const b = [mixed(3500, 7), mixed(1800, 11), mixed(3000, 13)];
    const aloneA = await streamed(join(dir, 'alone-a.parquet'), a);
    const aloneB = await streamed(join(dir, 'alone-b.parquet'), b);
    const [bothA, bothB] = await Promise.all([
      streamed(join(dir, 'both-a.parquet'), a),
      streamed(join(dir, 'both-b.parquet'), b),
    ]);
    expect(bothA.equals(aloneA)).toBe(true);
    expect(bothB.equals(aloneB)).toBe(true);
    expect(aloneA.equals(aloneB)).toBe(false);
    // and two whole-table writes at once
    const [oneA, oneB] = await Promise.all([
      writeParquet(join(dir, 'one-a.parquet'), a[0]!, { rowGroupSize: 500 }),
      writeParquet(join(dir, 'one-b.parquet'), b[0]!, { rowGroupSize: 500 }),
    ]).then(() => Promise.all([readFile(join(dir, 'one-a.parquet')), readFile(join(dir, 'one-b.parquet'))]));
    await writeParquet(join(dir, 'one-a2.parquet'), a[0]!, { rowGroupSize: 500 });
    await writeParquet(join(dir, 'one-b2.parquet'), b[0]!, { rowGroupSize: 500 });
    expect(oneA.equals(await readFile(join(dir, 'one-a2.parquet')))).toBe(true);
    expect(oneB.equals(await readFile(join(dir, 'one-b2.parquet')))).toBe(true);
  });
});

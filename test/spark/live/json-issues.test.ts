// The SQL form of snakeCase (the JSON reader's key → column mapping, for json.duplicate_key) on a real Spark.
import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snakeCase } from '../../../src/schemas/names.js';
import type { SparkSession } from '../../../src/spark/index.js';
import { snakeCaseSql } from '../../../src/spark/plan/json-issues.js';
import { openSpark } from './spark.js';

const keys = [
  'Row ID',
  'row_id',
  'ROW ID',
  'OrderDate',
  'orderDate',
  'Order  Date',
  'Sub-Category',
  '  Price per product ',
  'Ship\u00a0Mode',
  'ÄrgerNisÜber',
  '日本語キー',
  'Ωmega2Go',
  'a1B',
  'HTTPServer',
  'x😀y',
  '',
  '___',
  '\u2003',
  'tab\tkey',
  'İstanbul',
];

describe('snakeCaseSql', () => {
  let spark: SparkSession;
  let got: (string | null)[] = [];
  beforeAll(async () => {
    spark = await openSpark();
    await spark.createTempView('ef_snake_keys', new Table({ k: vectorFromArray(keys, new Utf8()) }));
    got = (await spark.sql(`SELECT ${snakeCaseSql('k')} AS name FROM ef_snake_keys`))
      .toArray()
      .map((r) => (r as { name: string | null }).name);
  });
  afterAll(async () => {
    await spark.close();
  });

  it('names every key as snakeCase does (NFC input)', () => {
    expect(got).toEqual(keys.map((k) => snakeCase(k)));
    expect(new Set(got).size).toBeLessThan(keys.length); // some keys name one column: the duplicate check's point
  });
});

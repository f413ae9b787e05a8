import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvDataRows, csvRecords } from '../../../src/io/csv/count-records.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('csvRecords', () => {
  it('counts records, not line breaks inside quotes, with or without a final newline', () => {
    expect(csvRecords(enc('a,b\n1,2\n'))).toBe(2);
    expect(csvRecords(enc('a,b\r\n"x\ny",2\r\n3,4'))).toBe(3);
    expect(csvRecords(enc('a\n\n1\n'))).toBe(2);
    expect(csvRecords(enc(''))).toBe(0);
  });
});

describe('csvDataRows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecomflow-csv-count-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts the rows under the header of a file', async () => {
    writeFileSync(join(dir, 'a.csv'), 'order_year,profit\n2014,39185.75\n2015,"63,073.09"\n');
    writeFileSync(join(dir, 'empty.csv'), '');
    expect(await csvDataRows(join(dir, 'a.csv'))).toBe(2);
    expect(await csvDataRows(join(dir, 'empty.csv'))).toBe(0);
  });
});

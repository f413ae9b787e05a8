/**
 * A run that fails stops the orders read it started and closes its file before it returns: no FileHandle is
 * left for the garbage collector to close ("Closing file descriptor N on garbage collection", DEP0137).
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawOrders, readJson, runPipeline } from '../../src/index.js';
import { Handoff } from '../../src/io/worker/handoff.js';
import { canListOpenFiles, openFilesUnder } from '../helpers/open-files.js';
import { tempDir } from '../helpers/tmp.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures');

/** An input folder of the fixtures with `name` replaced by `content`. */
function inputWith(name: string, content: string): string {
  const dir = tempDir('ecomflow-cancel-');
  for (const f of ['Customer.xlsx', 'Products.csv', 'Orders.json']) copyFileSync(join(fixtures, f), join(dir, f));
  writeFileSync(join(dir, name), content);
  return dir;
}

describe.skipIf(!canListOpenFiles)('a failed run closes the orders file it was streaming', () => {
  it('when the customers workbook is unreadable while the orders stream in batches', async () => {
    const input = inputWith('Customer.xlsx', 'not a workbook');
    const run = runPipeline({ input, out: join(tempDir(), 'w'), orderBatchRows: 5 });
    await expect(run).rejects.toThrow(/Customer\.xlsx/);
    expect(openFilesUnder(input)).toEqual([]);
  });

  it('when a column first seen in a later batch stops the run (json.late_column)', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => ({
      'Row ID': i + 1,
      'Order ID': `CA-2016-${100000 + i}`,
      'Order Date': '21/8/2016',
      'Ship Date': '25/8/2016',
      'Ship Mode': 'Standard Class',
      'Customer ID': 'GH-14410',
      'Product ID': 'FUR-CH-10002961',
      Quantity: 2,
      Price: 81.88,
      Discount: 0,
      Profit: 12.5,
      ...(i === 30 ? { Coupon: 'X1' } : {}),
    }));
    const input = inputWith('Orders.json', `[\n${lines.map((l) => `  ${JSON.stringify(l)}`).join(',\n')}\n]\n`);
    const run = runPipeline({ input, out: join(tempDir(), 'w'), orderBatchRows: 5 });
    await expect(run).rejects.toMatchObject({ rule: 'json.late_column' });
    expect(openFilesUnder(input)).toEqual([]);
  });
});

describe.skipIf(!canListOpenFiles)('readJson with an abort signal', () => {
  it('stops before the next chunk, closes the file and rejects with the reason', async () => {
    const file = join(fixtures, 'Orders.json');
    const stop = new AbortController();
    const read = readJson(file, rawOrders, {
      chunkSize: 64,
      onProgress: (done) => {
        if (done >= 128) stop.abort(new Error('stopped here'));
      },
      signal: stop.signal,
    });
    await expect(read).rejects.toThrow('stopped here');
    expect(openFilesUnder(fixtures)).toEqual([]);
  });
});

describe('Handoff.cancel', () => {
  it('releases a waiting producer and refuses later items, so the producer stops', async () => {
    const h = new Handoff<number>();
    const waiting = h.push(1);
    h.cancel(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    await expect(h.push(2)).rejects.toThrow('stopped');
    await expect(h.next()).rejects.toThrow('stopped');
  });
});

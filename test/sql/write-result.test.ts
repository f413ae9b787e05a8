import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { formatJson, openWarehouse, type WarehouseDb } from '../../src/index.js';
import { writeCsv, writeJson, writePreview } from '../../src/sql/write-result.js';
import { jsonObject } from '../../src/sql/format.js';
import { sink } from '../helpers/cli.js';
import { lazy, removeLazyWarehouse, removeWarehouse, tinyWarehouse } from './warehouse.js';

/** A writable with a tiny buffer that drains slowly, so every large write has to wait for 'drain'. */
function slowSink(): Writable & { text: () => string; waits: () => number } {
  const chunks: string[] = [];
  let waits = 0;
  const w = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      setTimeout(cb, 1);
    },
  });
  const write = w.write.bind(w);
  w.write = ((...args: Parameters<typeof w.write>) => {
    const ok = write(...args);
    if (!ok) waits += 1;
    return ok;
  }) as typeof w.write;
  return Object.assign(w, { text: () => chunks.join(''), waits: () => waits });
}

describe('the streaming writers', () => {
  const wh = lazy(tinyWarehouse);
  let db: WarehouseDb | undefined;
  const open = async (): Promise<WarehouseDb> => (db ??= await openWarehouse(await wh()));
  afterAll(async () => {
    db?.close();
    await removeLazyWarehouse(wh);
  });

  it('writes CSV chunk by chunk, waiting for a slow output to drain', async () => {
    const out = slowSink();
    const rows = await writeCsv(await (await open()).stream('select range as n from range(10000)'), out);
    expect(rows).toBe(10000);
    const lines = out.text().split('\n');
    expect(lines.slice(0, 3)).toEqual(['n', '0', '1']);
    expect(lines).toHaveLength(10002);
    expect(out.waits()).toBeGreaterThan(0);
  });

  it('writes JSON as formatJson does, for rows and for none', async () => {
    const q = 'select row_id, customer_name, profit from enriched.orders order by row_id';
    const d = await open();
    const out = sink();
    expect(await writeJson(await d.stream(q), out)).toBe(3);
    expect(out.text()).toBe(formatJson(await d.run(q)));
    const none = sink();
    expect(await writeJson(await d.stream('select 1 as a where false'), none)).toBe(0);
    expect(none.text()).toBe('[]\n');
  });

  it('writes the table of a preview: the first rows, and all of them counted', async () => {
    const out = sink();
    const preview = await (await open()).preview('select range as n from range(5000)', 3);
    expect(preview).toEqual({ columns: [{ name: 'n', type: 'BIGINT' }], rows: [[0], [1], [2]], total: 5000 });
    await writePreview(preview, out);
    expect(out.text()).toBe('n\n-\n0\n1\n2\n… 4,997 more rows (5,000 in all)\n');
  });

  it('prints an EXPLAIN plan as its drawing, never cut to the width', async () => {
    const out = sink();
    await writePreview(await (await open()).preview('explain select * from enriched.orders', 40), out, {
      maxWidth: 10,
    });
    const text = out.text();
    expect(text.split('\n')[0]).toMatch(/^┌─+┐$/);
    expect(text).toContain('READ_PARQUET');
    expect(text).not.toContain('explain_value');
  });

  it('fails when the output fails, instead of waiting forever', async () => {
    const broken = new Writable({
      highWaterMark: 16,
      write(_chunk, _enc, cb) {
        setTimeout(() => {
          cb(new Error('EPIPE: broken pipe'));
        }, 1);
      },
    });
    broken.on('error', () => undefined);
    await expect(writeCsv(await (await open()).stream('select range from range(100000)'), broken)).rejects.toThrow(
      /EPIPE|write after/,
    );
  });
});

describe('writing to an output that already failed', () => {
  it('fails at once instead of waiting for an event that has passed', async () => {
    const wh = await tinyWarehouse();
    const db = await openWarehouse(wh);
    try {
      const gone = new Writable({
        write(_chunk, _enc, cb) {
          cb();
        },
      });
      gone.on('error', () => undefined);
      gone.destroy(new Error('EPIPE: broken pipe'));
      await new Promise((r) => setImmediate(r));
      await expect(writeJson(await db.stream('select range from range(10)'), gone)).rejects.toThrow('EPIPE');
    } finally {
      db.close();
      removeWarehouse(wh);
    }
  });
});

describe('jsonObject', () => {
  it('keeps every value of repeated column names, suffixed as DuckDB does', () => {
    const object = jsonObject([
      { name: 'a', type: 'INTEGER' },
      { name: 'a', type: 'INTEGER' },
      { name: 'b"', type: 'VARCHAR' },
    ]);
    expect(JSON.parse(object([1, 2, 'x']))).toEqual({ a: 1, 'a:1': 2, 'b"': 'x' });
  });
});

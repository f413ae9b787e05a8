import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Float64, Utf8, makeData, makeVector, tableFromArrays } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { rawOrders, readJson, tableRows } from '../../../src/index.js';
import { packTable, unpackTable } from '../../../src/io/worker/table-transfer.js';
import { tableFromVectors } from '../../../src/table/table.js';
import { column, plainString } from '../../../src/schemas/types.js';
import { tempFile } from '../../helpers/tmp.js';

const made: string[] = [];
afterAll(() => {
  for (const f of made) rmSync(dirname(f), { recursive: true, force: true });
});

/** A raw orders table as the reader makes it: dictionary and plain text, nulls, escapes, source_row. */
async function rawTable() {
  const lines = [
    '{"Row ID": 1, "Order ID": "CA-1", "Order Date": "1/1/2016", "Customer ID": "C1", "Product ID": "P1", ' +
      '"Quantity": 2, "Profit": 1.5, "Ship Mode": "First Class"}',
    '{"Row ID": 2, "Order ID": "CA-1", "Order Date": "1/1/2016", "Customer ID": "C\\u00e91", "Product ID": "P2", ' +
      '"Quantity": 3, "Profit": -0.25, "Ship Mode": null}',
    '{"Row ID": 3, "Order ID": "CA-2", "Order Date": "2/1/2016", "Customer ID": "C1", "Product ID": "P1", ' +
      '"Quantity": 1, "Profit": 0}',
  ];
  const file = tempFile('orders.ndjson', `${lines.join('\n')}\n`);
  made.push(file);
  return (await readJson(file, rawOrders)).table;
}

/** What a table is, for comparing: its fields (name, type, nullable) and its rows. */
const shape = (t: ReturnType<typeof unpackTable>) => ({
  fields: t.schema.fields.map((f) => [f.name, String(f.type), f.nullable]),
  rows: tableRows(t),
});

describe('packTable / unpackTable', () => {
  it('moves a raw table as it is: same fields, types and rows, its buffers detached on the sending side', async () => {
    const table = await rawTable();
    const expected = shape(table);
    const packed = packTable(table);
    expect(packed).not.toBeNull();
    const { packed: data, transfer } = packed!;
    expect(transfer.length).toBeGreaterThan(0);
    const moved = structuredClone(data, { transfer });
    expect(transfer.every((b) => b.byteLength === 0)).toBe(true); // moved, not copied
    expect(shape(unpackTable(moved))).toEqual(expected);
  });

  it('copies a buffer that is a view of a larger one, so the larger one is never detached', () => {
    const big = new Uint8Array(64);
    big.set(new TextEncoder().encode('abcdef'), 8);
    const text = makeData({
      type: new Utf8(),
      length: 2,
      nullCount: 0,
      valueOffsets: Int32Array.of(0, 3, 6),
      data: big.subarray(8, 14),
    });
    const table = tableFromVectors([column('t', plainString(), 'text')], [makeVector(text)]);
    const { packed, transfer } = packTable(table)!;
    const moved = structuredClone(packed, { transfer });
    expect(big.byteLength).toBe(64);
    expect(tableRows(unpackTable(moved))).toEqual([{ t: 'abc' }, { t: 'def' }]);
  });

  it('does not pack a table holding a type it does not know (it then goes as Arrow IPC)', () => {
    const table = tableFromArrays({ x: Float64Array.of(1.5) });
    expect(table.schema.fields[0]!.type).toBeInstanceOf(Float64);
    expect(packTable(table)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Table, Type, type Data, type DataType, type Vector } from 'apache-arrow';
import {
  cleanCustomers,
  cleanProducts,
  enrichOrders,
  rawCustomers,
  rawOrders,
  rawProducts,
} from '../../../src/index.js';
import { DictionaryBuilder, Utf8Builder } from '../../../src/table/builders.js';
import { tableRows } from '../../../src/table/columns.js';
import { take } from '../../../src/table/take.js';
import { SeenLines } from '../../../src/transforms/seen-lines.js';
import { lookUp } from '../../../src/transforms/steps/lookup.js';
import { lookUpBytes } from '../../../src/transforms/steps/lookup-bytes.js';
import { rawTable } from '../../helpers/raw-table.js';

// The steps read plain text columns from their bytes and dictionary columns once per entry; a table with every
// text column in the other encoding takes the string paths (Arrow's decoding per value): both must agree.

/** `v` re-encoded: a dictionary column as plain text, a plain one as a dictionary (same values, same nulls). */
function flipped(v: Vector<DataType>): Vector {
  const d: Data = v.data[0]!;
  const values = Array.from({ length: v.length }, (_, i) => v.get(i) as string | null);
  if (d.typeId === Type.Dictionary) {
    const b = new Utf8Builder();
    for (const s of values) b.append(s);
    return b.finish();
  }
  const b = new DictionaryBuilder();
  for (const s of values) b.append(s);
  return b.finish();
}

/** The table with every text column flipped (source_row and other columns as they are). */
function flip(t: Table): Table {
  const columns: Record<string, Vector> = {};
  for (const f of t.schema.fields) {
    const v = t.getChild(f.name) as Vector<DataType>;
    const id = v.data[0]!.typeId;
    columns[f.name] = id === Type.Utf8 || id === Type.Dictionary ? flipped(v) : v;
  }
  return new Table(columns);
}

const pick = <T>(...xs: T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
const messy = fc.string({ unit: pick(...'0123456789.-+eE ,%$'.split(''), '\u00a0', 'é', '\t'), maxLength: 10 });
/** Mostly usable values (so lines get through to the later checks and steps), else messy ones or null. */
const field = (good: readonly string[], bad: fc.Arbitrary<string>): fc.Arbitrary<string | null> =>
  fc.oneof(
    { arbitrary: pick(...good), weight: 6 },
    { arbitrary: bad, weight: 2 },
    { arbitrary: fc.constant(null), weight: 1 },
  );
// no value starts with a BOM: a plain column keeps it (Buffer decoding), a dictionary's decoding drops it
const lineArb = fc.record({
  'Row ID': field(
    ['1', '2', '3', ' 4 ', '+5', '6.0', '-0', '12'],
    pick('7.5', '', ' ', 'x', '1e2', '٣', '\u00a08', '99999999999999999', '9007199254740993'),
  ),
  'Order ID': field(['O-1', 'O-2'], pick(' O-1', 'O-2 ', 'O  3', 'O\t4', 'Ö-5', '', '\u200bO-6')),
  'Order Date': field(
    ['21/8/2016', '1/1/2015', '29/2/2016', '2016-08-21', ' 3/3/2016 ', '03/03/2016', '\u00a05/5/2017'],
    pick('29/2/2015', '31/4/2017', '3/3/16', '3-3-2016', '', '0/1/2016', '1/13/2016', '1/1/999', '2016-8-21'),
  ),
  'Ship Date': field(['25/8/2016', '1/9/2016'], pick('31/2/2016', '2016-13-01', 'x')),
  'Ship Mode': field(['Standard Class', 'First Class'], pick('Standard  Class', ' First Class', 'Same\u00a0Day')),
  'Customer ID': field(['C1', 'C2', 'Ç3'], pick(' C1 ', 'C\u00a01', 'C9', '\ufeffC2', '')),
  'Product ID': field(['P1', 'P2'], pick(' P2', 'P\t1', 'P3')),
  Quantity: field(['7', ' 3 ', '2.0', '+1'], pick('0', '-2', '2.5', 'x', '99999999999', '1e1')),
  Price: field(
    ['573.17', '12', '0.5', '-3.25', '4797%', '$1,234.50', '12.3456789', '\u2003 5.5', '1e-3', '.5'],
    fc.oneof(pick('#ERROR!', '99999999999999999999', '-$5', "'12'", '1,23', '12..5'), messy),
  ),
  Discount: field(['0.2', '0', '1', '0.12345', '1e-1'], pick('1.5', '-0.1', '20%', 'abc')),
  Profit: field(
    ['63.69', '2.345', '-2.345', '1.005', '7', '-0.005', '12.3400001', '0.994', '1e2', ' 9.999 ', '\u00a01.115'],
    fc.oneof(pick('99999999999999999.99', 'x', '', '#ERROR!'), messy),
  ),
});

const customers = cleanCustomers(
  rawTable(rawCustomers, [
    { 'Customer ID': 'C1', 'Customer Name': 'Gary Hansen', Country: 'United States' },
    { 'Customer ID': 'C2', 'Customer Name': '\ufeffPeter Bühler', Country: 'Germany' },
    { 'Customer ID': 'Ç3', 'Customer Name': 'Zoë', Country: null },
  ]),
).table;
const products = cleanProducts(
  rawTable(rawProducts, [
    { 'Product ID': 'P1', Category: 'Furniture', 'Sub-Category': 'Chairs' },
    { 'Product ID': 'P2', Category: 'Technology', 'Sub-Category': 'Phones' },
  ]),
).table;

describe('the byte paths of the order steps against the string paths', () => {
  it('enrichOrders gives the same lines, rejects and fixes for either encoding of the raw columns', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 3 }),
        (lines, parts) => {
          const raw = rawTable(rawOrders, lines);
          const run = (t: Table) => {
            const seen = new SeenLines();
            const out = [];
            const size = Math.ceil(t.numRows / parts);
            for (let s = 0; s < t.numRows; s += size) {
              const rows = Int32Array.from({ length: Math.min(size, t.numRows - s) }, (_, k) => s + k);
              const e = enrichOrders(take(t, rows), { customers, products, seen });
              seen.merge(e.seen);
              out.push({
                rows: tableRows(e.table),
                rejects: e.rejects,
                fixes: e.fixes,
                uc: e.unknownCustomers,
                up: e.unknownProducts,
              });
            }
            return out;
          };
          expect(run(raw)).toEqual(run(flip(raw)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lookUp joins on bytes as on strings: BOMs, spaces, non-ASCII, duplicate and null keys', () => {
    const key = pick('C1', 'C2', '\ufeffC1', 'C\u00a01', 'Ç3', 'c1', '', 'C1 ');
    const value = fc.oneof(pick('a', '\ufeffa', 'Zoë', '', 'b b'), fc.constant(null));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(key, fc.constant(null)), { minLength: 1, maxLength: 30 }),
        fc.array(fc.tuple(fc.oneof(key, fc.constant(null)), value, value), { minLength: 1, maxLength: 10 }),
        (ids, entities) => {
          const lines = rawTable(
            rawOrders,
            ids.map((id) => ({ 'Customer ID': id })),
          );
          const entity = new Table({
            customer_id: dict(entities.map((e) => e[0])),
            customer_name: dict(entities.map((e) => e[1])),
            country: plain(entities.map((e) => e[2])),
          });
          const spec = {
            key: 'customer_id',
            columns: [
              { name: 'customer_name', type: { kind: 'string', dictionary: true }, nullable: true },
              { name: 'country', type: { kind: 'string', dictionary: true }, nullable: true },
            ],
          } as never;
          const bytes = lookUp({ lines, entity: entity as never }, spec); // dictionary keys: the byte join
          const strings = lookUp({ lines: flip(lines), entity: entity as never }, spec); // plain keys: the string join
          expect(bytes.unknown).toBe(strings.unknown);
          for (const name of ['customer_name', 'country']) {
            const a = bytes.table.getChild(name) as Vector<DataType>;
            const b = strings.table.getChild(name) as Vector<DataType>;
            expect(Array.from({ length: a.length }, (_, i): unknown => a.get(i))).toEqual(
              Array.from({ length: b.length }, (_, i): unknown => b.get(i)),
            );
            expect(a.data[0]!.dictionary!.data[0]!.values).toEqual(b.data[0]!.dictionary!.data[0]!.values);
            expect(a.data[0]!.values).toEqual(b.data[0]!.values);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('lookUpBytes answers a dictionary key column, leaves a plain one (or bytes not UTF-8) to lookUp', () => {
    const lines = rawTable(rawOrders, [{ 'Customer ID': 'C1' }, { 'Customer ID': 'C9' }, { 'Customer ID': null }]);
    const entity = new Table({ customer_id: dict(['C1']), customer_name: plain(['\ufeffGary']) });
    const joined = lookUpBytes(lines, entity, 'customer_id', ['customer_name'])!;
    expect(joined.unknown).toBe(2);
    const out = joined.vectors[0]!.data[0]!;
    expect(Array.from(out.values as Int32Array)).toEqual([0, 0, 0]);
    expect(out.nullCount).toBe(2);
    // a plain entity value keeps its BOM, as textReader reads it
    expect(Buffer.from(out.dictionary!.data[0]!.values as Uint8Array).toString()).toBe('\ufeffGary');
    expect(lookUpBytes(flip(lines), entity, 'customer_id', ['customer_name'])).toBeNull();
    const bad = new Utf8Builder();
    bad.appendUtf8(Uint8Array.of(0x43, 0xff), 0, 2);
    const invalid = new Table({ customer_id: dict(['C1']), customer_name: bad.finish() });
    expect(lookUpBytes(lines, invalid, 'customer_id', ['customer_name'])).toBeNull();
  });
});

function dict(values: readonly (string | null)[]): Vector {
  const b = new DictionaryBuilder();
  for (const v of values) b.append(v);
  return b.finish();
}
function plain(values: readonly (string | null)[]): Vector {
  const b = new Utf8Builder();
  for (const v of values) b.append(v);
  return b.finish();
}

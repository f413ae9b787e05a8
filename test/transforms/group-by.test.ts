import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Table } from 'apache-arrow';
import {
  SchemaError,
  column,
  date,
  decimal,
  dictString,
  int32,
  int64,
  plainString,
  tableRows,
  type ColumnType,
} from '../../src/index.js';
import { DictionaryBuilder, Int32Builder, Utf8Builder, builderFor } from '../../src/table/builders.js';
import { bigintColumn } from '../../src/table/columns.js';
import { emptyTable, tableFromVectors } from '../../src/table/table.js';
import { groupBy, type Aggregation } from '../../src/transforms/group-by.js';
import { combineKeys, encodeKey } from '../../src/transforms/group-keys.js';
import { expectTableEqual } from '../helpers/table-equal.js';

type Cell = string | number | bigint | null;

/** A one-batch table from `name → [type, values]` (strings for text, numbers for int32/date, bigints otherwise). */
function makeTable(columns: Record<string, readonly [ColumnType, readonly Cell[]]>): Table {
  const specs = Object.entries(columns).map(([name, [type]]) => column(name, type, name));
  const vectors = Object.values(columns).map(([type, values]) => {
    const b = builderFor(type);
    for (const v of values) {
      if (b instanceof Utf8Builder || b instanceof DictionaryBuilder) b.append(v as string | null);
      else if (b instanceof Int32Builder) b.append(v as number | null);
      else b.append(v as bigint | null);
    }
    return b.finish();
  });
  return tableFromVectors(specs, vectors);
}

const sum = <const C extends string>(column: C): Aggregation<C> => ({ op: 'sum', column });
const count: Aggregation = { op: 'count' };
const typeOf = (t: Table, name: string): string => String(t.schema.fields.find((f) => f.name === name)?.type);
const DAY = 86_400_000;

describe('groupBy', () => {
  const orders = makeTable({
    year: [int32(), [2017, 2016, 2017, 2016, 2017, null]],
    category: [dictString(), ['Tables', 'Chairs', 'Chairs', 'Chairs', null, 'Tables']],
    profit: [decimal(18, 2), [10n, 20n, -5n, 1000n, 7n, null]],
  });

  it('groups by one key, sums exactly and counts, sorted with the null group last', () => {
    expectTableEqual(groupBy(orders, ['category'], { profit: sum('profit'), lines: count }), [
      { category: 'Chairs', profit: '10.15', lines: 3n },
      { category: 'Tables', profit: '0.10', lines: 2n },
      { category: null, profit: '0.07', lines: 1n },
    ]);
  });

  it('groups by two keys', () => {
    expectTableEqual(groupBy(orders, ['year', 'category'], { profit: sum('profit') }), [
      { year: 2016, category: 'Chairs', profit: '10.20' },
      { year: 2017, category: 'Chairs', profit: '-0.05' },
      { year: 2017, category: 'Tables', profit: '0.10' },
      { year: 2017, category: null, profit: '0.07' },
      { year: null, category: 'Tables', profit: '0.00' },
    ]);
  });

  it('groups by five keys of mixed types', () => {
    const t = makeTable({
      year: [int32(), [2016, 2016, 2016, 2015, 2016]],
      category: [dictString(), ['A', 'A', 'A', 'A', 'A']],
      sub: [dictString(), ['x', 'x', 'y', 'x', 'x']],
      customer: [plainString(), ['c2', 'c1', 'c1', 'c1', 'c2']],
      id: [int64(), [5n, 5n, 5n, 5n, -9007199254740993n]],
      profit: [decimal(18, 2), [1n, 2n, 3n, 4n, 5n]],
    });
    expectTableEqual(groupBy(t, ['year', 'category', 'sub', 'customer', 'id'], { profit: sum('profit'), n: count }), [
      { year: 2015, category: 'A', sub: 'x', customer: 'c1', id: 5n, profit: '0.04', n: 1n },
      { year: 2016, category: 'A', sub: 'x', customer: 'c1', id: 5n, profit: '0.02', n: 1n },
      { year: 2016, category: 'A', sub: 'x', customer: 'c2', id: -9007199254740993n, profit: '0.05', n: 1n },
      { year: 2016, category: 'A', sub: 'x', customer: 'c2', id: 5n, profit: '0.01', n: 1n },
      { year: 2016, category: 'A', sub: 'y', customer: 'c1', id: 5n, profit: '0.03', n: 1n },
    ]);
  });

  it('keeps null keys as their own groups, so the group sums add up to the table total', () => {
    const t = makeTable({
      a: [plainString(), [null, 'b', null, 'a', 'b']],
      b: [int64(), [null, null, 3n, 3n, null]],
      v: [int32(), [1, 2, 3, 4, 5]],
    });
    expectTableEqual(groupBy(t, ['a', 'b'], { v: sum('v'), n: count }), [
      { a: 'a', b: 3n, v: 4n, n: 1n },
      { a: 'b', b: null, v: 7n, n: 2n },
      { a: null, b: 3n, v: 3n, n: 1n },
      { a: null, b: null, v: 1n, n: 1n },
    ]);
  });

  it('keeps each key column’s Arrow type: dictionary stays dictionary, int32 stays int32, text stays text', () => {
    const t = makeTable({
      d: [dictString(), ['x', 'y']],
      s: [plainString(), ['x', 'y']],
      i: [int32(), [1, 2]],
      l: [int64(), [1n, 2n]],
      day: [date(), [1, 2]],
      m: [decimal(12, 4), [1n, 2n]],
    });
    const g = groupBy(t, ['d', 's', 'i', 'l', 'day'], { m: sum('m'), si: sum('i'), sl: sum('l'), n: count });
    expect(g.schema.fields.map((f) => [f.name, String(f.type)])).toEqual([
      ['d', 'Dictionary<Int32, Utf8>'],
      ['s', 'Utf8'],
      ['i', 'Int32'],
      ['l', 'Int64'],
      ['day', 'Date32<DAY>'],
      ['m', 'Decimal[18e+4]'],
      ['si', 'Int64'],
      ['sl', 'Int64'],
      ['n', 'Int64'],
    ]);
    expect(g.schema.fields.slice(0, 5).every((f) => f.nullable)).toBe(true);
    expect(g.schema.fields.slice(5).every((f) => !f.nullable)).toBe(true);
  });

  it('groups by a date key in calendar order', () => {
    const t = makeTable({ day: [date(), [17034, -1, null, 17034, 0]], v: [int64(), [1n, 2n, 3n, 4n, 5n]] });
    const g = groupBy(t, ['day'], { v: sum('v') });
    expect(typeOf(g, 'day')).toBe('Date32<DAY>');
    expectTableEqual(g, [
      { day: -DAY, v: 2n },
      { day: 0, v: 5n },
      { day: 17034 * DAY, v: 5n },
      { day: null, v: 3n },
    ]);
  });

  it('orders int keys numerically, wide ranges included, and text by code unit (`<`)', () => {
    const t = makeTable({
      i: [int32(), [2147483647, -2147483648, 0, -1, 2147483647]],
      s: [dictString(), ['a', 'B', 'É', 'a', 'ab']],
    });
    expectTableEqual(groupBy(t, ['i'], { n: count }), [
      { i: -2147483648, n: 1n },
      { i: -1, n: 1n },
      { i: 0, n: 1n },
      { i: 2147483647, n: 2n },
    ]);
    expect(tableRows(groupBy(t, ['s'], {})).map((r) => r['s'])).toEqual(['B', 'a', 'ab', 'É']);
  });

  it('counts rows per group, nulls in summed columns included', () => {
    const t = makeTable({ k: [dictString(), ['x', 'x', 'y']], v: [int64(), [null, null, 1n]] });
    expectTableEqual(groupBy(t, ['k'], { n: count, v: sum('v') }), [
      { k: 'x', n: 2n, v: 0n },
      { k: 'y', n: 1n, v: 1n },
    ]);
  });

  it('sums decimals exactly: 0.1 + 0.2 = 0.30, negatives, and all-null groups sum to 0', () => {
    const t = makeTable({
      k: [dictString(), ['a', 'a', 'b', 'b', 'c', 'c']],
      m: [decimal(10, 2), [10n, 20n, -1n, -99999999n, null, null]],
    });
    const g = groupBy(t, ['k'], { m: sum('m') });
    expect(typeOf(g, 'm')).toBe('Decimal[18e+2]');
    expectTableEqual(g, [
      { k: 'a', m: '0.30' },
      { k: 'b', m: '-1000000.00' },
      { k: 'c', m: '0.00' },
    ]);
    expect(Array.from(bigintColumn(g, 'm').values)).toEqual([30n, -100000000n, 0n]);
  });

  it('falls back to exact bigint sums when partial sums leave ±2^53 (values near 2^62)', () => {
    const big = 2n ** 62n - 1n;
    const t = makeTable({
      k: [int32(), [1, 1, 1, 2, 2, 3, 3]],
      v: [int64(), [big, big, -big, -(2n ** 62n), -(2n ** 62n), 2n ** 53n - 1n, 1n]],
    });
    expectTableEqual(groupBy(t, ['k'], { v: sum('v') }), [
      { k: 1, v: big },
      { k: 2, v: -(2n ** 63n) },
      { k: 3, v: 2n ** 53n },
    ]);
  });

  it('stays exact past 2^53 for int32 sums, and for decimals whose partial sums grow past it', () => {
    const n = 4200;
    const ints = makeTable({ v: [int32(), Array.from({ length: n }, () => 2147483647)] });
    expectTableEqual(groupBy(ints, [], { v: sum('v') }), [{ v: 2147483647n * BigInt(n) }]);
    const money = makeTable({ m: [decimal(18, 2), [2n ** 52n, 2n ** 52n, 2n ** 52n, -(2n ** 52n), 1n]] });
    expect(Array.from(bigintColumn(groupBy(money, [], { m: sum('m') }), 'm').values)).toEqual([2n ** 53n + 1n]);
  });

  it('throws SchemaError when a sum does not fit its output type', () => {
    const t = makeTable({
      v: [int64(), [2n ** 62n, 2n ** 62n]],
      m: [decimal(18, 2), [10n ** 17n * 9n, 10n ** 17n * 9n]],
    });
    expect(() => groupBy(t, [], { v: sum('v') })).toThrow(/sum "v" = 9223372036854775808 does not fit INT64/);
    expect(() => groupBy(t, [], { m: sum('m') })).toThrow(/does not fit DECIMAL\(18\)/);
  });

  it('throws SchemaError naming the column and the available columns', () => {
    expect(() => groupBy(orders, ['nope'], {})).toThrow(SchemaError);
    expect(() => groupBy(orders, ['nope'], {})).toThrow('key column "nope" not found (have: year, category, profit)');
    expect(() => groupBy(orders, [], { p: sum('gone') })).toThrow(
      'sum column "gone" not found (have: year, category, profit)',
    );
    expect(() => groupBy(orders, [], { p: sum('category') })).toThrow(
      /cannot sum column "category" .* only int32, int64 and decimal columns can be summed \(have: year, category, profit\)/,
    );
    expect(() => groupBy(orders, ['profit'], {})).toThrow(/key column "profit" is Decimal/);
    expect(() => groupBy(orders, ['year'], { year: count })).toThrow('output column "year" is named twice');
  });

  it('gives an empty result with the right columns for an empty table', () => {
    const specs = [column('k', dictString(), 'k'), column('y', int32(), 'y'), column('m', decimal(18, 2), 'm')];
    const built = makeTable({ k: [dictString(), []], y: [int32(), []], m: [decimal(18, 2), []] });
    for (const t of [built, emptyTable(specs)]) {
      const g = groupBy(t, ['k', 'y'], { m: sum('m'), n: count });
      expectTableEqual(g, [], ['k', 'y', 'm', 'n']);
      expect(g.schema.fields.map((f) => String(f.type))).toEqual([
        'Dictionary<Int32, Utf8>',
        'Int32',
        'Decimal[18e+2]',
        'Int64',
      ]);
    }
  });

  it('with no keys, sums the whole table into one row', () => {
    expectTableEqual(groupBy(orders, [], { profit: sum('profit'), n: count }), [{ profit: '10.32', n: 6n }]);
  });

  it('gives identical output for shuffled input, and the group sums add up to the column total', () => {
    const row = fc.record({
      year: fc.option(fc.constantFrom(2014, 2015, 2016, 2017), { nil: null }),
      category: fc.option(fc.constantFrom('Furniture', 'Technology', 'Office Supplies'), { nil: null }),
      name: fc.option(fc.constantFrom('Ann', 'Bob', 'Émile', 'zoë'), { nil: null }),
      id: fc.option(fc.bigInt({ min: -3n, max: 3n }), { nil: null }),
      profit: fc.option(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), { nil: null }),
    });
    const build = (
      rows: readonly {
        year: number | null;
        category: string | null;
        name: string | null;
        id: bigint | null;
        profit: bigint | null;
      }[],
    ): Table =>
      makeTable({
        year: [int32(), rows.map((r) => r.year)],
        category: [dictString(), rows.map((r) => r.category)],
        name: [plainString(), rows.map((r) => r.name)],
        id: [int64(), rows.map((r) => r.id)],
        profit: [decimal(18, 2), rows.map((r) => r.profit)],
      });
    fc.assert(
      fc.property(fc.array(fc.tuple(row, fc.nat()), { maxLength: 60 }), (tagged) => {
        const rows = tagged.map(([r]) => r);
        const shuffled = [...tagged].sort((a, b) => a[1] - b[1]).map(([r]) => r);
        const aggs = { profit: sum('profit'), n: count };
        const a = groupBy(build(rows), ['year', 'category', 'name', 'id'], aggs);
        const b = groupBy(build(shuffled), ['year', 'category', 'name', 'id'], aggs);
        expect(tableRows(b)).toEqual(tableRows(a));
        const total = rows.reduce((s, r) => s + (r.profit ?? 0n), 0n);
        expect(bigintColumn(a, 'profit').values.reduce((s, v) => s + v, 0n)).toBe(total);
        expect(bigintColumn(a, 'n').values.reduce((s, v) => s + v, 0n)).toBe(BigInt(rows.length));
      }),
      { numRuns: 200 },
    );
  });
});

describe('combineKeys', () => {
  it('numbers groups in key order the same way when ids must be renumbered or rows sorted', () => {
    const key = fc.array(fc.option(fc.integer({ min: -50, max: 50 }), { nil: null }), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 80 }), fc.integer({ min: 1, max: 3000 }), (rows, maxIds) => {
        const t = makeTable({
          a: [int32(), rows.map((r) => r[0]!)],
          b: [dictString(), rows.map((r) => (r[1] === null ? null : `s${r[1]}`))],
          c: [int64(), rows.map((r) => (r[2] === null ? null : BigInt(r[2]!)))],
        });
        const keys = ['a', 'b', 'c'].map((k) => encodeKey(t, k));
        const exact = combineKeys(keys, t.numRows);
        const forced = combineKeys(keys, t.numRows, maxIds);
        expect(forced.groups).toBe(exact.groups);
        expect(Array.from(forced.groupOf)).toEqual(Array.from(exact.groupOf));
        expect(Array.from(forced.firstRow)).toEqual(Array.from(exact.firstRow));
      }),
      { numRuns: 200 },
    );
  });
});

describe('group keys past the dense range', () => {
  /** Group numbers by sorting the key tuples directly: nulls last, ints numerically, text by `<`. */
  function referenceGroups(rows: readonly (readonly [number | null, string | null, bigint | null])[]): number[] {
    const cmp = (x: number | string | bigint | null, y: number | string | bigint | null): number =>
      x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
    const order = rows
      .map((_, i) => i)
      .sort((i, j) => cmp(rows[i]![0], rows[j]![0]) || cmp(rows[i]![1], rows[j]![1]) || cmp(rows[i]![2], rows[j]![2]));
    const groupOf = new Array<number>(rows.length);
    let g = -1;
    order.forEach((row, k) => {
      const prev = order[k - 1];
      if (prev === undefined || rows[prev]!.some((v, c) => v !== rows[row]![c])) g++;
      groupOf[row] = g;
    });
    return groupOf;
  }

  it('numbers sparse key tuples (ids far above 4 × rows) in key order, as sorting the tuples does', () => {
    const row = fc.tuple(
      fc.option(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), { nil: null }),
      fc.option(fc.string({ maxLength: 4 }), { nil: null }),
      fc.option(fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }), { nil: null }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(row, fc.constant([7, 'x', 1n] as const)), { minLength: 60, maxLength: 200 }),
        (rows) => {
          const t = makeTable({
            a: [int32(), rows.map((r) => r[0])],
            b: [plainString(), rows.map((r) => r[1])],
            c: [int64(), rows.map((r) => r[2])],
          });
          const ids = combineKeys(
            ['a', 'b', 'c'].map((k) => encodeKey(t, k)),
            t.numRows,
          );
          const expected = referenceGroups(rows);
          expect(Array.from(ids.groupOf)).toEqual(expected);
          expect(ids.groups).toBe(new Set(expected).size);
        },
      ),
      { numRuns: 200, endOnFailure: true },
    );
  });

  it('groups plain text by its decoded value: invalid UTF-8 byte strings that decode alike share a group', () => {
    const b = new Utf8Builder();
    const bytes = Uint8Array.from([0xff, 0xfe, 0x41, 0xc3, 0xa9]); // "\uFFFD", "\uFFFD", "A", "é"
    b.appendUtf8(bytes, 0, 1);
    b.appendUtf8(bytes, 1, 2);
    b.appendUtf8(bytes, 2, 3);
    b.appendUtf8(bytes, 3, 5);
    b.appendUtf8(bytes, 0, 1);
    const ones = builderFor(int64());
    for (let i = 0; i < 5; i++) (ones as ReturnType<typeof builderFor> & { append(v: bigint): void }).append(1n);
    const t = tableFromVectors(
      [column('name', plainString(), 'n'), column('v', int64(), 'v')],
      [b.finish(), ones.finish()],
    );
    const g = groupBy(t, ['name'], { v: sum('v') });
    expect(tableRows(g)).toEqual([
      { name: 'A', v: 1n },
      { name: 'é', v: 1n },
      { name: '\uFFFD', v: 3n },
    ]);
  });
});

describe('a text key that adds nothing to the keys before it', () => {
  it('groups as if it were encoded: names (plain or dictionary) that follow their id, and names that do not', () => {
    const names = ['Ann', 'Bob', 'Émile', null, 'zoë'] as const;
    const row = fc.record({
      id: fc.integer({ min: 0, max: 6 }),
      odd: fc.boolean(),
      v: fc.bigInt({ min: -99n, max: 99n }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 80 }), fc.boolean(), fc.boolean(), (rows, follow, dict) => {
        // each id has one name, unless `follow` is off and a row is odd (then its name is another id's)
        const nameOf = (r: { id: number; odd: boolean }): string | null =>
          names[(r.id + (!follow && r.odd ? 1 : 0)) % names.length]!;
        const t = makeTable({
          id: [dictString(), rows.map((r) => `c${r.id}`)],
          name: [dict ? dictString() : plainString(), rows.map(nameOf)],
          v: [int64(), rows.map((r) => r.v)],
        });
        const expected = new Map<string, { id: string; name: string | null; v: bigint }>();
        for (const r of rows) {
          const key = JSON.stringify([`c${r.id}`, nameOf(r)]);
          const e = expected.get(key) ?? { id: `c${r.id}`, name: nameOf(r), v: 0n };
          e.v += r.v;
          expected.set(key, e);
        }
        const cmp = (x: string | null, y: string | null): number =>
          x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
        const sorted = [...expected.values()].sort((a, b) => cmp(a.id, b.id) || cmp(a.name, b.name));
        const g = groupBy(t, ['id', 'name'], { v: sum('v') });
        expect(tableRows(g)).toEqual(sorted);
        expect(typeOf(g, 'name')).toBe(dict ? 'Dictionary<Int32, Utf8>' : 'Utf8');
      }),
      { numRuns: 300 },
    );
  });
});

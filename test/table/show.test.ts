import { describe, expect, it } from 'vitest';
import { DateDay, Decimal, Float64, Table, vectorFromArray } from 'apache-arrow';
import { EcomflowError, column, date, decimal, dictString, int32, int64, plainString, show } from '../../src/index.js';
import { DictionaryBuilder, Int32Builder, Int64Builder, Utf8Builder } from '../../src/table/builders.js';
import { typeName } from '../../src/table/show.js';
import { tableFromVectors } from '../../src/table/table.js';

type Row = [bigint | null, string | null, string | null, number | null, bigint | null, number | null];

/** A small order-lines table: i64, str, dictionary str, date, dec(18,2), i32. */
function orders(rows: readonly Row[]) {
  const b = [
    new Int64Builder(),
    new Utf8Builder(),
    new DictionaryBuilder(),
    new Int32Builder(new DateDay()),
    new Int64Builder(new Decimal(2, 18, 128)),
    new Int32Builder(),
  ] as const;
  for (const [id, name, category, day, profit, quantity] of rows) {
    b[0].append(id);
    b[1].append(name);
    b[2].append(category);
    b[3].append(day);
    b[4].append(profit);
    b[5].append(quantity);
  }
  const columns = [
    column('row_id', int64(), ''),
    column('customer_name', plainString(), ''),
    column('category', dictString(), ''),
    column('order_date', date(), ''),
    column('profit', decimal(18, 2), ''),
    column('quantity', int32(), ''),
  ];
  return tableFromVectors(
    columns,
    b.map((x) => x.finish()),
  );
}

const sample: Row[] = [
  [1n, 'Claire Gute', 'Furniture', 17113, 4191n, 2],
  [2n, 'Peter Bühler', null, 0, -1230n, 14],
  [9007199254740993n, null, 'Office Supplies', -1, 5n, null],
  [4n, '00347 Murphy Unions\nAshleyton, IA 29814', 'Technology', 19722, null, 3],
];

/** `show(orders(sample), { title: 'enriched.orders' })`, line by line. */
const shownSample = [
  'enriched.orders',
  '          row_id │ customer_name                           │ category        │ order_date │    profit │ quantity',
  '             i64 │ str                                     │ str             │ date       │ dec(18,2) │      i32',
  '─────────────────┼─────────────────────────────────────────┼─────────────────┼────────────┼───────────┼─────────',
  '               1 │ Claire Gute                             │ Furniture       │ 2016-11-08 │     41.91 │        2',
  '               2 │ Peter Bühler                            │ null            │ 1970-01-01 │    -12.30 │       14',
  '9007199254740993 │ null                                    │ Office Supplies │ 1969-12-31 │      0.05 │     null',
  '               4 │ 00347 Murphy Unions⏎Ashleyton, IA 29814 │ Technology      │ 2023-12-31 │      null │        3',
  '(4 rows × 6 columns)',
];

describe('show', () => {
  it('renders title, names, types, aligned cells, exact decimals, dates, nulls and line breaks', () => {
    expect(show(orders(sample), { title: 'enriched.orders' })).toBe(shownSample.join('\n'));
  });

  it('shows the first rows, then how many more, with thousands separators', () => {
    const many: Row[] = Array.from({ length: 1234 }, (_, i) => [
      BigInt(i + 1),
      `c${i}`,
      'Tables',
      17000 + i,
      BigInt(i * 100),
      i,
    ]);
    expect(show(orders(many), { rows: 2 })).toBe(
      [
        'row_id │ customer_name │ category │ order_date │    profit │ quantity',
        '   i64 │ str           │ str      │ date       │ dec(18,2) │      i32',
        '───────┼───────────────┼──────────┼────────────┼───────────┼─────────',
        '     1 │ c0            │ Tables   │ 2016-07-18 │      0.00 │        0',
        '     2 │ c1            │ Tables   │ 2016-07-19 │      1.00 │        1',
        '… 1,232 more rows',
        '(1,234 rows × 6 columns)',
      ].join('\n'),
    );
    expect(show(orders(many)).split('\n')).toHaveLength(3 + 10 + 2);
    expect(
      show(orders(many.slice(0, 11)))
        .split('\n')
        .at(-2),
    ).toBe('… 1 more row');
  });

  it('truncates long text and long names with … at maxWidth', () => {
    const t = orders([[1n, 'Eldon Image Series Desk Accessories, Burgundy', 'Office Supplies', 0, 0n, 1]]);
    const lines = show(t, { maxWidth: 10 }).split('\n');
    expect(lines[0]).toBe('row_id │ customer_… │ category   │ order_date │    profit │ quantity');
    expect(lines[3]).toBe('     1 │ Eldon Ima… │ Office Su… │ 1970-01-01 │      0.00 │        1');
    expect(lines[4]).toBe('(1 row × 6 columns)');
  });

  it('shows an empty table as its header and shape', () => {
    expect(show(orders([]), { rows: 5 })).toBe(
      [
        'row_id │ customer_name │ category │ order_date │    profit │ quantity',
        '   i64 │ str           │ str      │ date       │ dec(18,2) │      i32',
        '───────┼───────────────┼──────────┼────────────┼───────────┼─────────',
        '(0 rows × 6 columns)',
      ].join('\n'),
    );
  });

  it('handles tables built by other tools (floats, booleans, several batches)', () => {
    const t = new Table({ x: vectorFromArray(new Float64Array([1.5, -2])), ok: vectorFromArray([true, false]) });
    expect(show(t)).toBe(
      ['  x │ ok', 'f64 │ bool', '────┼──────', '1.5 │ true', ' -2 │ false', '(2 rows × 2 columns)'].join('\n'),
    );
    const two = t.concat(t);
    expect(show(two, { rows: 3 }).split('\n').slice(3)).toEqual([
      '1.5 │ true',
      ' -2 │ false',
      '1.5 │ true',
      '… 1 more row',
      '(4 rows × 2 columns)',
    ]);
    expect(typeName(new Float64())).toBe('f64');
  });

  it('renders a query result (DuckDB types, exact values) like a table', () => {
    const result = {
      columns: [
        { name: 'order_year', type: 'INTEGER' },
        { name: 'category', type: 'VARCHAR' },
        { name: 'profit', type: 'DECIMAL(38,2)' },
        { name: 'first_order', type: 'DATE' },
      ],
      rows: [
        [2014, 'Furniture', '-1685.09', '2014-01-03'],
        [2015, null, '12.30', null],
        [2016, 'Office\nSupplies', '0.00', '2016-12-31'],
      ],
    };
    expect(show(result, { rows: 2, title: 'profit_by_year_category' })).toBe(
      [
        'profit_by_year_category',
        'order_year │ category  │    profit │ first_order',
        '       i32 │ str       │ dec(38,2) │ date',
        '───────────┼───────────┼───────────┼────────────',
        '      2014 │ Furniture │  -1685.09 │ 2014-01-03',
        '      2015 │ null      │     12.30 │ null',
        '… 1 more row',
        '(3 rows × 4 columns)',
      ].join('\n'),
    );
    expect(show(result).split('\n')[5]).toBe('      2016 │ Office⏎Supplies │      0.00 │ 2016-12-31');
  });

  it('rejects nonsense options', () => {
    const t = orders([]);
    expect(() => show(t, { rows: -1 })).toThrow(EcomflowError);
    expect(() => show(t, { maxWidth: 1 })).toThrow('maxWidth must be a whole number ≥ 2, got 1');
  });
});

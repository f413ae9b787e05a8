/** Micro-benchmark: groupBy over 1,000,000 rows (year × category × sub_category × customer_id, exact decimal sum). */
import { column, decimal, dictString, groupBy, int32 } from '../src/index.js';
import { DictionaryBuilder, Int32Builder, Int64Builder, builderFor } from '../src/table/builders.js';
import { bigintColumn } from '../src/table/columns.js';
import { tableFromVectors, type Table } from '../src/table/table.js';

const n = Number(process.argv[2] ?? 1_000_000);
let seed = 42;
const next = (m: number): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % m;
};
const year = new Int32Builder();
const category = new DictionaryBuilder();
const sub = new DictionaryBuilder();
const customer = new DictionaryBuilder();
const profit = builderFor(decimal(18, 2)) as Int64Builder;
const customers = Array.from({ length: 800 }, (_, i) => `CG-${String(i).padStart(5, '0')}`);
for (let i = 0; i < n; i++) {
  year.append(2014 + next(4));
  category.append(['Furniture', 'Office Supplies', 'Technology'][next(3)]!);
  sub.append(`Sub ${next(17)}`);
  customer.append(customers[next(800)]!);
  profit.append(BigInt(next(2_000_000) - 1_000_000));
}
const specs = [
  column('year', int32(), 'y'),
  column('category', dictString(), 'c'),
  column('sub_category', dictString(), 's'),
  column('customer_id', dictString(), 'id'),
  column('profit', decimal(18, 2), 'p'),
];
const t = tableFromVectors(specs, [year.finish(), category.finish(), sub.finish(), customer.finish(), profit.finish()]);
const times: string[] = [];
let g: Table = t;
for (let run = 0; run < 3; run++) {
  const start = performance.now();
  g = groupBy(t, ['year', 'category', 'sub_category', 'customer_id'], {
    profit: { op: 'sum', column: 'profit' },
    n: { op: 'count' },
  });
  times.push(`${(performance.now() - start).toFixed(0)} ms`);
}
const lines = bigintColumn(g, 'n').values.reduce((s, v) => s + v, 0n);
console.log(
  `groupBy ${n.toLocaleString('en-US')} rows → ${g.numRows} groups (${lines} lines) ` +
    `in ${times.join(', ')} (first run cold)`,
);

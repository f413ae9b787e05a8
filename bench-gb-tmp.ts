import { DictionaryBuilder, Int32Builder, Int64Builder, builderFor, column, decimal, dictString, int32, tableFromVectors, codedColumn, bigintColumn, int32Column } from './src/index.js';
import { groupBy } from './src/transforms/group-by.js';
import { combineKeys, encodeKey } from './src/transforms/group-keys.js';
const n = 1_000_000; let seed = 42;
const next = (m: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % m; };
const year = new Int32Builder(); const category = new DictionaryBuilder(); const sub = new DictionaryBuilder(); const customer = new DictionaryBuilder();
const profit = builderFor(decimal(18, 2)) as Int64Builder;
const customers = Array.from({ length: 800 }, (_, i) => `CG-${String(i).padStart(5, '0')}`);
for (let i = 0; i < n; i++) { year.append(2014 + next(4)); category.append(['Furniture', 'Office Supplies', 'Technology'][next(3)]!); sub.append(`Sub ${next(17)}`); customer.append(customers[next(800)]!); profit.append(BigInt(next(2_000_000) - 1_000_000)); }
const specs = [column('year', int32(), 'y'), column('category', dictString(), 'c'), column('sub_category', dictString(), 's'), column('customer_id', dictString(), 'id'), column('profit', decimal(18, 2), 'p')];
const t = tableFromVectors(specs, [year.finish(), category.finish(), sub.finish(), customer.finish(), profit.finish()]);
const time = (label: string, f: () => unknown) => { const s = performance.now(); const r = f(); console.log(label, (performance.now() - s).toFixed(1)); return r; };
for (let rep = 0; rep < 6; rep++) time('groupBy', () => groupBy(t, ['year', 'category', 'sub_category', 'customer_id'], { profit: { op: 'sum', column: 'profit' }, n: { op: 'count' } }));

import { describe, expect, it } from 'vitest';
import type { Utf8, Vector } from 'apache-arrow';
import { column, dictString, rawCustomers, rejectedOrders, tableRows, take, type Fixes } from '../../src/index.js';
import { DictionaryBuilder } from '../../src/table/builders.js';
import { applyRule } from '../../src/transforms/apply-rule.js';
import { CodeRemap, DictionaryGather, textVector } from '../../src/transforms/build-columns.js';
import { firstRowPerKey } from '../../src/transforms/dedupe-keys.js';
import { addFix, countBy } from '../../src/transforms/quality.js';
import { RejectsBuilder } from '../../src/transforms/rejects-builder.js';
import { trimRule } from '../../src/transforms/rules/trim.js';
import { rawTable } from '../helpers/raw-table.js';

const raw = rawTable(rawCustomers, [
  { 'Customer ID': ' A ', 'Customer Name': 'x', Country: 'US' },
  { 'Customer ID': 'B', 'Customer Name': 'y', Country: null },
  { 'Customer ID': 'A', 'Customer Name': 'z', Country: 'US ' },
]);

describe('applyRule', () => {
  it('cleans each distinct value once and counts changed and nulled rows', () => {
    const c = applyRule(raw, 'customer_id', trimRule);
    expect(Array.from(c.codes, (code) => c.values[code])).toEqual(['A', 'B', 'A']);
    expect(c.count).toEqual({ changed: 1, nulled: 0 });
    expect(applyRule(raw, 'customer_id', trimRule, Int32Array.of(1, 2)).count).toEqual({ changed: 0, nulled: 0 });
  });
});

describe('firstRowPerKey', () => {
  it('keeps first occurrences and reports duplicates with the kept row', () => {
    const k = firstRowPerKey(applyRule(raw, 'customer_id', trimRule));
    expect(Array.from(k.kept)).toEqual([0, 1]);
    expect(k.dropped).toEqual([{ row: 2, reason: 'duplicate', firstRow: 0 }]);
  });
});

describe('textVector', () => {
  it('builds a column of cleaned values for the selected rows', () => {
    const v = textVector(
      column('country', dictString(), ''),
      applyRule(raw, 'country', trimRule),
      Int32Array.of(2, 1, 0),
    );
    expect(Array.from(v)).toEqual(['US', null, 'US']);
  });
});

describe('CodeRemap and DictionaryGather', () => {
  it('append rows by source code: remapped into a new dictionary, or sharing the source dictionary', () => {
    const remap = new CodeRemap(new DictionaryBuilder(), ['x', null, 'y']);
    for (const code of [2, 0, 1, -1, 2]) remap.append(code);
    expect(Array.from(remap.finish())).toEqual(['y', 'x', null, null, 'y']);
    const source = raw.getChild('customer_id')!;
    const gather = new DictionaryGather(source.data[0]!.dictionary as Vector<Utf8>);
    for (const code of [1, -1, 0]) gather.append(code);
    const v = gather.finish();
    expect(Array.from(v)).toEqual(['B', null, ' A ']);
    expect(v.data[0]!.dictionary).toBe(source.data[0]!.dictionary);
  });
});

describe('take', () => {
  it('selects rows in the given order, keeping types and nulls', () => {
    const t = take(raw, Int32Array.of(2, 1));
    expect(tableRows(t).map((r) => [r['customer_id'], r['country'], r['source_row']])).toEqual([
      ['A', 'US ', 3n],
      ['B', null, 2n],
    ]);
    expect(t.schema.fields.map((f) => String(f.type))).toEqual(raw.schema.fields.map((f) => String(f.type)));
  });
});

describe('RejectsBuilder', () => {
  it('builds a rejects table naming file, row, column, value and rule', () => {
    const b = new RejectsBuilder(rejectedOrders, 'Orders.json');
    b.add({
      sourceRow: 7,
      key: '7',
      column: 'profit',
      value: 'n/a',
      rule: 'order.bad_profit',
      message: 'Profit "n/a" is not a number',
    });
    b.addIssue({
      row: 9,
      column: null,
      value: '42',
      rule: 'json.not_an_object',
      message: 'element 9 is not an object',
    });
    expect(b.ruleNames).toEqual(['order.bad_profit', 'json.not_an_object']);
    expect(tableRows(b.finish())).toEqual([
      {
        source_file: 'Orders.json',
        source_row: 7n,
        key: '7',
        column_name: 'profit',
        value: 'n/a',
        rule: 'order.bad_profit',
        message: 'Profit "n/a" is not a number',
      },
      {
        source_file: 'Orders.json',
        source_row: 9n,
        key: null,
        column_name: null,
        value: '42',
        rule: 'json.not_an_object',
        message: 'element 9 is not an object',
      },
    ]);
  });
});

describe('quality counters', () => {
  it('addFix accumulates and countBy counts sorted by key', () => {
    const f: Fixes = {};
    addFix(f, 'name.clean', { changed: 2 });
    addFix(f, 'name.clean', { nulled: 1 });
    expect(f).toEqual({ 'name.clean': { changed: 2, nulled: 1 } });
    expect(countBy(['b', 'a', 'b'])).toEqual({ a: 1, b: 2 });
    expect(Object.keys(countBy(['b', 'a']))).toEqual(['a', 'b']);
  });
});

import { describe, expect, it } from 'vitest';
import { Dictionary, Int32, Utf8, makeData, makeVector, type Table } from 'apache-arrow';
import { column, dictString, plainString } from '../../src/schemas/types.js';
import { DictionaryBuilder, Utf8Builder } from '../../src/table/builders.js';
import { tableFromVectors } from '../../src/table/table.js';
import { RunText } from '../../src/transforms/run-text.js';

function dictionaryTable(values: readonly (string | null)[]): Table {
  const b = new DictionaryBuilder();
  for (const v of values) b.append(v);
  return tableFromVectors([column('t', dictString(), 't')], [b.finish()]);
}

/** A dictionary column whose entries are the given raw byte strings (valid UTF-8 or not), codes 0…n-1. */
function rawDictionaryTable(entries: readonly number[][]): Table {
  const offsets = new Int32Array(entries.length + 1);
  entries.forEach((e, k) => (offsets[k + 1] = offsets[k]! + e.length));
  const dictionary = makeVector(
    makeData({
      type: new Utf8(),
      length: entries.length,
      valueOffsets: offsets,
      data: Uint8Array.from(entries.flat()),
    }),
  );
  const codes = Int32Array.from(entries.keys());
  const v = makeVector(
    makeData({ type: new Dictionary(new Utf8(), new Int32()), length: entries.length, data: codes, dictionary }),
  );
  return tableFromVectors([column('t', dictString(), 't')], [v]);
}

/** Each line's run-wide code (-1 for null) through `codesOf`. */
function runCodes(run: RunText, table: Table): number[] {
  const { codes, toRun } = run.codesOf(table, 't');
  return Array.from(codes, (c) => (c < 0 ? -1 : toRun[c]!));
}

describe('RunText', () => {
  it('gives each distinct value one code across batches, in order of first appearance, null its own', () => {
    const run = new RunText();
    expect(runCodes(run, dictionaryTable(['Ann', 'Émile', null, 'Ann']))).toEqual([0, 1, -1, 0]);
    const nullCode = run.codeOfNull();
    expect(runCodes(run, dictionaryTable(['😀 Smile', 'Émile', 'ann']))).toEqual([3, 1, 4]);
    expect(run.values()).toEqual(['Ann', 'Émile', null, '😀 Smile', 'ann']);
    expect(nullCode).toBe(2);
    expect(run.codeOfNull()).toBe(2);
    expect(run.size).toBe(5);
  });

  it('reads plain text columns too, sharing the codes', () => {
    const run = new RunText();
    runCodes(run, dictionaryTable(['a', 'b']));
    const b = new Utf8Builder();
    for (const v of ['b', null, 'c', 'a']) b.append(v);
    const plain = tableFromVectors([column('t', plainString(), 't')], [b.finish()]);
    expect(runCodes(run, plain)).toEqual([1, -1, 2, 0]);
    expect(run.values()).toEqual(['a', 'b', 'c']);
  });

  it('gives byte strings that decode alike one code (invalid UTF-8 is decoded, as groupBy compares strings)', () => {
    const run = new RunText();
    // 0xff and 0xfe both decode to U+FFFD; the real U+FFFD is EF BF BD
    const codes = runCodes(run, rawDictionaryTable([[0x41, 0xff], [0x41, 0xfe], [0x41, 0xef, 0xbf, 0xbd], [0x42]]));
    expect(codes).toEqual([0, 0, 0, 1]);
    expect(run.values()).toEqual(['A\uFFFD', 'B']);
  });

  it('keeps many values apart through its table growing', () => {
    const run = new RunText();
    const values = Array.from({ length: 20_000 }, (_, k) => `C${k}`);
    expect(runCodes(run, dictionaryTable(values))).toEqual(values.map((_, k) => k));
    expect(runCodes(run, dictionaryTable([...values].reverse()))).toEqual(values.map((_, k) => 19_999 - k));
    expect(run.values()).toEqual(values);
  });
});

import { describe, expect, it } from 'vitest';
import { SeenLines } from '../../src/transforms/seen-lines.js';

describe('SeenLines: the file of each kept line (orders of several files)', () => {
  it('answers file 0 for a single file, and remembers other files for dense and sparse ids', () => {
    const seen = new SeenLines();
    seen.add(5, 3, 1, 2);
    expect([seen.sourceRow(5), seen.fileOf(5)]).toEqual([3, 0]);
    seen.add(7, 9, 1, 2, 2);
    seen.add(2 ** 40, 4, 5, 6, 1);
    expect([seen.sourceRow(7), seen.fileOf(7), seen.fileOf(5)]).toEqual([9, 2, 0]);
    expect([seen.sourceRow(2 ** 40), seen.fileOf(2 ** 40), seen.sameHash(2 ** 40, 5, 6)]).toEqual([4, 1, true]);
  });

  it('keeps the files when it grows, and merges them from a step result', () => {
    const seen = new SeenLines();
    seen.add(1, 1, 0, 0, 1);
    seen.merge({ ids: [100_000], sourceRows: [8], hashA: [3], hashB: [4], files: [3] });
    expect([seen.fileOf(1), seen.fileOf(100_000), seen.sourceRow(100_000)]).toEqual([1, 3, 8]);
    seen.merge({ ids: [6], sourceRows: [2], hashA: [0], hashB: [0] });
    expect(seen.fileOf(6)).toBe(0);
  });

  it('forIds: one batch of lines dense from its least id, every other id still answered', () => {
    const seen = SeenLines.forIds(Float64Array.of(750_000, 750_003, Number.NaN, -4, 2.5));
    const ids = [750_000, 750_003, 3, -4, 2.5, 750_000 + 2 ** 26, 2 ** 60];
    ids.forEach((id, k) => {
      seen.add(id, k, k + 10, k + 20, k % 2);
    });
    expect(
      ids.map((id) => [
        seen.sourceRow(id),
        seen.fileOf(id),
        seen.sameHash(id, ids.indexOf(id) + 10, ids.indexOf(id) + 20),
      ]),
    ).toEqual(ids.map((_, k) => [k, k % 2, true]));
    expect([seen.sourceRow(750_001), seen.sameHash(750_003, 0, 0), SeenLines.forIds([]).sourceRow(1)]).toEqual([
      -1,
      false,
      -1,
    ]);
  });
});

// The Spark SQL forms of the rejects' cut (`cutTextSql`, `cutMessageSql`) on a real Spark: the same text as
// `cut` / `cutMessage`, in UTF-16 units, around the 1,000-unit edge and with astral characters (emoji) on it.
import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SparkSession } from '../../src/spark/index.js';
import { cut, cutMessage, cutMessageSql, cutTextSql } from '../../src/transforms/rejects-builder.js';
import { openSpark } from '../spark/live/spark.js';

const emoji = '😀';
const texts: (string | null)[] = [
  null,
  '',
  'short',
  'x'.repeat(1000),
  'x'.repeat(1001),
  'x'.repeat(999) + emoji, // 1,001 units: the pair would be cut in half, so 999 are kept
  'x'.repeat(998) + emoji, // exactly 1,000 units: kept whole
  'x'.repeat(998) + emoji + 'y',
  emoji.repeat(500),
  emoji.repeat(501),
  emoji.repeat(750), // 1,500 characters of emoji
  ('ab' + emoji + 'é').repeat(375), // a 1,500-character value with emoji throughout
  emoji + 'x'.repeat(1499),
  'x'.repeat(5000),
  'x'.repeat(199) + emoji + 'y'.repeat(10), // 200 units would cut the pair in half
];

describe('rejects cut: Spark SQL equals RejectsBuilder', () => {
  let spark: SparkSession;
  let rows: { i: number; text: string | null; message: string | null; short: string | null }[] = [];
  beforeAll(async () => {
    spark = await openSpark();
    const values = vectorFromArray(texts, new Utf8());
    await spark.createTempView('ef_cut_texts', new Table({ v: values }));
    const out = await spark.sql(
      `SELECT ${cutTextSql('v')} AS text, ${cutMessageSql('v')} AS message, ` +
        `${cutTextSql('v', 200, 'replace')} AS short FROM ef_cut_texts`,
    );
    rows = (out.toArray() as { text: string | null; message: string | null; short: string | null }[]).map((r, i) => ({
      i,
      text: r.text,
      message: r.message,
      short: r.short,
    }));
  });
  afterAll(async () => {
    await spark.close();
  });

  it('cuts every value at the same point', () => {
    expect(rows).toHaveLength(texts.length);
    // rows keep the view's order (one local relation, one partition)
    expect(rows.map((r) => r.text)).toEqual(texts.map((t) => cut(t)));
    expect(rows.map((r) => r.text?.length ?? null)).toContain(999);
  });

  it("cuts at 200 units as the JSON reader's slice does, a pair cut in half written as U+FFFD", () => {
    const asWritten = (t: string | null): string | null =>
      t === null ? null : Buffer.from(t.slice(0, 200), 'utf8').toString('utf8');
    expect(rows.map((r) => r.short)).toEqual(texts.map(asWritten));
    expect(rows.some((r) => r.short?.endsWith('\uFFFD'))).toBe(true);
  });

  it('cuts every message at the same point, with the same note', () => {
    expect(rows.map((r) => r.message)).toEqual(texts.map((t) => (t === null ? null : cutMessage(t))));
    expect(rows[11]!.message).toMatch(/… \(message cut: 1,875 characters in all\)$/);
  });
});

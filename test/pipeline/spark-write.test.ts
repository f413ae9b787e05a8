// The Spark runner's table paths by format (the writes run on a real Spark: test/spark/live/delta.test.ts).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { TABLE_FORMATS, tablePath } from '../../src/pipeline/spark-write.js';

describe('tablePath', () => {
  it('names a Parquet table <layer>/<table>.parquet and a Delta table <layer>/<table>', () => {
    expect(TABLE_FORMATS).toEqual(['parquet', 'delta']);
    expect(tablePath('enriched', 'orders', 'parquet')).toBe(join('enriched', 'orders.parquet'));
    expect(tablePath('aggregates', 'profit_by_year', 'delta')).toBe(join('aggregates', 'profit_by_year'));
  });
});

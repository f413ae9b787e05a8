import { DuckDBInstance, ResultReturnType, type DuckDBResult } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { collect, StreamFailure, streamResult } from '../../src/sql/result-stream.js';

describe('streamResult', () => {
  it('tells a failed stream from a finished one by the result turning INVALID', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const result = await connection.stream(
        "select case when range = 1500000 then error('boom') else range end as n from range(3000000)",
      );
      const errors: unknown[] = [];
      const stream = streamResult(result, (e) => {
        errors.push(e);
        return Promise.resolve(new Error('mapped'));
      });
      let rows = 0;
      const read = async (): Promise<void> => {
        for await (const chunk of stream.chunks()) rows += chunk.rowCount;
      };
      await expect(read()).rejects.toThrow('mapped');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(StreamFailure);
      expect((errors[0] as StreamFailure).rowsRead).toBe(rows);
      expect(rows).toBeGreaterThan(0);
      expect(rows).toBeLessThan(1500000);
      expect(result.returnType).toBe(ResultReturnType.INVALID);

      const done = await connection.stream('select range as n from range(5000)');
      expect((await collect(streamResult(done, () => Promise.resolve(new Error('no'))))).rows).toHaveLength(5000);
      expect(done.returnType).toBe(ResultReturnType.QUERY_RESULT);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('names the rows read in the failure’s message', () => {
    expect(new StreamFailure(591872).message).toBe(
      'the query failed after 591872 rows had been read, and DuckDB gave no reason',
    );
    const fake = { columnTypes: () => [], columnNames: () => [] } as unknown as DuckDBResult;
    expect(streamResult(fake, () => Promise.resolve(new Error())).columns).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { preloadLaterStages } from '../../src/pipeline/preload.js';
import { duckdb } from '../../src/sql/duckdb-api.js';

describe('preloadLaterStages', () => {
  it('starts loading without throwing and leaves the SQL library loaded and working', async () => {
    expect(() => {
      preloadLaterStages();
    }).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(typeof duckdb().DuckDBInstance.create).toBe('function');
  });
});

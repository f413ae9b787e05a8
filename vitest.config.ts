import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // these need a real Spark Connect server: `npm run test:spark` (vitest.spark.config.ts)
    exclude: ['test/spark/live/**', 'test/**/*.spark.test.ts', '**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

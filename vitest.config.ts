import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // these need a real Spark Connect server: `npm run test:spark` (vitest.spark.config.ts)
    exclude: ['test/spark/live/**', 'test/**/*.spark.test.ts', '**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // one temp root per run, one folder per test file under it: a run leaves nothing in the OS temp dir
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/file-setup.ts'],
  },
});

// The live Spark suite (`npm run test:spark`): test/spark/live and every *.spark.test.ts, against a real Spark
// Connect server.
// SPARK_REMOTE names the server; when it is unset, the global setup starts a local one (scripts/spark/server.sh).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/spark/live/**/*.test.ts', 'test/**/*.spark.test.ts'],
    globalSetup: ['test/spark/live/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // one server on two cores: files run one after another
    fileParallelism: false,
  },
});

// The tests that need a real Spark Connect server live in test/spark/live and run apart from `npm test`;
// this file says so in the test output, once.
import { describe, it } from 'vitest';

const HOW = 'Spark tests skipped here: run `npm run test:spark` (starts a local Spark unless SPARK_REMOTE is set)';
console.info(HOW);

describe('Spark Connect against a real server', () => {
  it.skip(HOW, () => undefined);
});

/**
 * Suites that need the shared sample (../shared/data/pei-sample): skipped when it is absent (global-setup.ts says
 * so once per run). Vitest still runs a skipped suite's body to list its tests, so the body only declares:
 * every read and run goes in `beforeAll` or the tests.
 */
import { describe } from 'vitest';
import { hasSample } from './tmp.js';

/** `describe(name, fn)` when the shared sample is present, else the same suite skipped. */
export function describeWithSample(name: string, fn: () => void): void {
  (hasSample ? describe : describe.skip)(name, fn);
}

/** Helpers of the live Spark suite: a session on the suite's server, and the protobuf oracle in Python. */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { inject } from 'vitest';
import { connectSpark, type SparkSession } from '../../../src/spark/index.js';

/** Opens a session on the suite's Spark Connect server. */
export function openSpark(): Promise<SparkSession> {
  return connectSpark(inject('sparkRemote'));
}

const oracle = resolve(import.meta.dirname, 'protobuf-oracle.py');

/** Sends one request to protobuf-oracle.py (pyspark's descriptors + protobuf); returns its answer. */
export function askProtobuf(request: unknown): unknown {
  const out = execFileSync(inject('sparkPython'), [oracle], { input: JSON.stringify(request), encoding: 'utf8' });
  return JSON.parse(out);
}

/**
 * Global setup of the live Spark suite: the Python venv (for the protobuf oracle) and a Spark Connect server.
 * SPARK_REMOTE names a running server (as .ci/run and pyspark use it); when it is unset, a local server is
 * started on a free port for this run and stopped after it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Spark Connect connection string the live tests use. */
    sparkRemote: string;
    /** The Spark venv's python (pyspark's *_pb2 descriptors, protobuf's runtime). */
    sparkPython: string;
  }
}

const scripts = resolve(import.meta.dirname, '../../../scripts/spark');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        done(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
  });
}

/** Provides `sparkRemote` and `sparkPython`; returns the teardown that stops a server it started. */
export default async function setup(project: TestProject): Promise<() => void> {
  const venv = execFileSync('bash', [join(scripts, 'venv.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  project.provide('sparkPython', join(venv.trim(), 'bin', 'python'));
  const given = process.env.SPARK_REMOTE;
  if (given !== undefined && given !== '') {
    project.provide('sparkRemote', given);
    return () => undefined;
  }
  const state = mkdtempSync(join(tmpdir(), 'ecomflow-spark-'));
  const env = { ...process.env, SPARK_CONNECT_PORT: String(await freePort()) };
  const stop = (): void => {
    execFileSync('bash', [join(scripts, 'server.sh'), 'stop', state], { env, stdio: 'inherit' });
    rmSync(state, { recursive: true, force: true });
  };
  try {
    const remote = execFileSync('bash', [join(scripts, 'server.sh'), 'start', state], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    project.provide('sparkRemote', remote.trim());
  } catch (e) {
    stop();
    throw e;
  }
  return stop;
}

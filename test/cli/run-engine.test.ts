// `ecomflow run --engine/--remote`: usage errors exit 2 with one line; an unreachable server exits 1 naming it.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const fixtures = join(import.meta.dirname, '../../fixtures');

describe('ecomflow run --engine', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env['SPARK_REMOTE'];
    delete process.env['SPARK_REMOTE'];
  });
  afterEach(() => {
    if (saved === undefined) delete process.env['SPARK_REMOTE'];
    else process.env['SPARK_REMOTE'] = saved;
  });

  it('refuses an unknown engine (exit 2)', async () => {
    const r = await cli('run', '--input', fixtures, '--out', 'w', '--engine', 'dask');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--engine must be local or spark, not "dask"');
  });

  it('needs a remote for spark: --remote or SPARK_REMOTE (exit 2)', async () => {
    const r = await cli('run', '--input', fixtures, '--out', 'w', '--engine', 'spark');
    expect(r.code).toBe(2);
    expect(r.err).toContain('SPARK_REMOTE');
  });

  it('refuses a malformed remote without showing its token (exit 2)', async () => {
    const r = await cli(
      'run',
      '--input',
      fixtures,
      '--out',
      'w',
      '--engine',
      'spark',
      '--remote',
      'http://h/;token=s3cret',
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('sc://');
    expect(r.err).not.toContain('s3cret');
  });

  it('refuses --remote with the local engine (exit 2)', async () => {
    const r = await cli('run', '--input', fixtures, '--out', 'w', '--remote', 'sc://127.0.0.1:15002');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--engine spark');
  });

  it('refuses --table-format delta with the local engine, and an unknown format (exit 2)', async () => {
    const local = await cli('run', '--input', fixtures, '--out', 'w', '--table-format', 'delta');
    expect(local.code).toBe(2);
    expect(local.err).toContain('--table-format delta is for --engine spark');
    const bad = await cli(
      'run',
      '--input',
      fixtures,
      '--out',
      'w',
      '--engine',
      'spark',
      '--remote',
      'sc://h',
      '--table-format',
      'orc',
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--table-format must be parquet or delta, not "orc"');
    const dir = tempDir('ecomflow-tf-');
    try {
      const plain = await cli(
        'run',
        '--input',
        fixtures,
        '--out',
        join(dir, 'w'),
        '--table-format',
        'parquet',
        '--quiet',
      );
      expect(plain.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an object-store URI as --out (exit 2), and takes a file:// URI as its path', async () => {
    for (const uri of ['s3://bucket/w', 'abfss://c@acct.dfs.core.windows.net/w', 'dbfs:/Volumes/x/w']) {
      const r = await cli('run', '--input', fixtures, '--out', uri);
      expect(r.code, uri).toBe(2);
      expect(r.err, uri).toContain('must be a folder that both this machine and the Spark cluster see');
    }
    const dir = tempDir('ecomflow-uri-');
    try {
      const r = await cli('run', '--input', fixtures, '--out', pathToFileURL(join(dir, 'w')).href, '--quiet');
      expect(r.code).toBe(0);
      expect(existsSync(join(dir, 'w', 'enriched', 'orders.parquet'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses --catalog without the spark engine, and a catalog that is not a schema name (exit 2)', async () => {
    const local = await cli('run', '--input', fixtures, '--out', 'w', '--catalog', 'shop');
    expect(local.code).toBe(2);
    expect(local.err).toContain('--catalog is for --engine spark');
    const bad = await cli(
      'run',
      '--input',
      fixtures,
      '--out',
      'w',
      '--engine',
      'spark',
      '--remote',
      'sc://h',
      '--catalog',
      'a;b',
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('schema name');
  });

  it('an unreachable server is one line naming the remote, exit 1, and no warehouse', async () => {
    const out = join(tempDir(), 'w');
    process.env['SPARK_REMOTE'] = 'sc://127.0.0.1:9/;token=s3cret';
    const r = await cli('run', '--input', fixtures, '--out', out, '--engine', 'spark');
    expect(r.code).toBe(1);
    expect(r.err).toContain('127.0.0.1:9');
    expect(r.err).not.toContain('s3cret');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'dist', 'cli.js');

/** Runs the built CLI (where orders are parsed on a worker thread) with the worker forced on or off. */
function run(input: string, out: string, worker: boolean) {
  return spawnSync(process.execPath, [cli, 'run', '--input', input, '--out', out, '--quiet'], {
    encoding: 'utf8',
    env: { ...process.env, ECOMFLOW_WORKER_MIN_BYTES: worker ? '0' : String(2 ** 52) },
  });
}

describe.skipIf(!existsSync(cli))('reading orders on a worker thread (built CLI)', () => {
  it('gives byte-identical tables to reading on the main thread', () => {
    const a = join(tempDir(), 'a');
    const b = join(tempDir(), 'b');
    expect(run(join(root, 'fixtures'), a, true).status).toBe(0);
    expect(run(join(root, 'fixtures'), b, false).status).toBe(0);
    for (const f of ['raw/orders.parquet', 'enriched/orders.parquet', 'rejects/orders.parquet', 'quality.json']) {
      expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    }
  });

  it('reports a malformed orders file from the worker with file, row and byte, exit 1', () => {
    const input = tempDir();
    for (const f of ['Customer.xlsx', 'Products.csv']) copyFileSync(join(root, 'fixtures', f), join(input, f));
    writeFileSync(join(input, 'Orders.json'), '[{"Row ID": 1,');
    const r = run(input, join(tempDir(), 'w'), true);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `ecomflow: ${join(input, 'Orders.json')}, row 1, byte 14: the file ends inside an object: expected '}'\n`,
    );
  });
});

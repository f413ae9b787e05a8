import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, makeFolders, pathExists, pathExistsSync, readFileHead } from '../../../src/io/files/folders.js';
import { tempDir } from '../../helpers/tmp.js';

describe('makeFolders', () => {
  it('makes every missing level, and accepts folders that are already there', async () => {
    const dir = tempDir();
    await makeFolders(join(dir, 'a', 'b', 'c'));
    expect(statSync(join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
    await makeFolders(join(dir, 'a', 'b'));
  });

  it('fails with ENOTDIR when a file is in the way, and ends under /proc', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    await expect(makeFolders(join(dir, 'file'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(makeFolders(join(dir, 'file', 'below'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(makeFolders('/proc/ecomflow-nope/x')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('filesUnder', () => {
  it('lists every file below a folder, relative with /, sorted; empty folders add nothing', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'raw', 'deep'), { recursive: true });
    mkdirSync(join(dir, 'empty'));
    for (const f of ['run.json', 'raw/orders.parquet', 'raw/deep/x', 'a.txt']) writeFileSync(join(dir, f), '');
    expect(await filesUnder(dir)).toEqual(['a.txt', 'raw/deep/x', 'raw/orders.parquet', 'run.json']);
  });
});

describe('pathExists', () => {
  it('is true for a file or folder, false for nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f'), '');
    expect(await pathExists(join(dir, 'f'))).toBe(true);
    expect(await pathExists(dir)).toBe(true);
    expect(await pathExists(join(dir, 'nothing'))).toBe(false);
  });
});

describe('pathExistsSync', () => {
  it('is true for a file or folder, false for nothing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f'), '');
    expect(pathExistsSync(join(dir, 'f'))).toBe(true);
    expect(pathExistsSync(dir)).toBe(true);
    expect(pathExistsSync(join(dir, 'nothing'))).toBe(false);
  });
});

describe('readFileHead', () => {
  it('reads the first bytes of a file, fewer for a short one, and fails for a missing one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'orders.json'), '\uFEFF  [{"Row ID": 1}]');
    expect((await readFileHead(join(dir, 'orders.json'), 6)).toString('utf8')).toBe('\uFEFF  [');
    expect((await readFileHead(join(dir, 'orders.json'), 4096)).toString('utf8')).toBe('\uFEFF  [{"Row ID": 1}]');
    await expect(readFileHead(join(dir, 'none.json'), 10)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

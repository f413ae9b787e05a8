import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicByPath } from '../../../src/io/files/atomic-file.js';

describe('atomic file writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecomflow-atomic-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writeFileAtomic writes through a handle, creating folders', async () => {
    const file = join(dir, 'a', 'b.txt');
    await writeFileAtomic(file, async (h) => {
      await h.writeFile('hello');
    });
    expect(readFileSync(file, 'utf8')).toBe('hello');
    expect(readdirSync(join(dir, 'a'))).toEqual(['b.txt']);
  });

  it('writeFileAtomicByPath renames what the writer wrote at the temp path, and returns its result', async () => {
    const file = join(dir, 'c', 'd.csv');
    const seen: string[] = [];
    const result = await writeFileAtomicByPath(file, (temp) => {
      seen.push(temp);
      expect(existsSync(file)).toBe(false); // nothing at the target while the write is under way
      writeFileSync(temp, 'x,y\n');
      return Promise.resolve(7);
    });
    expect(result).toBe(7);
    expect(seen[0]!.startsWith(`${file}.tmp-`)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('x,y\n');
    expect(readdirSync(join(dir, 'c'))).toEqual(['d.csv']);
  });

  it('writeFileAtomicByPath keeps the old file and removes the temp file when the writer fails', async () => {
    const file = join(dir, 'e.csv');
    writeFileSync(file, 'old');
    await expect(
      writeFileAtomicByPath(file, (temp) => {
        writeFileSync(temp, 'half');
        return Promise.reject(new Error('disk gone'));
      }),
    ).rejects.toThrow('disk gone');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir).filter((n) => n.startsWith('e.csv'))).toEqual(['e.csv']);
  });
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesWithExtension, readTextFile, writeTextFile } from '../../../src/io/files/text-file.js';

const dir = mkdtempSync(join(tmpdir(), 'ecomflow-text-file-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('writeTextFile', () => {
  it('writes UTF-8 text into a new folder, replacing what was there', async () => {
    const file = join(dir, 'report', 'index.html');
    await writeTextFile(file, 'old');
    await writeTextFile(file, '<p>Zoë – $1,234.50</p>');
    expect(readFileSync(file, 'utf8')).toBe('<p>Zoë – $1,234.50</p>');
  });
});

describe('readTextFile', () => {
  it('reads UTF-8 text, and fails with the errno code for a missing file', async () => {
    await writeTextFile(join(dir, 'q.sql'), 'select 1 as "Zoë"');
    expect(await readTextFile(join(dir, 'q.sql'))).toBe('select 1 as "Zoë"');
    await expect(readTextFile(join(dir, 'none.sql'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('filesWithExtension', () => {
  it('lists the matching files sorted by name, and null for a folder that is not there', async () => {
    mkdirSync(join(dir, 'sql'));
    for (const n of ['b.csv', 'a.csv', 'notes.txt']) writeFileSync(join(dir, 'sql', n), '');
    expect(await filesWithExtension(join(dir, 'sql'), '.csv')).toEqual([
      join(dir, 'sql', 'a.csv'),
      join(dir, 'sql', 'b.csv'),
    ]);
    expect(await filesWithExtension(join(dir, 'nothing'), '.csv')).toBeNull();
  });
});

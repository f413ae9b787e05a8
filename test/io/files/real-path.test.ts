import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realTarget } from '../../../src/io/files/real-path.js';
import { tempDir } from '../../helpers/tmp.js';

describe('realTarget', () => {
  it('follows symlinks of a path that exists', async () => {
    const dir = realpathSync(tempDir());
    mkdirSync(join(dir, 'data'));
    symlinkSync(join(dir, 'data'), join(dir, 'link'));
    expect(await realTarget(join(dir, 'link'))).toBe(join(dir, 'data'));
  });

  it('resolves the part that exists and keeps the rest, through a dangling link too', async () => {
    const dir = realpathSync(tempDir());
    mkdirSync(join(dir, 'data'));
    symlinkSync(join(dir, 'data'), join(dir, 'link'));
    symlinkSync(join(dir, 'data', 'w'), join(dir, 'dangling'));
    expect(await realTarget(join(dir, 'link', 'new', 'w'))).toBe(join(dir, 'data', 'new', 'w'));
    expect(await realTarget(join(dir, 'dangling'))).toBe(join(dir, 'data', 'w'));
  });

  it('gives a link loop as it is', async () => {
    const dir = realpathSync(tempDir());
    symlinkSync(join(dir, 'b'), join(dir, 'a'));
    symlinkSync(join(dir, 'a'), join(dir, 'b'));
    expect(await realTarget(join(dir, 'a'))).toBe(join(dir, 'a'));
  });
});

import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { locateWarehouse } from '../../../src/io/warehouse/locate.js';
import { tempDir } from '../../helpers/tmp.js';

describe('locateWarehouse', () => {
  let dir = '';
  beforeAll(() => {
    dir = realpathSync(tempDir());
    mkdirSync(join(dir, 'w'));
    writeFileSync(join(dir, 'w', '_ecomflow_warehouse.json'), '{}');
    mkdirSync(join(dir, 'plain'));
    writeFileSync(join(dir, 'notes.txt'), '');
    symlinkSync(join(dir, 'w'), join(dir, 'link'));
    symlinkSync(join(dir, 'gone'), join(dir, 'dangling'));
  });

  it('finds a marked warehouse, following a symlink to its real path', async () => {
    expect(await locateWarehouse(join(dir, 'w'))).toEqual({ root: join(dir, 'w'), marked: true });
    expect(await locateWarehouse(join(dir, 'link'))).toEqual({ root: join(dir, 'w'), marked: true });
  });

  it('finds a folder without the marker as unmarked', async () => {
    expect(await locateWarehouse(join(dir, 'plain'))).toEqual({ root: join(dir, 'plain'), marked: false });
  });

  it('gives null for a file, a missing path and a dangling link', async () => {
    expect(await locateWarehouse(join(dir, 'notes.txt'))).toBeNull();
    expect(await locateWarehouse(join(dir, 'nowhere'))).toBeNull();
    expect(await locateWarehouse(join(dir, 'dangling'))).toBeNull();
  });
});

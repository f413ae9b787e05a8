import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../../../src/io/files/package-version.js';

describe('packageVersion', () => {
  it("returns package.json's version, the same on every call", async () => {
    const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(packageVersion()).toBe(pkg.version);
    expect(packageVersion()).toBe(packageVersion());
  });
});

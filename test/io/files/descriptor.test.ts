import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeToDescriptor } from '../../../src/io/files/descriptor.js';
import { tempDir } from '../../helpers/tmp.js';

describe('writeToDescriptor', () => {
  it('writes the text to an open descriptor', () => {
    const file = join(tempDir(), 'tty');
    const fd = openSync(file, 'w');
    try {
      expect(writeToDescriptor(fd, '\r\x1b[2Kenrich 40%')).toBe(true);
      expect(writeToDescriptor(fd, ' ✓\n')).toBe(true);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file, 'utf8')).toBe('\r\x1b[2Kenrich 40% ✓\n');
  });

  it('is false, not a throw, when the descriptor is gone', () => {
    const fd = openSync(join(tempDir(), 'gone'), 'w');
    closeSync(fd);
    expect(writeToDescriptor(fd, 'x')).toBe(false);
  });
});

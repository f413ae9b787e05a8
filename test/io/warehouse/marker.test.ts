import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foreignFiles, readMarker, writeMarker } from '../../../src/io/warehouse/marker.js';
import { tempDir } from '../../helpers/tmp.js';

/** A folder holding `files` (relative paths; a trailing `/` makes a folder). */
function folderWith(files: readonly string[]): string {
  const dir = tempDir();
  for (const f of files) {
    if (f.endsWith('/')) mkdirSync(join(dir, f), { recursive: true });
    else {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), '');
    }
  }
  return dir;
}

describe('writeMarker and readMarker', () => {
  it('write the marker as indented JSON and read it back', async () => {
    const dir = tempDir();
    const marker = { tool: 'ecomflow', layout: 1, files: ['quality.json', 'raw/orders.parquet'] } as const;
    await writeMarker(dir, marker);
    expect(readFileSync(join(dir, '_ecomflow_warehouse.json'), 'utf8')).toBe(
      '{\n  "tool": "ecomflow",\n  "layout": 1,\n  "files": [\n    "quality.json",\n    "raw/orders.parquet"\n  ]\n}\n',
    );
    expect(await readMarker(dir)).toEqual(marker);
  });

  it('read null for no marker, text that is not JSON, or a file list that is not one', async () => {
    const dir = tempDir();
    expect(await readMarker(dir)).toBeNull();
    writeFileSync(join(dir, '_ecomflow_warehouse.json'), '{"tool": "ecomflow",');
    expect(await readMarker(dir)).toBeNull();
    writeFileSync(join(dir, '_ecomflow_warehouse.json'), '{"tool": "ecomflow", "layout": 1, "files": [1]}');
    expect(await readMarker(dir)).toBeNull();
  });
});

describe('foreignFiles', () => {
  it('lists what the marker does not, a foreign folder once, and leaves interrupted writes of ours alone', async () => {
    const dir = folderWith([
      'raw/orders.parquet',
      'raw/mine.csv',
      'raw/orders.parquet.tmp-4711-a1b2c3',
      'exports/a.csv',
      'notes.txt',
    ]);
    await writeMarker(dir, { tool: 'ecomflow', layout: 1, files: ['raw/orders.parquet'] });
    expect(await foreignFiles(dir)).toEqual(['exports/', 'notes.txt', 'raw/mine.csv']);
  });

  it('holds a warehouse whose marker lists no files to the layout’s own top-level names', async () => {
    const dir = folderWith(['raw/anything.csv', 'quality.json', 'report/', 'extra.txt']);
    writeFileSync(join(dir, '_ecomflow_warehouse.json'), '{"tool":"ecomflow","layout":1}');
    expect(await foreignFiles(dir)).toEqual(['extra.txt']);
  });
});

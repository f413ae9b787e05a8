import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonFile, writeJsonFile } from '../../../src/io/files/json-file.js';

const dir = mkdtempSync(join(tmpdir(), 'ecomflow-json-file-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('readJsonFile', () => {
  it('parses a JSON file, and says missing or invalid instead of throwing', async () => {
    writeFileSync(join(dir, 'ok.json'), '{"a": [1, "b"]}');
    writeFileSync(join(dir, 'bad.json'), '{"a": ');
    expect(await readJsonFile(join(dir, 'ok.json'))).toEqual({ kind: 'ok', value: { a: [1, 'b'] } });
    expect(await readJsonFile(join(dir, 'none.json'))).toEqual({ kind: 'missing' });
    const bad = await readJsonFile(join(dir, 'bad.json'));
    expect(bad.kind).toBe('invalid');
    expect(bad.kind === 'invalid' && bad.message).toMatch(/JSON/);
  });
});

describe('writeJsonFile', () => {
  it('writes indented JSON with a final newline, creating folders, leaving no temp file', async () => {
    const file = join(dir, 'sub', 'run.json');
    await writeJsonFile(file, { stage_ms: { report: 1.5 } });
    expect(readFileSync(file, 'utf8')).toBe('{\n  "stage_ms": {\n    "report": 1.5\n  }\n}\n');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['run.json']);
  });
});

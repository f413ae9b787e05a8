/**
 * package.json's `engines` tells the truth: every runtime dependency (package-lock.json entries not marked dev)
 * that declares `engines.node` accepts the lowest Node version of each range ecomflow declares.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const read = (file: string): unknown => JSON.parse(readFileSync(resolve(root, file), 'utf8'));

type Version = [number, number, number];

/** `20.19.0` → [20, 19, 0]; missing or `x`/`*` parts are 0. */
function parse(text: string): Version {
  const parts = text.replace(/^v/, '').split('.');
  const part = (i: number): number => (/^\d+$/.test(parts[i] ?? '') ? Number(parts[i]) : 0);
  return [part(0), part(1), part(2)];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Whether `v` satisfies one comparator: `>=x`, `>x`, `<x`, `<=x`, `^x`, `~x`, `x.*`, `*` or an exact `x`. */
function satisfiesOne(v: Version, comparator: string): boolean {
  const m = /^(>=|<=|>|<|\^|~|=)?\s*(.*)$/.exec(comparator)!;
  const op = m[1] ?? '';
  const text = m[2]!;
  if (text === '*' || text === '') return true;
  const want = parse(text);
  const c = compare(v, want);
  const wildcard = text.split('.').map((p) => p === '*' || p === 'x');
  switch (op) {
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '<':
      return c < 0;
    case '^':
      return c >= 0 && (want[0] > 0 ? v[0] === want[0] : v[1] === want[1]);
    case '~':
      return c >= 0 && v[0] === want[0] && v[1] === want[1];
    default:
      if (wildcard[1] === true || text.split('.').length === 1) return v[0] === want[0];
      if (wildcard[2] === true || text.split('.').length === 2) return v[0] === want[0] && v[1] === want[1];
      return c === 0;
  }
}

/** Whether `version` satisfies a range of `||`-separated sets of space-separated comparators. */
function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split('||').some((set) =>
    set
      .trim()
      .replace(/(>=|<=|>|<|\^|~|=)\s+/g, '$1')
      .split(/\s+/)
      .every((comparator) => satisfiesOne(v, comparator)),
  );
}

describe('engines', () => {
  const ours = (read('package.json') as { engines: { node: string } }).engines.node;
  /** The lowest version of each of our ranges: `^20.19.0 || >=22.12.0` → 20.19.0, 22.12.0. */
  const lowest = ours.split('||').map((set) => set.trim().replace(/^(\^|>=|~)/, ''));

  it('reads ranges the way npm does, on the ranges the dependencies use', () => {
    expect(satisfies('20.19.0', '^20.19.0 || ^22.12.0 || >=23')).toBe(true);
    expect(satisfies('20.18.3', '^20.19.0 || ^22.12.0 || >=23')).toBe(false);
    expect(satisfies('22.11.0', '^20.19.0 || ^22.12.0 || >=23')).toBe(false);
    expect(satisfies('20.19.0', '>=22')).toBe(false);
    expect(satisfies('20.19.0', '6.* || 8.* || >= 10.*')).toBe(true);
    expect(satisfies('20.19.0', '>= 0.4')).toBe(true);
    expect(satisfies('20.19.0', '18 || 20 || >=22')).toBe(true);
    expect(satisfies('21.0.0', '18 || 20 || >=22')).toBe(false);
  });

  it(`admits the current Node (${process.version}) and lists each range's lowest version`, () => {
    expect(lowest).toEqual(['20.19.0', '22.12.0']);
    expect(satisfies(process.version, ours)).toBe(true);
  });

  it('is no wider than what any runtime dependency declares', () => {
    const lock = read('package-lock.json') as {
      packages: Record<string, { dev?: boolean; version?: string; engines?: { node?: string } }>;
    };
    const refused: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = entry.engines?.node;
      if (path === '' || entry.dev === true || range === undefined) continue;
      for (const v of lowest)
        if (!satisfies(v, range)) refused.push(`${path}@${entry.version ?? '?'} (${range}) refuses ${v}`);
    }
    expect(refused).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_NAMES, isRuleName } from '../../src/errors.js';

/** The rule names in the first column of every table of docs/errors.md (`a.b` or `a.b` · `c.d`). */
function documentedRules(): string[] {
  const text = readFileSync(resolve(import.meta.dirname, '../../docs/errors.md'), 'utf8');
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const first = /^\|([^|]*)\|/.exec(line)?.[1];
    if (first === undefined) continue;
    for (const m of first.matchAll(/`([a-z_0-9]+(?:\.[a-z_0-9]+)+|usage|interrupted|internal)`/g)) names.add(m[1]!);
  }
  return [...names].sort();
}

describe('RULE_NAMES', () => {
  it('is exactly the rules docs/errors.md lists', () => {
    expect(documentedRules()).toEqual([...RULE_NAMES].sort());
  });

  it('has no name twice, and isRuleName tells a rule from other text', () => {
    expect(new Set(RULE_NAMES).size).toBe(RULE_NAMES.length);
    expect([isRuleName('order.bad_profit'), isRuleName('order.bad_profits'), isRuleName('')]).toEqual([
      true,
      false,
      false,
    ]);
  });
});

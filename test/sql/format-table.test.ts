import { describe, expect, it } from 'vitest';
import { formatTable, type QueryResult } from '../../src/index.js';
import { fitWidths, renderTable, tableText } from '../../src/sql/format-table.js';

const many = (n: number): QueryResult => ({
  columns: [
    { name: 'n', type: 'BIGINT' },
    { name: 'label', type: 'VARCHAR' },
  ],
  rows: Array.from({ length: n }, (_, i) => [i, `line ${i}`]),
});

describe('renderTable', () => {
  it('prints a 200,000-row result without spreading it into one call', () => {
    const all = formatTable(many(200_000)).split('\n');
    expect(all).toHaveLength(200_000 + 4);
    expect(all.at(-2)).toBe('(200,000 rows)');
    expect(all[2]).toBe('     0  line 0');
  });

  it('shows the top rows, then counts the rest with thousands separators', () => {
    const lines = formatTable(many(200_000), { maxRows: 40 }).trimEnd().split('\n');
    expect(lines).toHaveLength(2 + 40 + 1);
    expect(lines.at(-2)).toBe('39  line 39');
    expect(lines.at(-1)).toBe('… 199,960 more rows (200,000 in all)');
    expect(renderTable(many(1).columns, [], 1)).toBe('n  label\n-  -----\n… 1 more row (1 in all)\n');
    expect(
      renderTable(many(1).columns, [[7, 'x']], 1)
        .trimEnd()
        .split('\n')
        .at(-1),
    ).toBe('(1 row)');
  });

  it('fits wide results to the width: text cut with …, numbers whole', () => {
    const result: QueryResult = {
      columns: [
        { name: 'customer_id', type: 'VARCHAR' },
        { name: 'customer_name', type: 'VARCHAR' },
        { name: 'profit', type: 'DECIMAL(18,2)' },
      ],
      rows: [
        ['CG-12520', 'Claire Gute of the Very Long Company Name Incorporated', '-123456.78'],
        ['DV-13045', 'Darrin Van Huff', '0.05'],
      ],
    };
    const text = formatTable(result, { maxWidth: 40 });
    const lines = text.trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines).toEqual([
      'customer_id  customer_name        profit',
      '-----------  ---------------  ----------',
      'CG-12520     Claire Gute of…  -123456.78',
      'DV-13045     Darrin Van Huff        0.05',
      '(2 rows)',
    ]);
    expect(formatTable(result)).toContain('Claire Gute of the Very Long Company Name Incorporated');
  });

  it('leaves trailing columns out when even narrowed columns do not fit, and says so', () => {
    const columns = Array.from({ length: 12 }, (_, i) => ({ name: `column_${i}`, type: 'VARCHAR' }));
    const text = renderTable(columns, [columns.map((c) => `${c.name} value`)], 1, { maxWidth: 30 });
    const lines = text.trimEnd().split('\n');
    for (const line of lines.slice(0, 3)) expect(line.length).toBeLessThanOrEqual(30);
    expect(lines[0]).toBe('colum…  colum…  colum…  colum…');
    expect(lines.at(-1)).toBe('… 8 more columns (12 in all)');
  });

  it('escapes control characters so a row stays one line and cannot drive the terminal', () => {
    expect(tableText('a\nb\tc\rd\u001b[31mred')).toBe('a\\nb\\tc\\rd\\x1b[31mred');
    expect(tableText(null)).toBe('NULL');
    expect(renderTable([{ name: 'x\ny', type: 'VARCHAR' }], [], 0)).toBe('x\\ny\n----\n(0 rows)\n');
  });

  it('counts a character outside the BMP once and never cuts it in half', () => {
    const text = renderTable([{ name: 'e', type: 'VARCHAR' }], [['😀😀😀😀😀😀😀😀']], 1, { maxWidth: 5 });
    expect(text.split('\n')[2]).toBe('😀😀😀😀…');
  });
});

describe('fitWidths', () => {
  it('keeps natural widths when they fit', () => {
    expect(fitWidths([10, 30, 4], [false, false, true], 60)).toEqual([10, 30, 4]);
  });

  it('cuts the widest text columns to one cap, giving spare room to the first cut column', () => {
    expect(fitWidths([10, 30, 4], [false, false, true], 30)).toEqual([10, 12, 4]);
    expect(fitWidths([30, 30, 4], [false, false, true], 31)).toEqual([12, 11, 4]);
  });

  it('never narrows a number, and shows at least one column', () => {
    expect(fitWidths([12, 12], [true, true], 20)).toEqual([12]);
    expect(fitWidths([50], [false], 10)).toEqual([10]);
  });
});

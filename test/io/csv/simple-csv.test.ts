import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSimpleCsv } from '../../../src/io/csv/simple-csv.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (fields: readonly Uint8Array[]): string[] => fields.map((f) => Buffer.from(f).toString('latin1'));

/** csv-parse's records with readCsv's options, as latin1 strings (byte for byte). */
function csvParse(bytes: Uint8Array): string[][] {
  const records = parse(Buffer.from(bytes), {
    encoding: null,
    bom: false,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
  } as never) as unknown as Uint8Array[][];
  return records.map(text);
}

/** Whether csv-parse reads `bytes` without an error. */
function csvParseReads(bytes: Uint8Array): boolean {
  try {
    csvParse(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('splitSimpleCsv', () => {
  it('splits plain records, unquoting quoted fields and their doubled quotes', () => {
    const records = splitSimpleCsv(utf8('id,name\n1,"Hon, ""Task"" Chair"\n2,Bühler\n'), 0);
    expect(records?.map(text)).toEqual([
      ['id', 'name'],
      ['1', 'Hon, "Task" Chair'],
      ['2', Buffer.from(utf8('Bühler')).toString('latin1')],
    ]);
  });

  it('reads CRLF files, quoted line ends, a BOM offset, blank and all-empty records, no final line end', () => {
    const bytes = utf8('\uFEFFa,b\r\n\r\n,\r\n"x\r\ny",2\r\n3,');
    expect(splitSimpleCsv(bytes, 3)?.map(text)).toEqual([
      ['a', 'b'],
      ['x\r\ny', '2'],
      ['3', ''],
    ]);
  });

  it.each([
    ['a stray quote', 'a,b\nx"y,2\n'],
    ['text after a closing quote', 'a,b\n"x"y,2\n'],
    ['an unclosed quote', 'a,b\n"x,2\n'],
    ['a lone CR', 'a,b\rx,2\r'],
    ['LF then CRLF', 'a,b\nx,2\r\n'],
    ['CRLF then LF', 'a,b\r\nx,2\n'],
    ['another field count', 'a,b\nx,2,3\n'],
  ])('gives up on %s', (_, csv) => {
    expect(splitSimpleCsv(utf8(csv), 0)).toBeNull();
  });

  it('equals csv-parse on every text it accepts (random bytes of CSV syntax)', () => {
    const alphabet = fc.constantFrom('a', 'é', ',', '"', '\n', '\r', ' ', '""', '\r\n', '\u00a0', '\t');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (parts) => {
        const bytes = utf8(parts.join(''));
        const records = splitSimpleCsv(bytes, 0);
        if (records === null) return;
        expect(csvParseReads(bytes)).toBe(true);
        expect(records.map(text)).toEqual(csvParse(bytes));
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts every well-formed file of one width and equals csv-parse on it', () => {
    const field = fc.oneof(
      fc.stringMatching(/^[a-zé ]{0,4}$/),
      fc.stringMatching(/^[a-z,"\n\r é]{0,5}$/).map((s) => `"${s.replaceAll('"', '""')}"`),
    );
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((w) => fc.array(fc.array(field, { minLength: w, maxLength: w }), { maxLength: 6 })),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (rows, eol, finalEol) => {
          const csv = rows.map((r) => r.join(',')).join(eol) + (finalEol && rows.length > 0 ? eol : '');
          const bytes = utf8(csv);
          const records = splitSimpleCsv(bytes, 0);
          // a one-field record can be an empty line, which csv-parse skips; width checks then see fewer records
          expect(records).not.toBeNull();
          expect(records!.map(text)).toEqual(csvParse(bytes));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

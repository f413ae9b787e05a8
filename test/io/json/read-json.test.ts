import { isUtf8 } from 'node:buffer';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, rawOrders, readJson, tableRows, type ReadResult } from '../../../src/index.js';
import { snakeCase } from '../../../src/schemas/names.js';
import { readJsonFiles } from '../../../src/io/json/read-json.js';
import { hasSample, sampleDir, tempFile as makeTempFile } from '../../helpers/tmp.js';

const made: string[] = [];
afterAll(() => {
  for (const f of made) rmSync(dirname(f), { recursive: true, force: true });
});
/** A file in a fresh temp folder, removed after the tests. */
const tempFile = (name: string, content: string | Uint8Array): string => {
  const file = makeTempFile(name, content);
  made.push(file);
  return file;
};

/** One order line as JSON text with the required keys; `extra` is appended inside the braces. */
const order = (id: number, extra = ''): string =>
  `{"Row ID": ${id}, "Order ID": "CA-${id}", "Order Date": "21/8/2016", "Customer ID": "C${id}", "Product ID": ` +
  `"P${id}", "Quantity": 2, "Profit": 63.69${extra}}`;

/** The raw row `order(id)` reads as, with `more` overriding or adding columns. */
const row = (id: number, sourceRow: number, more: Record<string, unknown> = {}): Record<string, unknown> => ({
  row_id: String(id),
  order_id: `CA-${id}`,
  order_date: '21/8/2016',
  ship_date: null,
  ship_mode: null,
  customer_id: `C${id}`,
  product_id: `P${id}`,
  quantity: '2',
  price: null,
  discount: null,
  profit: '63.69',
  ...more,
  source_row: BigInt(sourceRow),
});

/**
 * Reads `file` with the default chunk size and again with 1- and 7-byte chunks (every token split across
 * chunk boundaries); asserts all three give the same table, issues and counts, and returns the first.
 */
async function read(file: string, options: { format?: 'auto' | 'array' | 'ndjson' } = {}): Promise<ReadResult> {
  const whole = await readJson(file, rawOrders, options);
  for (const chunkSize of [1, 7]) {
    const split = await readJson(file, rawOrders, { ...options, chunkSize });
    expect(split.table.schema.names, `columns with chunkSize ${chunkSize}`).toEqual(whole.table.schema.names);
    expect(tableRows(split.table), `rows with chunkSize ${chunkSize}`).toEqual(tableRows(whole.table));
    expect(split.issues, `issues with chunkSize ${chunkSize}`).toEqual(whole.issues);
    expect(split.rowsRead).toBe(whole.rowsRead);
    expect(split.fixes, `fixes with chunkSize ${chunkSize}`).toEqual(whole.fixes);
  }
  return whole;
}

/** Asserts reading `file` (with each chunk size) throws InputError `rule` at `offset`, message matching `message`. */
async function expectInputError(
  file: string,
  rule: string,
  where: { row?: number; offset?: number },
  message: RegExp,
  options: { format?: 'auto' | 'array' | 'ndjson' } = {},
): Promise<void> {
  for (const chunkSize of [undefined, 1, 7]) {
    const error = await readJson(file, rawOrders, chunkSize === undefined ? options : { ...options, chunkSize }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error, `chunkSize ${chunkSize}`).toBeInstanceOf(InputError);
    const e = error as InputError;
    expect(e.rule).toBe(rule);
    expect(e.where).toEqual({ file, ...where });
    expect(e.message).toContain(file);
    if (where.offset !== undefined) expect(e.message).toContain(`byte ${where.offset}`);
    if (where.row !== undefined) expect(e.message).toContain(`row ${where.row}`);
    expect(e.message).toMatch(message);
  }
}

describe('readJson', () => {
  it('reads a JSON array of objects into the raw orders columns, values as text', async () => {
    const file = tempFile('orders.json', `[\n  ${order(1)},\n  ${order(2, ', "Ship Mode": "First Class"')}\n]\n`);
    const r = await read(file);
    expect(r.table.schema.names).toEqual([...rawOrders.columns.map((c) => c.name)]);
    expect(tableRows(r.table)).toEqual([row(1, 1), row(2, 2, { ship_mode: 'First Class' })]);
    expect(r.issues).toEqual([]);
    expect(r.rowsRead).toBe(2);
    expect(r.file).toBe(file);
    expect(r.bytes).toBe(Buffer.byteLength(`[\n  ${order(1)},\n  ${order(2, ', "Ship Mode": "First Class"')}\n]\n`));
  });

  it('reads NDJSON: one object per line, blank lines skipped, source_row = physical line, CRLF accepted', async () => {
    const text = `${order(1)}\r\n\r\n   \r\n${order(2)}\r\n${order(3)}`; // no final line break
    for (const name of ['orders.json', 'orders.ndjson', 'orders.JSONL']) {
      const r = await read(tempFile(name, text));
      expect(tableRows(r.table)).toEqual([row(1, 1), row(2, 4), row(3, 5)]);
      expect(r.rowsRead).toBe(3);
    }
  });

  it('skips a UTF-8 byte order mark in both layouts', async () => {
    const array = await read(tempFile('orders.json', `\uFEFF[${order(1)}]`));
    expect(tableRows(array.table)).toEqual([row(1, 1)]);
    const ndjson = await read(tempFile('orders.json', `\uFEFF${order(1)}\n${order(2)}\n`));
    expect(tableRows(ndjson.table)).toEqual([row(1, 1), row(2, 2)]);
  });

  it('follows the format option over the first byte and the file name', async () => {
    const r = await read(tempFile('orders.txt', `${order(1)}\n`), { format: 'ndjson' });
    expect(tableRows(r.table)).toEqual([row(1, 1)]);
    const a = await read(tempFile('orders.ndjson', `[${order(1)}]`), { format: 'array' });
    expect(tableRows(a.table)).toEqual([row(1, 1)]);
    const file = tempFile('orders.json', `${order(1)}\n`);
    await expectInputError(
      file,
      'json.not_array',
      { offset: 0 },
      /expected a JSON array '\[' at the top level, found '\{'/,
      { format: 'array' },
    );
  });

  it('accepts keys in any order', async () => {
    const shuffled =
      '{"Profit": 63.69, "Quantity": 2, "Product ID": "P1", "Customer ID": "C1", "Order Date": "21/8/2016", ' +
      '"Order ID": "CA-1", "Row ID": 1}';
    const r = await read(tempFile('orders.json', `[${order(1)}, ${shuffled}]`));
    expect(tableRows(r.table)).toEqual([row(1, 1), row(1, 2)]);
  });

  it('keeps an unknown key as a snake_cased text column; a missing key is null', async () => {
    const r = await read(
      tempFile(
        'orders.json',
        `[${order(1)}, ${order(2, ', "Sales Rep": "Ann", "Gift": true, "Note": null')}, ` +
          `${order(3, ', "Gift": false')}]`,
      ),
    );
    expect(r.table.schema.names.slice(-4)).toEqual(['sales_rep', 'gift', 'note', 'source_row']);
    expect(tableRows(r.table)).toEqual([
      row(1, 1, { sales_rep: null, gift: null, note: null }),
      row(2, 2, { sales_rep: 'Ann', gift: 'true', note: null }),
      row(3, 3, { sales_rep: null, gift: 'false', note: null }),
    ]);
  });

  it('decodes escapes and keeps UTF-8 text intact across chunk boundaries', async () => {
    const values = [
      ['"Peter B\\u00fchler"', 'Peter Bühler'],
      ['"José Núñez 🚀 €"', 'José Núñez 🚀 €'],
      ['"a\\nb\\tc\\"d\\\\e\\/f\\bg\\fh\\ri"', 'a\nb\tc"d\\e/f\bg\fh\ri'],
      ['"smile \\ud83d\\ude00 end"', 'smile 😀 end'],
      ['"lone \\ud800 surrogate"', 'lone \uFFFD surrogate'],
      ['"\\u20AC\\u00e9"', '€é'],
    ] as const;
    // Ship Mode is dictionary text, Customer Name plain text
    const lines = values.map(([json], i) => order(i + 1, `, "Ship Mode": ${json}, "Customer Name": ${json}`));
    const r = await read(tempFile('orders.ndjson', `${lines.join('\n')}\n`));
    const rows = tableRows(r.table);
    expect(rows.map((x) => x['ship_mode'])).toEqual(values.map(([, text]) => text));
    expect(rows.map((x) => x['customer_name'])).toEqual(values.map(([, text]) => text));
  });

  describe('invalid UTF-8: replaced by U+FFFD and counted, in every column and key', () => {
    const bytes = (...parts: (string | number[] | Uint8Array)[]): Buffer =>
      Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
    const line = (id: number, ...tail: (string | number[])[]): Buffer => bytes(order(id).slice(0, -1), ...tail, '}');

    it('repairs declared columns, extra keys, keys, nested values and escaped strings; counts each', async () => {
      const lines = [
        line(1, ', "Ship Mode": "A', [0xff, 0xfe], 'B"'), // bytes that are never UTF-8
        line(2, ', "Notes": "caf', [0xc3], '"'), // a sequence cut short, in a key only raw keeps
        line(3, ', "Tier ', [0xe9], '": "gold"'), // a Latin-1 key
        line(4, ', "Tier ', [0xe9], '": "silver", "Meta": {"k": "', [0xed, 0xa0, 0x80], '"}'), // same key; a surrogate
        line(5, ', "Ship Mode": "\\u00e9t', [0xe9], ' \\ud800"'), // escapes, a bad byte and a lone surrogate escape
        line(6, ', "Ship Mode": "\\ud83d\\ude00 Zoë", "Notes": "Größe"'), // valid: not counted
      ];
      for (const [name, body] of [
        ['o.json', bytes('[\n', ...lines.flatMap((l, i) => (i === 0 ? [l] : [',\n', l])), '\n]')],
        ['o.ndjson', Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]))],
      ] as const) {
        const r = await read(tempFile(name, body));
        expect(r.issues).toEqual([]);
        expect(r.fixes).toEqual({ 'text.invalid_utf8': { changed: 5, nulled: 0 } });
        const rows = tableRows(r.table);
        expect(rows.map((x) => x['ship_mode'])).toEqual([
          'A\uFFFD\uFFFDB',
          null,
          null,
          null,
          'ét\uFFFD \uFFFD',
          '😀 Zoë',
        ]);
        expect(rows.map((x) => x['notes'])).toEqual([null, 'caf\uFFFD', null, null, null, 'Größe']);
        expect(rows.map((x) => x['tier'])).toEqual([null, null, 'gold', 'silver', null, null]);
        expect(rows[3]!['meta']).toBe('{"k": "\uFFFD\uFFFD\uFFFD"}');
      }
    });

    it('gives what WHATWG decoding (TextDecoder) gives for any bytes, and counts the invalid values', async () => {
      const whatwg = new TextDecoder('utf-8', { ignoreBOM: true });
      // any bytes but the three a JSON string cannot hold unescaped: '"', '\\' and controls
      const stringBytes = fc
        .uint8Array({ maxLength: 12 })
        .map((b) => b.filter((x) => x >= 0x20 && x !== 0x22 && x !== 0x5c));
      await fc.assert(
        fc.asyncProperty(
          fc.array(stringBytes, { minLength: 1, maxLength: 8 }),
          fc.integer({ min: 1, max: 9 }),
          async (values, chunkSize) => {
            const body = Buffer.concat(
              values.flatMap((v, i) => [line(i + 1, ', "Notes": "', [...v], '"'), Buffer.from('\n')]),
            );
            const r = await readJson(tempFile('o.ndjson', body), rawOrders, { chunkSize });
            expect(tableRows(r.table).map((x) => x['notes'])).toEqual(values.map((v) => whatwg.decode(v)));
            const invalid = values.filter((v) => !isUtf8(v)).length;
            expect(r.fixes).toEqual(invalid === 0 ? {} : { 'text.invalid_utf8': { changed: invalid, nulled: 0 } });
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  it('refuses a key beyond the 10,000th column, naming it', async () => {
    const declared = rawOrders.columns.length - 1; // all but source_row
    const keys = Array.from({ length: 10_001 - declared }, (_, i) => `, "k${i}": ${i}`).join('');
    const file = tempFile('o.ndjson', `${order(1, keys)}\n`);
    const e = await readJson(file, rawOrders).catch((x: unknown) => x);
    const last = `k${10_000 - declared}`; // the 10,001st column
    expect(e).toBeInstanceOf(InputError);
    expect(e).toMatchObject({ rule: 'header.too_many_columns', where: { file, column: last } });
    expect((e as InputError).message).toContain(`has more than 10,000 columns ("${last}" would be column 10,001)`);
  });

  it('maps an escaped key to its column', async () => {
    const r = await read(tempFile('orders.json', `[${order(1).replace('"Row ID"', '"Row\\u0020ID"')}]`));
    expect(tableRows(r.table)).toEqual([row(1, 1)]);
  });

  it('keeps every number as its exact lexeme, and a string like "4797%" as written', async () => {
    const cases = ['63.69', '1e3', '-0.5000', '0', '-1.5E-7', '17.0', '12345678901234567890.123'];
    const lines = cases.map((n, i) => order(i + 1, `, "Price": ${n}, "Discount": ${n}`));
    lines.push(order(99, ', "Price": "4797%"'));
    const r = await read(tempFile('orders.json', `[${lines.join(',')}]`));
    const rows = tableRows(r.table);
    expect(rows.map((x) => x['price'])).toEqual([...cases, '4797%']);
    expect(rows.map((x) => x['discount'])).toEqual([...cases, null]);
  });

  it('keeps a nested object or array as its source JSON text', async () => {
    const nested = '{"a": [1, 2.50, {"b": "x\\"y"}], "c": null, "d": {}}';
    const r = await read(tempFile('orders.json', `[${order(1, `, "Meta": ${nested}, "Tags": [ ], "Price": [1,2]`)}]`));
    expect(tableRows(r.table)).toEqual([row(1, 1, { price: '[1,2]', meta: nested, tags: '[ ]' })]);
  });

  it('skips an array element that is not an object, with a json.not_an_object issue', async () => {
    const long = `"${'x'.repeat(300)}"`;
    const r = await read(
      tempFile('orders.json', `[${order(1)}, 5, "text", [1, {"a": 2}], null, true, ${long}, ${order(8)}]`),
    );
    expect(tableRows(r.table)).toEqual([row(1, 1), row(8, 8)]);
    expect(r.rowsRead).toBe(8);
    expect(r.issues.map((i) => [i.row, i.rule, i.column, i.value])).toEqual([
      [2, 'json.not_an_object', null, '5'],
      [3, 'json.not_an_object', null, '"text"'],
      [4, 'json.not_an_object', null, '[1, {"a": 2}]'],
      [5, 'json.not_an_object', null, 'null'],
      [6, 'json.not_an_object', null, 'true'],
      [7, 'json.not_an_object', null, long.slice(0, 200)],
    ]);
    expect(r.issues[0]!.message).toBe('array element 2 is a number, not an object');
    expect(r.issues[2]!.message).toBe('array element 4 is an array, not an object');
  });

  it('skips an NDJSON line that is not an object, naming the line', async () => {
    const r = await read(tempFile('orders.ndjson', `${order(1)}\n\n[1]\n${order(4)}\n`));
    expect(tableRows(r.table)).toEqual([row(1, 1), row(4, 4)]);
    expect(r.rowsRead).toBe(3);
    expect(r.issues).toEqual([
      { row: 3, column: null, value: '[1]', rule: 'json.not_an_object', message: 'line 3 is an array, not an object' },
    ]);
  });

  it('skips an object with a duplicate key, with a json.duplicate_key issue', async () => {
    const r = await read(
      tempFile(
        'orders.ndjson',
        `${order(1)}\n${order(2, ', "Row ID": 3')}\n${order(4, ', "Note": 1, "Note": 2')}\n${order(5)}\n`,
      ),
    );
    expect(tableRows(r.table)).toEqual([row(1, 1, { note: null }), row(5, 4, { note: null })]);
    expect(r.rowsRead).toBe(4);
    expect(r.issues).toEqual([
      {
        row: 2,
        column: 'Row ID',
        value: null,
        rule: 'json.duplicate_key',
        message: 'the object has the key "Row ID" more than once',
      },
      {
        row: 3,
        column: 'Note',
        value: null,
        rule: 'json.duplicate_key',
        message: 'the object has the key "Note" more than once',
      },
    ]);
  });

  it('treats __proto__ and constructor as ordinary keys without polluting Object.prototype', async () => {
    const r = await read(
      tempFile('orders.json', `[${order(1, ', "__proto__": {"polluted": "yes"}, "constructor": "c", "toString": 1')}]`),
    );
    expect(tableRows(r.table)[0]).toMatchObject({ proto: '{"polluted": "yes"}', constructor: 'c', to_string: '1' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('reads a 1 MB string value whole', async () => {
    const big = 'a€🚀'.repeat(131_072); // 1 MiB of UTF-8 (8 bytes per repeat)
    const escaped = big.slice(0, 1000) + '\\n' + big.slice(1000);
    const file = tempFile(
      'orders.ndjson',
      `${order(1, `, "Blob": "${big}"`)}\n${order(2, `, "Blob": "${escaped}"`)}\n`,
    );
    for (const chunkSize of [undefined, 1021]) {
      // 1- and 7-byte chunks would take ~10 s for 2 MB
      const r = await readJson(file, rawOrders, chunkSize === undefined ? {} : { chunkSize });
      const rows = tableRows(r.table);
      expect(Buffer.byteLength(rows[0]!['blob'] as string)).toBe(1 << 20);
      expect(rows[0]!['blob']).toBe(big);
      expect(rows[1]!['blob']).toBe(big.slice(0, 1000) + '\n' + big.slice(1000));
    }
  });

  it('reads any JSON.stringify output as the text of each value, with any chunk size', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.string({ unit: 'binary-ascii', maxLength: 12 }),
    );
    const value = fc.oneof(
      text,
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const required = rawOrders.columns.filter((c) => c.required).map((c) => c.source!);
    const extraKeys = ['Ship Mode', 'Price', 'Note', 'Meta', '__proto__', 'Größe'];
    const object = fc.record({
      required: fc.tuple(...required.map(() => value)),
      extra: fc.dictionary(fc.constantFrom(...extraKeys), value, { maxKeys: 4 }),
    });
    const asText = (v: unknown): string | null => (v === null ? null : typeof v === 'string' ? v : JSON.stringify(v));
    await fc.assert(
      fc.asyncProperty(
        fc.array(object, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        async (objects, ndjson, chunkSize) => {
          const records = objects.map((o) =>
            Object.fromEntries([...required.map((k, i) => [k, o.required[i]] as const), ...Object.entries(o.extra)]),
          );
          const lines = records.map((r) => JSON.stringify(r));
          const body = ndjson ? lines.join('\n') : `[\n ${lines.join(' ,\r\n\t')}\n]`;
          const r = await readJson(tempFile(ndjson ? 'o.ndjson' : 'o.json', body), rawOrders, { chunkSize });
          const names = r.table.schema.names.map(String);
          expect(r.issues).toEqual([]);
          expect(tableRows(r.table)).toEqual(
            records.map((rec, i) => {
              const expected: Record<string, unknown> = Object.fromEntries(names.map((n) => [n, null]));
              for (const [k, v] of Object.entries(rec)) expected[snakeCase(k)] = asText(v);
              expected['source_row'] = BigInt(i + 1);
              return expected;
            }),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('maps keys to columns when a key is like, but not, the one predicted for its place', async () => {
    // keys of 1–11 bytes from a two-letter alphabet: they differ from the key predicted for their place (the
    // previous row's) in any word or tail byte, or by length, and arrive in any order
    const key = fc.string({ unit: fc.constantFrom('x', 'y'), minLength: 1, maxLength: 11 }).map((k) => `k${k}`);
    const required = rawOrders.columns.filter((c) => c.required).map((c) => c.source!);
    const object = fc
      .uniqueArray(key, { maxLength: 5 })
      .chain((extra) =>
        fc.tuple(
          fc.shuffledSubarray([...required, ...extra], { minLength: required.length + extra.length }),
          fc.array(fc.integer({ min: 0, max: 9 }), { minLength: required.length + extra.length }),
        ),
      );
    await fc.assert(
      fc.asyncProperty(
        fc.array(object, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 40 }),
        async (objects, chunkSize) => {
          const records = objects.map(([keys, values]) => Object.fromEntries(keys.map((k, i) => [k, `v${values[i]}`])));
          const body = records.map((r) => JSON.stringify(r)).join('\n');
          const r = await readJson(tempFile('o.ndjson', body), rawOrders, { chunkSize });
          const names = r.table.schema.names.map(String);
          expect(r.issues).toEqual([]);
          expect(tableRows(r.table)).toEqual(
            records.map((rec, i) => {
              const expected: Record<string, unknown> = Object.fromEntries(names.map((n) => [n, null]));
              for (const [k, v] of Object.entries(rec)) expected[snakeCase(k)] = v;
              expected['source_row'] = BigInt(i + 1);
              return expected;
            }),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  describe('whole-file errors', () => {
    it('rejects an empty file (json.empty)', async () => {
      await expectInputError(tempFile('orders.json', ''), 'json.empty', { offset: 0 }, /the file is empty/);
      await expectInputError(tempFile('orders.json', '\uFEFF \n\t'), 'json.empty', { offset: 6 }, /the file is empty/);
      await expectInputError(tempFile('orders.ndjson', '\n\r\n'), 'json.empty', { offset: 3 }, /the file is empty/);
    });

    it('rejects a top level that is neither an array nor an object (json.not_array)', async () => {
      await expectInputError(
        tempFile('orders.json', '  42'),
        'json.not_array',
        { offset: 2 },
        /expected a JSON array '\[' or one JSON object per line '\{' at the top level, found '4'/,
      );
    });

    it('rejects malformed syntax naming what was expected (json.syntax)', async () => {
      const text = `[${order(1)},\n{"Row ID": 2 x}]`;
      const at = text.indexOf('x}');
      await expectInputError(
        tempFile('orders.json', text),
        'json.syntax',
        { row: 2, offset: at },
        /expected ',' or '}' after a value, found 'x'/,
      );

      const cases: [string, number, RegExp][] = [
        ['[{"a" 1}]', 6, /expected ':' after a key, found '1'/],
        ['[{"a": 1,}]', 9, /expected a key string after ',', found '}'/],
        ['[{a: 1}]', 2, /expected a key string or '}' after '\{', found 'a'/],
        ['[{"a": 01}]', 7, /invalid number '01'/],
        ['[{"a": 1.}]', 7, /invalid number '1\.'/],
        ['[{"a": -}]', 7, /invalid number '-'/],
        ['[{"a": tru}]', 7, /expected a value, found 'tru'/],
        ['[{"a": NaN}]', 7, /expected a value, found 'N'/],
        ['[{"a": "\\x"}]', 8, /invalid escape '\\x' in a string/],
        ['[{"a": "\\u12G4"}]', 8, /invalid escape '\\u12G4' in a string/],
        ['[{"a": 1},]', 10, /expected a value, found ']'/],
        ['[{"a": 1} {"a": 2}]', 10, /expected ',' or ']' after an array element, found '\{'/],
        ['[{"a": [1 2]}]', 10, /expected ',' or ']' after a value, found '2'/],
        ['[{"a": "tab\there"}]', 11, /control character byte 0x09 inside a string must be escaped/],
      ];
      for (const [json, offset, message] of cases) {
        const row = json.endsWith(',]') ? 2 : 1; // the missing second element
        await expectInputError(tempFile('orders.json', json), 'json.syntax', { row, offset }, message);
      }
    });

    it('rejects NDJSON with two values on one line or a line break inside a string', async () => {
      await expectInputError(
        tempFile('orders.ndjson', `${order(1)}\n${order(2)} ${order(3)}\n`),
        'json.syntax',
        { row: 2, offset: 2 * order(1).length + 2 },
        /expected the end of the line after the value, found '\{'/,
      );
      await expectInputError(
        tempFile('orders.ndjson', `${order(1)}\n{"Row ID": "1\n2"}\n`),
        'json.syntax',
        { row: 2, offset: order(1).length + 14 },
        /unterminated string/,
      );
    });

    it('rejects a truncated file (json.truncated)', async () => {
      const text = `[${order(1)}, ${order(2)}`;
      await expectInputError(
        tempFile('orders.json', text),
        'json.truncated',
        { row: 2, offset: text.length },
        /the file ends before the closing '\]' of the top-level array/,
      );
      const cut = `[${order(1)}, ${order(2).slice(0, 40)}`;
      await expectInputError(
        tempFile('orders.json', cut),
        'json.truncated',
        { row: 2, offset: cut.length },
        /the file ends inside a string/,
      );
      const open = `${order(1)}\n{"Row ID": 2, "Meta": [1, {"a": 2}`;
      await expectInputError(
        tempFile('orders.ndjson', open),
        'json.truncated',
        { row: 2, offset: open.length },
        /the file ends inside an array: expected '\]'/,
      );
      await expectInputError(tempFile('orders.json', '['), 'json.truncated', { offset: 1 }, /before the closing '\]'/);
      await expectInputError(
        tempFile('orders.json', '[{"a":'),
        'json.truncated',
        { row: 1, offset: 6 },
        /the file ends inside an object: expected a value/,
      );
    });

    it('rejects anything after the closing bracket (json.trailing)', async () => {
      const text = `[${order(1)}]\n x`;
      await expectInputError(
        tempFile('orders.json', text),
        'json.trailing',
        { row: 1, offset: text.length - 1 },
        /unexpected 'x' after the closing '\]' of the top-level array/,
      );
    });

    it('rejects a file where no object has a required key', async () => {
      const file = tempFile('orders.json', '[{"Row ID": 1}]');
      await expect(readJson(file, rawOrders)).rejects.toMatchObject({
        rule: 'header.missing_column',
        where: { file, column: 'Order ID' },
      });
      await expect(readJson(tempFile('orders.json', '[]'), rawOrders)).rejects.toMatchObject({
        rule: 'header.missing_column',
      });
    });
  });

  describe.skipIf(!hasSample)('on the public sample', () => {
    it('reads Orders.json: 9,994 rows with values as written', async () => {
      const file = join(sampleDir, 'Orders.json');
      const r = await readJson(file, rawOrders);
      expect(r.rowsRead).toBe(9994);
      expect(r.table.numRows).toBe(9994);
      expect(r.issues).toEqual([]);
      expect(r.table.schema.names).toEqual([
        'row_id',
        'order_id',
        'order_date',
        'ship_date',
        'ship_mode',
        'customer_id',
        'product_id',
        'quantity',
        'price',
        'discount',
        'profit',
        'source_row',
      ]);
      const first = tableRows(r.table.slice(0, 1))[0]!;
      expect(first).toEqual({
        row_id: '1',
        order_id: 'CA-2016-122581',
        order_date: '21/8/2016',
        ship_date: '25/8/2016',
        ship_mode: 'Standard Class',
        customer_id: 'JK-15370',
        product_id: 'FUR-CH-10002961',
        quantity: '7',
        price: '573.17',
        discount: '0.3',
        profit: '63.69',
        source_row: 1n,
      });
      expect(tableRows(r.table.slice(2, 3))[0]).toMatchObject({ price: '17.0', profit: '-14.92' });
      const odd = await readJson(file, rawOrders, { chunkSize: 4093 });
      expect(tableRows(odd.table)).toEqual(tableRows(r.table));
    });
  });
});

describe('readJsonFiles: several files into one raw table', () => {
  it('reads each file in its own layout, row numbers per file, and names each row file and issue file', async () => {
    const a = tempFile('Orders_a.json', `[${order(1, ', "Coupon": "X1"')}, 5, ${order(2)}]`);
    const b = tempFile('Orders_b.ndjson', `${order(3)}\n[1]\n${order(4)}\n`);
    const r = await readJsonFiles([a, b], rawOrders, { label: 'exports' });
    const rows = tableRows(r.table);
    expect(rows.map((x) => [x['row_id'], x['coupon'], x['source_file'], x['source_row']])).toEqual([
      ['1', 'X1', a, 1n],
      ['2', null, a, 3n],
      ['3', null, b, 1n],
      ['4', null, b, 3n],
    ]);
    expect(r.table.schema.names.slice(-2)).toEqual(['source_file', 'source_row']);
    expect(r.issues.map((i) => [i.file, i.row, i.rule])).toEqual([
      [a, 2, 'json.not_an_object'],
      [b, 2, 'json.not_an_object'],
    ]);
    expect([r.file, r.rowsRead]).toEqual(['exports', 6]);
    expect(r.files?.map((f) => [f.file, f.rowsRead])).toEqual([
      [a, 3],
      [b, 3],
    ]);
  });

  it('hands on batches that run across the end of a file', async () => {
    const a = tempFile('o1.ndjson', [1, 2, 3].map((id) => order(id)).join('\n'));
    const b = tempFile('o2.ndjson', [4, 5, 6].map((id) => order(id)).join('\n'));
    const sizes: number[] = [];
    const files: unknown[][] = [];
    await readJsonFiles([a, b], rawOrders, {
      batchRows: 4,
      chunkSize: 64,
      onBatch: (t) => {
        sizes.push(t.numRows);
        files.push([...new Set(tableRows(t).map((x) => x['source_file']))]);
        return Promise.resolve();
      },
    });
    expect(sizes.reduce((s, n) => s + n, 0)).toBe(6);
    expect(files.some((f) => f.length === 2)).toBe(true);
  });

  it('reads one file exactly as readJson: no source_file column, no per-file list', async () => {
    const a = tempFile('orders.json', `[${order(1)}, ${order(2)}]`);
    const [one, plain] = [await readJsonFiles([a], rawOrders), await readJson(a, rawOrders)];
    expect(one.table.schema.names).toEqual(plain.table.schema.names);
    expect(one.table.schema.names).not.toContain('source_file');
    expect(one.files).toBeUndefined();
    expect(tableRows(one.table)).toEqual(tableRows(plain.table));
  });

  it('names the file whose rows are none of them objects', async () => {
    const a = tempFile('good.json', `[${order(1)}]`);
    const b = tempFile('bad.json', '[1, 2]');
    await expect(readJsonFiles([a, b], rawOrders)).rejects.toMatchObject({
      rule: 'json.no_objects',
      where: { file: b },
    });
  });
});

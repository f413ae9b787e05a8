/**
 * A fast path for the common CSV file: its records split in one pass over the bytes, for files whose every record
 * keeps to plain RFC 4180 (comma-separated, `"`-quoted fields with `""` inside, one line-end style). Anything else
 * — a stray quote, text after a closing quote, a lone CR, mixed line ends, an unclosed quote, a record with
 * another field count than the header's — makes it give up (`null`), and the file is read by csv-parse, which
 * names the problem. On the files it accepts it yields exactly csv-parse's records (a property test holds it).
 */

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The records of `bytes[start…]` as field byte views; null when the text is not plain CSV (see the module
 * comment), or when a record's field count differs from the first record's.
 * Records whose fields are all empty or white space (blank lines, `,,`, `" ",`) are left out, as csv-parse's
 * `skip_empty_lines` and `skip_records_with_empty_values` do (a field is blank when its text trims to '').
 * @example
 * splitSimpleCsv(new TextEncoder().encode('a,b\n"x ""y""",2\n'), 0)?.length; // 2 (fields 'x "y"', '2')
 * splitSimpleCsv(new TextEncoder().encode('a,b\nx"y,2\n'), 0); // null: a quote inside an unquoted field
 */
export function splitSimpleCsv(bytes: Uint8Array, start: number): Uint8Array[][] | null {
  const n = bytes.length;
  // one line-end style: CRLF when the first line end outside quotes is one, else LF (then any CR gives up)
  const crlf = firstLineEndIsCrlf(bytes, start);
  const records: Uint8Array[][] = [];
  let width = -1;
  let i = start;
  while (i < n) {
    const fields: Uint8Array[] = [];
    let empty = true;
    for (;;) {
      let field: Uint8Array;
      if (bytes[i] === QUOTE) {
        const read = quotedField(bytes, i + 1);
        if (read === null) return null;
        field = read.field;
        i = read.end;
      } else {
        const s = i;
        while (i < n) {
          const c = bytes[i]!;
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) return null;
          i++;
        }
        field = bytes.subarray(s, i);
      }
      if (empty && !isBlankField(field)) empty = false;
      fields.push(field);
      if (i >= n) break;
      const c = bytes[i]!;
      if (c === COMMA) {
        i++;
        if (i >= n) fields.push(bytes.subarray(n, n)); // a trailing comma ends with an empty field
        if (i >= n) break;
        continue;
      }
      if (c === CR) {
        if (!crlf || bytes[i + 1] !== LF) return null;
        i += 2;
      } else if (c === LF) {
        if (crlf) return null;
        i++;
      } else return null; // text after a closing quote
      break;
    }
    if (!empty) {
      if (width === -1) width = fields.length;
      else if (fields.length !== width) return null;
      records.push(fields);
    }
  }
  return records;
}

/** A quoted field's content from `bytes[from…]` (just after its opening quote), or null when it never closes. */
function quotedField(bytes: Uint8Array, from: number): { field: Uint8Array; end: number } | null {
  let close = bytes.indexOf(QUOTE, from);
  if (close === -1) return null;
  if (bytes[close + 1] !== QUOTE) {
    return { field: bytes.subarray(from, close), end: close + 1 };
  }
  // doubled quotes inside: copy the content with each pair made one quote
  const parts: number[] = [];
  let s = from;
  for (;;) {
    if (close === -1) return null;
    if (bytes[close + 1] === QUOTE) {
      for (let k = s; k <= close; k++) parts.push(bytes[k]!);
      s = close + 2;
      close = bytes.indexOf(QUOTE, s);
      continue;
    }
    for (let k = s; k < close; k++) parts.push(bytes[k]!);
    return { field: Uint8Array.from(parts), end: close + 1 };
  }
}

/** Whether a field's text trims to '' (JavaScript's white space), as csv-parse tests a record's fields. */
function isBlankField(field: Uint8Array): boolean {
  for (const b of field) {
    if (b >= 0x80) return new TextDecoder().decode(field).trim() === '';
    if (b !== 0x20 && (b < 0x09 || b > 0x0d)) return false;
  }
  return true;
}

/** Whether the first line end outside quotes is CR LF. */
function firstLineEndIsCrlf(bytes: Uint8Array, start: number): boolean {
  let quoted = false;
  for (let i = start; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) return c === CR && bytes[i + 1] === LF;
  }
  return false;
}

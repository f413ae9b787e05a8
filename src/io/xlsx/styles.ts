/**
 * The number format of each cell style in the styles part (`<cellXfs>` in order, §18.8.10): custom `<numFmts>`
 * first, then the built-in ids. A cell's `s` indexes this list; a cell without `s` has style 0.
 */
import { builtInFormatCode, GENERAL, numberFormat, type NumberFormat } from './number-format.js';
import { Token, XmlScanner, nameBytes } from './xml-scanner.js';
import { decodeEntities } from './xml-text.js';

const NUM_FMTS = nameBytes('numFmts');
const NUM_FMT = nameBytes('numFmt');
const CELL_XFS = nameBytes('cellXfs');
const XF = nameBytes('xf');
const NUM_FMT_ID = nameBytes('numFmtId');
const FORMAT_CODE = nameBytes('formatCode');

/**
 * The number format of each cell style, from the whole styles part `xml` (an empty list when there is none).
 * @example
 * cellFormats(Buffer.from('<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'))
 * // → [GENERAL, { kind: 'date', elapsed: false }]
 */
export function cellFormats(xml: Buffer | undefined): NumberFormat[] {
  if (xml === undefined) return [];
  const x = new XmlScanner();
  x.feed(xml);
  const custom = new Map<number, string>();
  const ids: number[] = [];
  let section: 'numFmts' | 'cellXfs' | '' = '';
  for (let token = x.next(); token !== Token.Need; token = x.next()) {
    if (token === Token.Open) {
      if (x.depth === 2 && x.is(NUM_FMTS)) section = 'numFmts';
      else if (x.depth === 2 && x.is(CELL_XFS)) section = 'cellXfs';
      else if (section === 'numFmts' && x.is(NUM_FMT)) {
        const code = attributeText(x, FORMAT_CODE);
        if (code !== undefined) custom.set(Number(attributeText(x, NUM_FMT_ID)), code);
      } else if (section === 'cellXfs' && x.is(XF)) ids.push(Number(attributeText(x, NUM_FMT_ID) ?? '0'));
    } else if (token === Token.Close && x.depth === 1) section = '';
  }
  x.end();
  const byId = new Map<number, NumberFormat>();
  return ids.map((id) => {
    let format = byId.get(id);
    if (format === undefined) {
      const code = custom.get(id) ?? builtInFormatCode(id);
      format = code === undefined ? GENERAL : numberFormat(code);
      byId.set(id, format);
    }
    return format;
  });
}

/** The decoded value of attribute `name` of the scanner's last open tag, or undefined. */
export function attributeText(x: XmlScanner, name: Uint8Array): string | undefined {
  const range = x.attribute(name);
  if (range === null) return undefined;
  const raw = x.buf.toString('utf8', range[0], range[1]).replace(/[\t\n\r]/g, ' ');
  return raw.includes('&') ? decodeEntities(raw) : raw;
}

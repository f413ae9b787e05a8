/**
 * The number format of each cell style in `xl/styles.xml`, resolved the way exceljs resolves it (custom
 * `<numFmts>` first, then the built-in ids), for the fast xlsx reader.
 */
import { Decline, Token, XmlScanner, attribute } from './xml.js';

/** The built-in number formats exceljs knows (its `defaultnumformats.js`, the ids with a format code). */
const BUILT_IN: Readonly<Record<number, string>> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** One cell style: its number format code (undefined: none, i.e. General). */
export interface CellStyle {
  readonly numFmt: string | undefined;
}

/**
 * The cell styles (`<cellXfs>` in order) of a styles part; `styles[s]` is the style of `<c s="s">`, and an id
 * past the end has no style (as in exceljs). With no styles part, pass `undefined`: the list is empty.
 * @example
 * cellStyles('<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>')
 * // → [{ numFmt: undefined }, { numFmt: 'mm-dd-yy' }]
 */
export function cellStyles(xml: string | undefined): CellStyle[] {
  if (xml === undefined) throw new Decline('no styles part');
  const x = new XmlScanner(xml);
  const custom = new Map<number, string>();
  const ids: number[] = [];
  let root = false;
  let depth = 0;
  let section = '';
  for (let token = x.next(); token !== Token.End; token = x.next()) {
    if (token === Token.Open) {
      depth++;
      if (depth === 1) {
        if (x.name !== 'styleSheet') throw new Decline('styles root');
        root = true;
      } else if (depth === 2) section = x.name;
      else if (depth === 3 && section === 'numFmts' && x.name === 'numFmt') {
        const code = attribute(x.attrs, 'formatCode');
        if (code === undefined) throw new Decline('numFmt without formatCode');
        custom.set(parseInt(attribute(x.attrs, 'numFmtId') ?? '', 10), code.replace(/[\\](.)/g, '$1'));
      } else if (depth === 3 && section === 'cellXfs' && x.name === 'xf') {
        ids.push(parseInt(attribute(x.attrs, 'numFmtId') ?? '', 10));
      }
    } else if (token === Token.Close) {
      if (depth === 2) section = '';
      depth--;
    }
  }
  // exceljs keeps no style list at all when <cellXfs> is empty, and then fails on any styled cell.
  if (!root || ids.length === 0) throw new Decline('no cell styles');
  return ids.map((id) => ({ numFmt: id ? custom.get(id) || BUILT_IN[id] : undefined }));
}

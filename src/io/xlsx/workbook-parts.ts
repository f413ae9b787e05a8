/**
 * The workbook's structure (ECMA-376 Part 1 §18.2, Part 2 OPC): the package relationships find the workbook
 * part, the workbook lists its sheets (tab order, name, visibility) and date system, and the workbook's
 * relationships map each sheet to its part and find the shared strings and styles parts.
 */
import { posix } from 'node:path';
import { attributeText } from './styles.js';
import { Token, XmlScanner, nameBytes } from './xml-scanner.js';

/** One relationship of a part: `target` resolved to a zip entry name. */
export interface Relationship {
  readonly id: string;
  /** The relationship type's last segment, e.g. `worksheet`, `sharedStrings`, `styles`, `officeDocument`. */
  readonly type: string;
  readonly target: string;
}

/** One tab of the workbook. */
export interface SheetTab {
  readonly name: string;
  readonly state: 'visible' | 'hidden' | 'veryHidden';
  readonly relId: string;
}

/** What `xl/workbook.xml` says. */
export interface WorkbookInfo {
  readonly sheets: readonly SheetTab[];
  /** The 1904 date system (`<workbookPr date1904="1"/>`). */
  readonly date1904: boolean;
}

const RELATIONSHIP = nameBytes('Relationship');
const ID = nameBytes('Id');
const TYPE = nameBytes('Type');
const TARGET = nameBytes('Target');
const TARGET_MODE = nameBytes('TargetMode');
const WORKBOOK_PR = nameBytes('workbookPr');
const DATE_1904 = nameBytes('date1904');
const SHEET = nameBytes('sheet');
const SHEETS = nameBytes('sheets');
const NAME = nameBytes('name');
const STATE = nameBytes('state');
const R_ID = nameBytes('id');

/**
 * The relationships in a `.rels` part, targets resolved against `sourcePart` (the part they belong to; `''`
 * for the package). External targets are left out.
 * @example
 * relationships(rels, 'xl/workbook.xml') // → [{ id: 'rId1', type: 'worksheet', target: 'xl/worksheets/sheet1.xml' }]
 */
export function relationships(xml: Buffer, sourcePart: string): Relationship[] {
  const x = new XmlScanner();
  x.feed(xml);
  const out: Relationship[] = [];
  for (let token = x.next(); token !== Token.Need; token = x.next()) {
    if (token !== Token.Open || !x.is(RELATIONSHIP)) continue;
    if (attributeText(x, TARGET_MODE) === 'External') continue;
    const id = attributeText(x, ID);
    const target = attributeText(x, TARGET);
    if (id === undefined || target === undefined) continue;
    const type = (attributeText(x, TYPE) ?? '').split('/').pop() ?? '';
    out.push({ id, type, target: resolveTarget(sourcePart, target) });
  }
  x.end();
  return out;
}

/** A relationship target (a relative or absolute URI) as a zip entry name. */
function resolveTarget(sourcePart: string, target: string): string {
  let path = target;
  try {
    path = decodeURIComponent(target);
  } catch {
    // keep it as written
  }
  const joined = path.startsWith('/') ? path : posix.join(posix.dirname(sourcePart), path);
  return posix.normalize(joined).replace(/^\/+/, '');
}

/** The sheets (tab order) and date system of a workbook part. */
export function workbookInfo(xml: Buffer): WorkbookInfo {
  const x = new XmlScanner();
  x.feed(xml);
  const sheets: SheetTab[] = [];
  let date1904 = false;
  let inSheets = false;
  for (let token = x.next(); token !== Token.Need; token = x.next()) {
    if (token === Token.Open) {
      if (x.depth === 2 && x.is(SHEETS)) inSheets = true;
      else if (x.is(WORKBOOK_PR)) {
        const flag = attributeText(x, DATE_1904);
        date1904 = flag === '1' || flag === 'true';
      } else if (inSheets && x.is(SHEET)) {
        const name = attributeText(x, NAME);
        const relId = attributeText(x, R_ID);
        const state = attributeText(x, STATE);
        if (name === undefined || relId === undefined) continue;
        sheets.push({ name, relId, state: state === 'hidden' || state === 'veryHidden' ? state : 'visible' });
      }
    } else if (token === Token.Close && x.is(SHEETS)) inSheets = false;
  }
  x.end();
  return { sheets, date1904 };
}

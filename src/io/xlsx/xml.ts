/**
 * A small pull scanner over the XML parts of an xlsx workbook, for the fast reader (xlsx-fast.ts). It reports
 * the same tags and text a strict XML parser (saxes, used by exceljs) would, and gives up — throws `Decline` —
 * on anything it does not handle exactly: CDATA, DOCTYPE, unknown entities, mismatched tags, forbidden
 * characters. A declined workbook is read by the exceljs path instead.
 */

/** Thrown when the fast path meets something it does not handle with certainty; never escapes xlsx-fast.ts. */
export class Decline extends Error {}

/** What `XmlScanner.next()` found. */
export const enum Token {
  End,
  Open,
  Close,
  Text,
}

/** Characters XML 1.0 forbids (saxes rejects them, so exceljs would fail on them). */
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

/**
 * Walks one XML document: each `next()` returns the next token and sets `name`, `attrs` (the raw attribute
 * text of an open tag), `selfClosing` or `text` (decoded). A self-closing tag yields Open then Close.
 * @example
 * const x = new XmlScanner('<a n="1">b&amp;c</a>');
 * x.next(); // Token.Open, x.name 'a', attribute(x.attrs, 'n') '1'
 * x.next(); // Token.Text, x.text 'b&c'
 */
export class XmlScanner {
  name = '';
  attrs = '';
  selfClosing = false;
  text = '';
  /** Index in `xml` just past the last token. */
  pos = 0;
  /** Index of the `>` ending the last open tag. */
  tagEnd = 0;
  private readonly stack: string[] = [];
  private pendingClose = false;

  constructor(readonly xml: string) {
    if (FORBIDDEN.test(xml)) throw new Decline('forbidden character');
  }

  /** The next token; throws Decline on XML this scanner does not handle. */
  next(): Token {
    const xml = this.xml;
    if (this.pendingClose) {
      this.pendingClose = false;
      return Token.Close;
    }
    for (;;) {
      const i = this.pos;
      if (i >= xml.length) {
        if (this.stack.length > 0) throw new Decline('unclosed element');
        return Token.End;
      }
      const lt = xml.indexOf('<', i);
      if (lt !== i) {
        const end = lt < 0 ? xml.length : lt;
        this.text = decodeText(xml.slice(i, end));
        this.pos = end;
        return Token.Text;
      }
      const kind = xml.charCodeAt(lt + 1);
      if (kind === 63 /* ? */) {
        const end = xml.indexOf('?>', lt);
        if (end < 0) throw new Decline('unterminated instruction');
        this.pos = end + 2;
        continue;
      }
      if (kind === 33 /* ! */) {
        if (!xml.startsWith('<!--', lt)) throw new Decline('CDATA or DOCTYPE');
        const end = xml.indexOf('-->', lt + 4);
        if (end < 0) throw new Decline('unterminated comment');
        this.pos = end + 3;
        continue;
      }
      const gt = tagEnd(xml, lt);
      if (kind === 47 /* / */) {
        const name = xml.slice(lt + 2, gt).trimEnd();
        if (this.stack.pop() !== name) throw new Decline('mismatched end tag');
        this.name = name;
        this.pos = gt + 1;
        return Token.Close;
      }
      let n = lt + 1;
      while (n < gt && !isNameEnd(xml.charCodeAt(n))) n++;
      this.name = xml.slice(lt + 1, n);
      if (this.name === '') throw new Decline('empty tag name');
      this.selfClosing = xml.charCodeAt(gt - 1) === 47;
      this.attrs = xml.slice(n, this.selfClosing ? gt - 1 : gt);
      this.tagEnd = gt;
      this.pos = gt + 1;
      if (this.selfClosing) this.pendingClose = true;
      else this.stack.push(this.name);
      return Token.Open;
    }
  }

  /** Moves past balanced markup the caller has read itself; false (and no move) while a tag end is pending. */
  skipTo(pos: number): boolean {
    if (this.pendingClose) return false;
    this.pos = pos;
    return true;
  }
}

function isNameEnd(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62;
}

/** Index of the `>` closing the tag at `lt`, skipping `>` inside quoted attribute values. */
function tagEnd(xml: string, lt: number): number {
  const gt = xml.indexOf('>', lt);
  if (gt < 0) throw new Decline('unterminated tag');
  let open = 0;
  for (let i = lt; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (open !== 0) {
      if (c === open) open = 0;
    } else if (c === 34 || c === 39) open = c;
    else if (c === 62) return i;
  }
  throw new Decline('unterminated tag');
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes character data as an XML parser does: `\r\n`/`\r` → `\n`, the five entities and `&#N;`/`&#xN;`. */
export function decodeText(raw: string): string {
  let text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (text.includes('&')) text = decodeEntities(text);
  return text;
}

function decodeEntities(text: string): string {
  let out = '';
  let last = 0;
  for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', last)) {
    const semi = text.indexOf(';', amp);
    if (semi < 0 || semi - amp > 12) throw new Decline('bare ampersand');
    const ref = text.slice(amp + 1, semi);
    let decoded: string | undefined;
    if (ref.startsWith('#')) {
      const code = /^#x[0-9a-fA-F]+$/.test(ref)
        ? parseInt(ref.slice(2), 16)
        : /^#[0-9]+$/.test(ref)
          ? parseInt(ref.slice(1), 10)
          : NaN;
      if (!isXmlChar(code)) throw new Decline('bad character reference');
      decoded = String.fromCodePoint(code);
    } else {
      decoded = NAMED[ref];
      if (decoded === undefined) throw new Decline('unknown entity');
    }
    out += text.slice(last, amp) + decoded;
    last = semi + 1;
  }
  return out + text.slice(last);
}

function isXmlChar(code: number): boolean {
  if (Number.isNaN(code)) return false;
  if (code < 0x20) return code === 9 || code === 10 || code === 13;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return code !== 0xfffe && code !== 0xffff && code <= 0x10ffff;
}

/**
 * The value of attribute `name` in raw attribute text (decoded; whitespace characters become spaces, as XML
 * normalizes them), or undefined when absent. Throws Decline on a repeated attribute.
 */
export function attribute(attrs: string, name: string): string | undefined {
  let found: string | undefined;
  let from = 0;
  for (;;) {
    const at = attrs.indexOf(name, from);
    if (at < 0) return found;
    from = at + name.length;
    const before = attrs.charCodeAt(at - 1);
    if (at > 0 && !(before === 32 || before === 9 || before === 10 || before === 13)) continue;
    const m = /^\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(attrs.slice(from));
    if (m === null) continue;
    if (found !== undefined) throw new Decline('repeated attribute');
    found = decodeText((m[1] ?? m[2] ?? '').replace(/[\t\n\r]/g, ' '));
  }
}

/** exceljs's second decoding of `str`/inline string cells (it decodes the five named entities once more). */
export function xmlDecodeAgain(text: string): string {
  return text.includes('&') ? text.replace(/&([a-z]*);/g, (c) => NAMED[c.slice(1, -1)] ?? c) : text;
}

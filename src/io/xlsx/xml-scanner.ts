/**
 * A pull scanner over the UTF-8 bytes of one XML part, fed chunk by chunk as the part inflates, so no part is
 * ever held whole (a worksheet can be larger than V8's longest string). It yields open tags, close tags and text
 * as byte ranges of its window; text may come in several pieces (a chunk ends inside it), which the caller joins.
 * Element names are local names (a `x:` prefix is dropped). It throws XmlError on markup longer than 1 MiB, a
 * DOCTYPE, and an end tag with no start. Each window is checked for valid UTF-8 once (`dirty` when it fails).
 */
import { isUtf8 } from 'node:buffer';

/** XML that cannot be read; the message says what is wrong, the reader adds the part and file. */
export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

/** What `XmlScanner.next()` found. */
export const enum Token {
  /** The window is used up: `feed` the next chunk (or `end`). */
  Need,
  Open,
  Close,
  Text,
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const QUESTION = 63;
const BANG = 33;
const QUOTE = 34;
const APOSTROPHE = 39;
const COLON = 58;
const EQUALS = 61;
const DASH = 45;
const LEFT_BRACKET = 91;
/** The longest tag, comment or processing instruction accepted. */
const MAX_MARKUP = 1 << 20;
const EMPTY = Buffer.alloc(0);
const CDATA_OPEN = '<![CDATA[';
/** The rest of a tag after its name, to its `>`: a `>` inside a quoted attribute value does not end it. */
const TAG_REST = /[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>/y;

/** True for the XML whitespace bytes. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** See the module comment. Fields describe the last token. */
export class XmlScanner {
  /** The current window (previous leftover + the last chunk). */
  buf: Buffer = EMPTY;
  /** Whether the current window holds invalid UTF-8 (then callers check the values they take from it). */
  dirty = false;
  /** Local name of the last tag: `buf[nameStart, nameEnd)`. */
  nameStart = 0;
  nameEnd = 0;
  /** Raw attribute text of the last open tag: `buf[attrStart, attrEnd)`. */
  attrStart = 0;
  attrEnd = 0;
  /** Whether the last open tag was `<x/>` (no Close token follows it). */
  selfClosing = false;
  /** The last text piece: `textBuf[textStart, textEnd)`, raw (entities not yet decoded). */
  textBuf: Buffer = EMPTY;
  textStart = 0;
  textEnd = 0;
  /**
   * The window as a latin1 string: one character per byte, so string and byte offsets agree. Markup is found in
   * it with native `indexOf` and sticky regular expressions (fast from the first call, unlike byte loops that
   * wait for the JIT); values are still taken as bytes from `buf`.
   */
  str = '';
  /** Elements open now. */
  depth = 0;
  /** Where the next token starts in the window. */
  pos = 0;

  /** Appends the next chunk of the part to what is left of the window. */
  feed(chunk: Buffer): void {
    const rest = this.buf.length - this.pos;
    if (rest === 0) this.buf = chunk;
    else {
      const joined = Buffer.allocUnsafe(rest + chunk.length);
      this.buf.copy(joined, 0, this.pos);
      chunk.copy(joined, rest);
      this.buf = joined;
    }
    this.pos = 0;
    this.str = this.buf.toString('latin1');
    this.dirty = !isUtf8(this.buf.subarray(0, completeLength(this.buf)));
  }

  /** Moves past markup the caller has read itself (balanced: whole elements only). */
  skipTo(pos: number): void {
    this.pos = pos;
  }

  /** Declares the end of the part: throws XmlError when markup or elements are left open. */
  end(): void {
    if (this.pos < this.buf.length && this.buf[this.pos] === LT)
      throw new XmlError('it ends inside a tag (truncated?)');
    if (this.depth > 0) throw new XmlError(`it ends with ${this.depth} element(s) still open (truncated?)`);
  }

  /** The next token; `Token.Need` when the window holds no complete one. */
  next(): Token {
    const buf = this.buf;
    const str = this.str;
    const length = buf.length;
    let p = this.pos;
    for (;;) {
      if (p >= length) {
        this.pos = p;
        return Token.Need;
      }
      if (buf[p] !== LT) {
        let e = str.indexOf('<', p + 1);
        if (e < 0) e = length;
        this.textBuf = buf;
        this.textStart = p;
        this.textEnd = e;
        this.pos = e;
        return Token.Text;
      }
      if (p + 1 >= length) return this.need(p);
      const kind = buf[p + 1]!;
      if (kind === SLASH) {
        const gt = str.indexOf('>', p + 2);
        if (gt < 0) return this.need(p);
        let e = gt;
        while (e > p + 2 && isSpace(buf[e - 1]!)) e--;
        this.setName(p + 2, e);
        if (--this.depth < 0) throw new XmlError('it has an end tag without a start tag');
        this.pos = gt + 1;
        return Token.Close;
      }
      if (kind === QUESTION) {
        const e = str.indexOf('?>', p + 2);
        if (e < 0) return this.need(p);
        p = e + 2;
        continue;
      }
      if (kind === BANG) {
        if (p + 3 >= length) return this.need(p);
        if (buf[p + 2] === DASH && buf[p + 3] === DASH) {
          const e = str.indexOf('-->', p + 4);
          if (e < 0) return this.need(p);
          p = e + 3;
          continue;
        }
        if (buf[p + 2] === LEFT_BRACKET) {
          if (length - p < CDATA_OPEN.length) return this.need(p);
          if (!str.startsWith(CDATA_OPEN, p)) throw new XmlError('it has a malformed <![ section');
          const e = str.indexOf(']]>', p + CDATA_OPEN.length);
          if (e < 0) return this.need(p);
          this.textBuf = escapeCdata(buf.subarray(p + CDATA_OPEN.length, e));
          this.textStart = 0;
          this.textEnd = this.textBuf.length;
          this.pos = e + 3;
          return Token.Text;
        }
        throw new XmlError('it has a DOCTYPE declaration, which workbooks never have');
      }
      let n = p + 1;
      while (n < length && !isNameEnd(buf[n]!)) n++;
      TAG_REST.lastIndex = n;
      if (TAG_REST.exec(str) === null) return this.need(p);
      const i = TAG_REST.lastIndex - 1;
      this.setName(p + 1, n);
      this.selfClosing = buf[i - 1] === SLASH;
      this.attrStart = n;
      this.attrEnd = this.selfClosing ? i - 1 : i;
      if (!this.selfClosing) this.depth++;
      this.pos = i + 1;
      return Token.Open;
    }
  }

  /** Whether the last tag's local name is `name` (ASCII bytes). */
  is(name: Uint8Array): boolean {
    const start = this.nameStart;
    if (this.nameEnd - start !== name.length) return false;
    for (let i = 0; i < name.length; i++) if (this.buf[start + i] !== name[i]) return false;
    return true;
  }

  /** The last tag's local name as a string (for messages). */
  name(): string {
    return this.buf.toString('latin1', this.nameStart, this.nameEnd);
  }

  /** Local name and raw value of the attribute found by `nextAttribute`: `buf[…Start, …End)`. */
  attrNameStart = 0;
  attrNameEnd = 0;
  valueStart = 0;
  valueEnd = 0;

  /**
   * Reads the attribute of the last open tag that starts at or after `p` (begin with `attrStart`), setting
   * `attrName…` and `value…`; returns where the next one may start, or -1 when there is none.
   */
  nextAttribute(p: number): number {
    const buf = this.buf;
    const end = this.attrEnd;
    while (p < end && isSpace(buf[p]!)) p++;
    if (p >= end) return -1;
    let nameStart = p;
    while (p < end && buf[p] !== EQUALS && !isSpace(buf[p]!)) {
      if (buf[p] === COLON) nameStart = p + 1;
      p++;
    }
    this.attrNameStart = nameStart;
    this.attrNameEnd = p;
    while (p < end && isSpace(buf[p]!)) p++;
    if (buf[p] !== EQUALS) throw new XmlError(`it has a malformed attribute in a <${this.name()}> tag`);
    p++;
    while (p < end && isSpace(buf[p]!)) p++;
    const quote = buf[p];
    if (quote !== QUOTE && quote !== APOSTROPHE)
      throw new XmlError(`it has an unquoted attribute in a <${this.name()}> tag`);
    let valueEnd = p + 1;
    while (valueEnd < end && buf[valueEnd] !== quote) valueEnd++;
    if (valueEnd >= end) throw new XmlError(`it has a malformed attribute in a <${this.name()}> tag`);
    this.valueStart = p + 1;
    this.valueEnd = valueEnd;
    return valueEnd + 1;
  }

  /** Whether the attribute found by `nextAttribute` has local name `local`. */
  attributeIs(local: Uint8Array): boolean {
    const start = this.attrNameStart;
    if (this.attrNameEnd - start !== local.length) return false;
    for (let i = 0; i < local.length; i++) if (this.buf[start + i] !== local[i]) return false;
    return true;
  }

  /** The raw value range of attribute `local` (local name) of the last open tag, or null: `[start, end)`. */
  attribute(local: Uint8Array): [number, number] | null {
    for (let p = this.nextAttribute(this.attrStart); p >= 0; p = this.nextAttribute(p)) {
      if (this.attributeIs(local)) return [this.valueStart, this.valueEnd];
    }
    return null;
  }

  private setName(start: number, end: number): void {
    let s = start;
    for (let i = start; i < end; i++) if (this.buf[i] === COLON) s = i + 1;
    this.nameStart = s;
    this.nameEnd = end;
  }

  private need(p: number): Token {
    if (this.buf.length - p > MAX_MARKUP) throw new XmlError('it has a tag, comment or instruction longer than 1 MiB');
    this.pos = p;
    return Token.Need;
  }
}

function isNameEnd(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === SLASH || c === GT;
}

/** The length of `buf` without a UTF-8 sequence cut off at its end (it completes in the next chunk). */
function completeLength(buf: Buffer): number {
  const n = buf.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const c = buf[n - back]!;
    if (c < 0x80) return n;
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return need > back ? n - back : n;
    }
  }
  return n;
}

/** CDATA content as escaped character data, so callers decode every text piece the same way. */
function escapeCdata(raw: Buffer): Buffer {
  if (!raw.includes(38) && !raw.includes(LT)) return raw;
  return Buffer.from(raw.toString('latin1').replaceAll('&', '&amp;').replaceAll('<', '&lt;'), 'latin1');
}

/** ASCII bytes of a tag or attribute name, for `XmlScanner.is` and `attribute`. */
export function nameBytes(name: string): Uint8Array {
  return Buffer.from(name, 'latin1');
}

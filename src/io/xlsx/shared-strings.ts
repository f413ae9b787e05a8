/**
 * The shared strings part (§18.4), read as it streams into compact UTF-8 pages: string i is the text of the
 * i-th `<si>` — its `<t>`, or all its rich-text runs `<r><t>` joined — with phonetic guides (`<rPh>`) left out,
 * entities and `_xHHHH_` escapes decoded once, invalid UTF-8 replaced by U+FFFD (and the string marked repaired).
 * Cells then copy a string's bytes; no JS string is made per shared string.
 */
import { isUtf8 } from 'node:buffer';
import { Token, XmlScanner, nameBytes } from './xml-scanner.js';
import { decodeText, isPlain } from './xml-text.js';

const SI = nameBytes('si');
const T = nameBytes('t');
const RPH = nameBytes('rPh');
const PAGE_BYTES = 4 << 20;
/** A shared string of one plain `<t>` (text without markup). */
const PLAIN_SI = /(<si><t(?: xml:space="preserve")?>)[^<]*<\/t><\/si>/y;

function plainAt(x: XmlScanner): RegExpExecArray | null {
  PLAIN_SI.lastIndex = x.pos;
  return PLAIN_SI.exec(x.str);
}
/** `</t></si>` */
const SI_TAIL = 9;

/** The strings of a shared strings part; see the module comment. */
export class SharedStrings {
  /** Strings stored. */
  count = 0;
  private readonly pages: Buffer[] = [];
  private pageOf: Uint32Array<ArrayBuffer>;
  private startOf: Uint32Array<ArrayBuffer>;
  private endOf: Uint32Array<ArrayBuffer>;
  private readonly repairedIds = new Set<number>();
  private page: Buffer = Buffer.allocUnsafe(0);
  private used = 0;
  /** Bytes of the next page: the part's size at first (its text is never longer), then `PAGE_BYTES`. */
  private pageBytes: number;

  /** `partBytes`: the inflated size of the part, to size the first page and the index. */
  constructor(partBytes = PAGE_BYTES) {
    this.pageBytes = Math.min(PAGE_BYTES, partBytes + 16);
    const guess = Math.max(256, Math.min(1 << 20, Math.ceil(partBytes / 24)));
    this.pageOf = new Uint32Array(guess);
    this.startOf = new Uint32Array(guess);
    this.endOf = new Uint32Array(guess);
  }

  /** The page holding string `i` (check `i < count` first). */
  bytes(i: number): Buffer {
    return this.pages[this.pageOf[i]!]!;
  }

  /** Where string `i` starts in `bytes(i)`. */
  start(i: number): number {
    return this.startOf[i]!;
  }

  /** Where string `i` ends in `bytes(i)`. */
  end(i: number): number {
    return this.endOf[i]!;
  }

  /** Whether string `i` had invalid UTF-8 (or a lone surrogate) replaced by U+FFFD. */
  repaired(i: number): boolean {
    return this.repairedIds.size > 0 && this.repairedIds.has(i);
  }

  /** String `i` as a JS string (for header cells and messages). */
  text(i: number): string {
    return this.bytes(i).toString('utf8', this.start(i), this.end(i));
  }

  /** Where the next string's bytes begin (call before its first `append`). */
  begin(): number {
    if (this.used >= this.page.length) this.newPage(this.used, 0);
    return this.used;
  }

  /** Appends raw bytes to the string begun at `from`, moving it to a new page when this one is full. */
  append(from: number, source: Uint8Array, start: number, end: number): number {
    const n = end - start;
    if (this.used + n > this.page.length) from = this.newPage(from, n);
    const page = this.page;
    let at = this.used;
    if (n < 64) for (let i = start; i < end; i++) page[at++] = source[i]!;
    else page.set(source.subarray(start, end), at);
    this.used += n;
    return from;
  }

  /** Ends the string begun at `from`: decodes it when it needs decoding (`dirty`: it may hold bad UTF-8). */
  finish(from: number, dirty: boolean): void {
    let start = from;
    let end = this.used;
    if (!isPlain(this.page, start, end, true) || (dirty && !isUtf8(this.page.subarray(start, end)))) {
      const { text, repaired } = decodeText(this.page, start, end, true);
      if (repaired) this.repairedIds.add(this.count);
      const encoded = Buffer.from(text, 'utf8');
      this.used = start;
      start = this.append(start, encoded, 0, encoded.length);
      end = this.used;
    }
    this.push(start, end);
  }

  private push(start: number, end: number): void {
    if (this.count === this.startOf.length) {
      this.pageOf = grow(this.pageOf);
      this.startOf = grow(this.startOf);
      this.endOf = grow(this.endOf);
    }
    this.pageOf[this.count] = this.pages.length - 1;
    this.startOf[this.count] = start;
    this.endOf[this.count] = end;
    this.count++;
  }

  /** Starts a page with room for the string begun at `from` plus `more` bytes; returns its new start (0). */
  private newPage(from: number, more: number): number {
    const partial = this.used - from;
    const page = Buffer.allocUnsafe(Math.max(this.pageBytes, partial + more));
    this.pageBytes = PAGE_BYTES;
    this.page.copy(page, 0, from, this.used);
    this.pages.push(page);
    this.page = page;
    this.used = partial;
    return 0;
  }
}

function grow(a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Reads a shared strings part from its inflated chunks (`partBytes`: its inflated size, a hint for the first
 * page); throws XmlError on XML it cannot read.
 * @example
 * const sst = await readSharedStrings(zip.chunks(entry, budget));
 * sst.text(0) // → 'Customer ID'
 */
export async function readSharedStrings(chunks: AsyncIterable<Buffer>, partBytes?: number): Promise<SharedStrings> {
  const strings = new SharedStrings(partBytes);
  const x = new XmlScanner();
  let inSi = false;
  let inT = false;
  let phonetic = 0;
  let from = 0;
  let dirty = false;
  const scan = (): void => {
    for (;;) {
      if (!inSi) {
        // the common `<si><t>text</t></si>` in one step (one sticky regular expression)
        for (let m = plainAt(x); m !== null; m = plainAt(x)) {
          const start = x.pos + m[1]!.length;
          const end = PLAIN_SI.lastIndex - SI_TAIL;
          strings.finish(strings.append(strings.begin(), x.buf, start, end), x.dirty);
          x.skipTo(PLAIN_SI.lastIndex);
        }
      }
      const token = x.next();
      if (token === Token.Need) return;
      if (token === Token.Text) {
        if (inT) {
          from = strings.append(from, x.textBuf, x.textStart, x.textEnd);
          if (x.dirty) dirty = true;
        }
      } else if (token === Token.Open) {
        if (x.is(SI)) {
          from = strings.begin();
          dirty = false;
          if (x.selfClosing) strings.finish(from, false);
          else inSi = true;
        } else if (inSi && x.is(T)) inT = !x.selfClosing && phonetic === 0;
        else if (inSi && x.is(RPH) && !x.selfClosing) phonetic++;
      } else if (x.is(T)) inT = false;
      else if (x.is(RPH)) phonetic--;
      else if (x.is(SI)) {
        strings.finish(from, dirty);
        inSi = false;
        inT = false;
        phonetic = 0;
      }
    }
  };
  for await (const chunk of chunks) {
    x.feed(chunk);
    scan();
  }
  x.end();
  return strings;
}

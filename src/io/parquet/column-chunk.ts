/**
 * One column chunk of one row group: optional DICTIONARY_PAGE, then DataPage v1 pages of about PAGE_BYTES
 * each, encoded straight from the Arrow buffers, plus the chunk's statistics and sizes for the footer.
 */
import { ByteSink } from './byte-sink.js';
import type { ByteArrays, ColumnSource } from './column-source.js';
import { DictionaryCompactor, type LocalDictionary } from './dictionary.js';
import { Encoding, PhysicalType, type Codec } from './format.js';
import { bitWidthFor, writeHybrid } from './hybrid.js';
import { definitionLevels, writeAllValidLevelBlock, writeLevelBlock } from './levels.js';
import { PageWriter, type PageSize } from './pages.js';
import { FixedPlainWriter, writeByteArraysPlain } from './plain.js';
import { byteArrayMinMax, fixedMinMax, type MinMax } from './statistics.js';
import { Utf8DictionaryBuilder } from './utf8-dictionary.js';

/** Target size of one page's encoded values before compression. */
export const PAGE_BYTES = 1 << 20;

/** What the footer records about a written column chunk. */
export interface ChunkMeta {
  readonly physicalType: number;
  readonly encodings: readonly number[];
  readonly numValues: number;
  readonly uncompressedSize: number;
  readonly compressedSize: number;
  /** File offsets of the chunk's first data page and of its dictionary page (null when it has none). */
  readonly dataPageOffset: number;
  readonly dictionaryPageOffset: number | null;
  readonly nullCount: number;
  readonly minMax: MinMax | null;
}

/**
 * The buffers one file writer encodes its column chunks with: the page body, definition levels, row indexes and
 * the page, PLAIN and dictionary encoders' own scratch. Each file writer has its own, so two writers (two
 * streams written at once) never share a buffer.
 */
export class ChunkEncoder {
  readonly body = new ByteSink(1 << 16);
  levels = new Int32Array(1 << 10);
  rowIndexes = new Int32Array(1 << 10);
  readonly pages: PageWriter;
  readonly plain = new FixedPlainWriter();
  readonly utf8 = new Utf8DictionaryBuilder();

  constructor(codec: Codec) {
    this.pages = new PageWriter(codec);
  }

  /** Grows the per-row buffers to hold `rows` rows. */
  reserve(rows: number): void {
    if (this.levels.length < rows) this.levels = new Int32Array(rows);
    if (this.rowIndexes.length < rows) this.rowIndexes = new Int32Array(rows);
  }
}

/** Writes row ranges of one column (one Arrow batch's data) as column chunks, with its file writer's encoder. */
export class ColumnChunkWriter {
  private readonly compactor: DictionaryCompactor | null;

  constructor(
    private readonly source: ColumnSource,
    private readonly encoder: ChunkEncoder,
  ) {
    this.compactor = source.values.kind === 'dict' ? new DictionaryCompactor(source.values.size) : null;
  }

  /** Appends the chunk of rows `[start, end)` to `chunk`, whose byte 0 sits at file offset `base`. */
  write(chunk: ByteSink, start: number, end: number, base: number): ChunkMeta {
    const rows = end - start;
    const encoder = this.encoder;
    encoder.reserve(rows);
    const { body, pages } = encoder;
    const { values, validity, bitOffset } = this.source;
    if (values.kind === 'dict') {
      const local = this.compactor!.compact(values.codes, start, end, validity, bitOffset);
      return this.writeDictionaryChunk(chunk, start, end, base, local, values.dictionary);
    }
    if (values.kind === 'utf8') {
      const local = encoder.utf8.build(values.strings, start, end, validity, bitOffset);
      if (local !== null) return this.writeDictionaryChunk(chunk, start, end, base, local, values.strings);
    }
    const physicalType =
      values.kind === 'utf8' ? PhysicalType.BYTE_ARRAY : values.width === 1 ? PhysicalType.INT32 : PhysicalType.INT64;
    const dataPageOffset = base + chunk.length;
    const totals = { uncompressed: 0, compressed: 0, nulls: 0 };
    for (let pageStart = start; pageStart < end;) {
      const pageEnd = this.plainPageEnd(pageStart, end);
      const pageLevels = this.beginPage(pageStart, pageEnd, totals);
      if (values.kind === 'fixed') {
        encoder.plain.write(body, values.words, values.stride, values.width, pageStart, pageEnd, pageLevels);
      } else {
        if (pageLevels === null) writeByteArraysPlain(body, values.strings, null, pageStart, pageEnd - pageStart);
        else {
          const count = this.validRows(pageStart, pageEnd, pageLevels);
          writeByteArraysPlain(body, values.strings, encoder.rowIndexes, 0, count);
        }
      }
      add(totals, pages.writeDataPage(chunk, body.view(), pageEnd - pageStart, Encoding.PLAIN));
      pageStart = pageEnd;
    }
    // mostly-distinct text (it fell back to PLAIN) gets no min/max: comparing every value costs more than it serves
    const minMax =
      values.kind === 'fixed'
        ? fixedMinMax(values.words, values.stride, values.width, start, end, validity, bitOffset)
        : null;
    return this.meta(physicalType, [Encoding.PLAIN], rows, totals, dataPageOffset, null, minMax);
  }

  /** Writes a chunk as a DICTIONARY_PAGE (`strings[local.used[l]]`) plus RLE_DICTIONARY pages of `local.codes`. */
  private writeDictionaryChunk(
    chunk: ByteSink,
    start: number,
    end: number,
    base: number,
    local: LocalDictionary,
    strings: ByteArrays,
  ): ChunkMeta {
    const { body, pages } = this.encoder;
    const totals = { uncompressed: 0, compressed: 0, nulls: 0 };
    let dataPageOffset = base + chunk.length;
    if (local.usedCount === 0) {
      // every row is null: pages of definition levels only, no dictionary to point into
      for (let pageStart = start; pageStart < end;) {
        const pageEnd = Math.min(end, pageStart + PAGE_BYTES);
        this.beginPage(pageStart, pageEnd, totals);
        add(totals, pages.writeDataPage(chunk, body.view(), pageEnd - pageStart, Encoding.PLAIN));
        pageStart = pageEnd;
      }
      return this.meta(PhysicalType.BYTE_ARRAY, [Encoding.PLAIN], end - start, totals, dataPageOffset, null, null);
    }
    const dictionaryPageOffset = dataPageOffset;
    body.reset();
    writeByteArraysPlain(body, strings, local.used, 0, local.usedCount);
    add(totals, pages.writeDictionaryPage(chunk, body.view(), local.usedCount));
    dataPageOffset = base + chunk.length;
    const bitWidth = bitWidthFor(local.usedCount - 1);
    const rowsPerPage = Math.max(8, Math.floor((PAGE_BYTES * 8) / bitWidth));
    let codeAt = 0;
    for (let pageStart = start; pageStart < end;) {
      const pageEnd = Math.min(end, pageStart + rowsPerPage);
      const nullsBefore = totals.nulls;
      this.beginPage(pageStart, pageEnd, totals);
      const count = pageEnd - pageStart - (totals.nulls - nullsBefore);
      body.u8(bitWidth);
      writeHybrid(body, local.codes.subarray(codeAt, codeAt + count), count, bitWidth);
      codeAt += count;
      add(totals, pages.writeDataPage(chunk, body.view(), pageEnd - pageStart, Encoding.RLE_DICTIONARY));
      pageStart = pageEnd;
    }
    const minMax = byteArrayMinMax(strings, local.used, 0, local.usedCount);
    return this.meta(
      PhysicalType.BYTE_ARRAY,
      [Encoding.PLAIN, Encoding.RLE_DICTIONARY],
      end - start,
      totals,
      dataPageOffset,
      dictionaryPageOffset,
      minMax,
    );
  }

  /** Resets the page body and writes its definition levels; returns them (null for a column with no nulls). */
  private beginPage(pageStart: number, pageEnd: number, totals: { nulls: number }): Int32Array | null {
    const { body, levels } = this.encoder;
    body.reset();
    if (!this.source.optional) return null;
    const count = pageEnd - pageStart;
    if (this.source.validity === null) {
      writeAllValidLevelBlock(body, count);
      return null;
    }
    totals.nulls += definitionLevels(this.source.validity, this.source.bitOffset, pageStart, count, levels);
    writeLevelBlock(body, levels, count);
    return levels;
  }

  /** Fills `rowIndexes` with the non-null rows of `[start, end)` given their levels; returns how many. */
  private validRows(start: number, end: number, rowLevels: Int32Array | null): number {
    const rowIndexes = this.encoder.rowIndexes;
    let n = 0;
    for (let i = start; i < end; i++) if (rowLevels === null || rowLevels[i - start] === 1) rowIndexes[n++] = i;
    return n;
  }

  /** Where a PLAIN page starting at `pageStart` ends: after about PAGE_BYTES of values. */
  private plainPageEnd(pageStart: number, end: number): number {
    const { values } = this.source;
    if (values.kind === 'fixed') return Math.min(end, pageStart + Math.floor(PAGE_BYTES / (4 * values.width)));
    if (values.kind !== 'utf8') return end;
    const { offsets } = values.strings;
    // null slots hold no bytes in Arrow, so counting every row only errs towards smaller pages
    let bytes = 0;
    let i = pageStart;
    while (i < end && bytes < PAGE_BYTES) {
      bytes += 4 + offsets[i + 1]! - offsets[i]!;
      i++;
    }
    return i;
  }

  private meta(
    physicalType: number,
    valueEncodings: number[],
    numValues: number,
    totals: { uncompressed: number; compressed: number; nulls: number },
    dataPageOffset: number,
    dictionaryPageOffset: number | null,
    minMax: MinMax | null,
  ): ChunkMeta {
    const encodings = this.source.optional ? [...valueEncodings, Encoding.RLE].sort((a, b) => a - b) : valueEncodings;
    return {
      physicalType,
      encodings,
      numValues,
      uncompressedSize: totals.uncompressed,
      compressedSize: totals.compressed,
      dataPageOffset,
      dictionaryPageOffset,
      nullCount: totals.nulls,
      minMax,
    };
  }
}

function add(totals: { uncompressed: number; compressed: number }, page: PageSize): void {
  totals.uncompressed += page.uncompressed;
  totals.compressed += page.compressed;
}

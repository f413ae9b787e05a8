/**
 * Page framing: compresses a finished page body and appends its Thrift PageHeader and bytes to the column
 * chunk (DataPage v1 and DICTIONARY_PAGE, the kinds every reader takes).
 */
import { ByteSink } from './byte-sink.js';
import { CompressionCodec, Encoding, PageType, type Codec } from './format.js';
import { SnappyCompressor } from './snappy.js';
import { CompactWriter } from './thrift.js';

/** Bytes a page added to its chunk: with the header, before and after compression. */
export interface PageSize {
  readonly uncompressed: number;
  readonly compressed: number;
}

/** Frames pages in one codec, with its own compression buffer (one per file writer, never shared). */
export class PageWriter {
  private readonly compressed = new ByteSink(1 << 16);
  private readonly snappy = new SnappyCompressor();

  constructor(readonly codec: Codec) {}

  /** Appends a DataPage v1 of `numValues` rows (nulls included) whose levels and values are `body`. */
  writeDataPage(chunk: ByteSink, body: Uint8Array, numValues: number, encoding: number): PageSize {
    return this.writePage(chunk, body, PageType.DATA_PAGE, (w) => {
      w.struct(5, () => {
        w.i32(1, numValues);
        w.i32(2, encoding);
        w.i32(3, Encoding.RLE);
        w.i32(4, Encoding.RLE);
      });
    });
  }

  /** Appends a DICTIONARY_PAGE of `numValues` PLAIN entries held in `body`. */
  writeDictionaryPage(chunk: ByteSink, body: Uint8Array, numValues: number): PageSize {
    return this.writePage(chunk, body, PageType.DICTIONARY_PAGE, (w) => {
      w.struct(7, () => {
        w.i32(1, numValues);
        w.i32(2, Encoding.PLAIN);
      });
    });
  }

  private writePage(chunk: ByteSink, body: Uint8Array, type: number, pageHeader: (w: CompactWriter) => void): PageSize {
    let stored = body;
    if (this.codec === 'SNAPPY') {
      this.snappy.compressInto(this.compressed, body);
      stored = this.compressed.view();
    }
    const headerStart = chunk.length;
    const w = new CompactWriter(chunk);
    w.structValue(() => {
      w.i32(1, type);
      w.i32(2, body.length);
      w.i32(3, stored.length);
      pageHeader(w);
    });
    const header = chunk.length - headerStart;
    chunk.append(stored);
    return { uncompressed: header + body.length, compressed: header + stored.length };
  }
}

/** The codec's number in ColumnMetaData. */
export function codecNumber(codec: Codec): number {
  return CompressionCodec[codec];
}

/**
 * Page framing: compresses a finished page body and appends its Thrift PageHeader and bytes to the column
 * chunk (DataPage v1 and DICTIONARY_PAGE, the kinds every reader takes).
 */
import { ByteSink } from './byte-sink.js';
import { CompressionCodec, Encoding, PageType, type Codec } from './format.js';
import { snappyCompressInto } from './snappy.js';
import { CompactWriter } from './thrift.js';

/** Reused compression output (page framing is synchronous). */
const compressed = new ByteSink(1 << 20);

/** Bytes a page added to its chunk: with the header, before and after compression. */
export interface PageSize {
  readonly uncompressed: number;
  readonly compressed: number;
}

/** Appends a DataPage v1 of `numValues` rows (nulls included) whose levels and values are `body`. */
export function writeDataPage(
  chunk: ByteSink,
  body: Uint8Array,
  numValues: number,
  encoding: number,
  codec: Codec,
): PageSize {
  return writePage(chunk, body, codec, PageType.DATA_PAGE, (w) => {
    w.struct(5, () => {
      w.i32(1, numValues);
      w.i32(2, encoding);
      w.i32(3, Encoding.RLE);
      w.i32(4, Encoding.RLE);
    });
  });
}

/** Appends a DICTIONARY_PAGE of `numValues` PLAIN entries held in `body`. */
export function writeDictionaryPage(chunk: ByteSink, body: Uint8Array, numValues: number, codec: Codec): PageSize {
  return writePage(chunk, body, codec, PageType.DICTIONARY_PAGE, (w) => {
    w.struct(7, () => {
      w.i32(1, numValues);
      w.i32(2, Encoding.PLAIN);
    });
  });
}

function writePage(
  chunk: ByteSink,
  body: Uint8Array,
  codec: Codec,
  type: number,
  pageHeader: (w: CompactWriter) => void,
): PageSize {
  let stored = body;
  if (codec === 'SNAPPY') {
    snappyCompressInto(compressed, body);
    stored = compressed.view();
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

/** The codec's number in ColumnMetaData. */
export function codecNumber(codec: Codec): number {
  return CompressionCodec[codec];
}

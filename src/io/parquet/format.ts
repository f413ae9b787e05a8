/** Parquet format enum values (parquet.thrift) for the subset ecomflow writes. */

/** Physical types. */
export const PhysicalType = { INT32: 1, INT64: 2, BYTE_ARRAY: 6 } as const;

/** Value and level encodings. */
export const Encoding = { PLAIN: 0, RLE: 3, RLE_DICTIONARY: 8 } as const;

/** Page kinds. */
export const PageType = { DATA_PAGE: 0, DICTIONARY_PAGE: 2 } as const;

/** Compression codecs ecomflow can write. */
export const CompressionCodec = { UNCOMPRESSED: 0, SNAPPY: 1 } as const;

/** A codec name, as written in the options and shown by readers. */
export type Codec = keyof typeof CompressionCodec;

/** Schema repetition. */
export const Repetition = { REQUIRED: 0, OPTIONAL: 1 } as const;

/** Legacy converted types. */
export const ConvertedType = { UTF8: 0, DECIMAL: 5, DATE: 6 } as const;

/** The file's first and last four bytes. */
export const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]);

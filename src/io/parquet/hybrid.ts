/**
 * The RLE / bit-packing hybrid encoding Parquet uses for definition levels and dictionary codes:
 * runs of 8+ equal values become RLE runs, everything else is bit-packed in groups of 8, LSB first.
 */
import type { ByteSink } from './byte-sink.js';

/** A run must repeat at least this often to be written as RLE rather than bit-packed. */
const MIN_RLE_RUN = 8;

/**
 * Appends `values[0, count)` as hybrid runs of `bitWidth` bits each (no length prefix, no bit-width byte).
 * @example
 * writeHybrid(sink, new Int32Array(8).fill(1), 8, 1); // one RLE run: bytes 0x10 0x01
 */
export function writeHybrid(out: ByteSink, values: Int32Array, count: number, bitWidth: number): void {
  let i = 0;
  let literalStart = 0;
  while (i < count) {
    const v = values[i]!;
    let j = i + 1;
    while (j < count && values[j] === v) j++;
    let run = j - i;
    if (run < MIN_RLE_RUN) {
      i = j;
      continue;
    }
    const pending = i - literalStart;
    if (pending > 0) {
      // a bit-packed run holds a multiple of 8 values: lend the first few repeats to it
      const pad = (8 - (pending & 7)) & 7;
      if (run - pad < MIN_RLE_RUN) {
        i = j;
        continue;
      }
      writeBitPacked(out, values, literalStart, i + pad, bitWidth);
      run -= pad;
    }
    writeRle(out, v, run, bitWidth);
    i = j;
    literalStart = j;
  }
  if (literalStart < count) writeBitPacked(out, values, literalStart, count, bitWidth);
}

/** The bit width that holds every value in `[0, maxValue]`, at least 1 (some readers reject width 0). */
export function bitWidthFor(maxValue: number): number {
  let width = 1;
  while (width < 32 && maxValue >= 2 ** width) width++;
  return width;
}

function writeRle(out: ByteSink, value: number, run: number, bitWidth: number): void {
  out.varint(run * 2);
  for (let b = 0; b < bitWidth; b += 8) out.u8((value >>> b) & 0xff);
}

/** Bit-packs `values[start, end)`, zero-padded to a multiple of 8 values (only ever at the very end). */
function writeBitPacked(out: ByteSink, values: Int32Array, start: number, end: number, bitWidth: number): void {
  const groups = Math.ceil((end - start) / 8);
  out.varint(groups * 2 + 1);
  out.ensure(groups * bitWidth);
  const buf = out.bytes;
  let p = out.length;
  let acc = 0;
  let bits = 0;
  const wide = bitWidth > 24;
  const highWidth = bitWidth - 16;
  const stop = start + groups * 8;
  for (let k = start; k < stop; k++) {
    const v = k < end ? values[k]! : 0;
    if (wide) {
      // keep the accumulator within 31 bits: low 16 bits first, then the rest (the same bit stream)
      acc |= (v & 0xffff) << bits;
      bits += 16;
      while (bits >= 8) {
        buf[p++] = acc & 0xff;
        acc >>>= 8;
        bits -= 8;
      }
      acc |= (v >>> 16) << bits;
      bits += highWidth;
    } else {
      acc |= v << bits;
      bits += bitWidth;
    }
    while (bits >= 8) {
      buf[p++] = acc & 0xff;
      acc >>>= 8;
      bits -= 8;
    }
  }
  out.length = p;
}

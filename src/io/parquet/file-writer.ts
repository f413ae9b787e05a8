/**
 * File assembly: `PAR1`, then each row group's column chunks written to the file handle as soon as the row
 * group is encoded (memory stays bounded by one row group), then the footer.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Table } from 'apache-arrow';
import type { SchemaElement } from 'hyparquet';
import { ByteSink } from './byte-sink.js';
import { ColumnChunkWriter, type ChunkMeta } from './column-chunk.js';
import { columnSource } from './column-source.js';
import { writeFooter, type RowGroupMeta } from './footer.js';
import { MAGIC, type Codec } from './format.js';

/** Row-group buffers kept between writes (one per concurrent write), so a big buffer is allocated once. */
const idleSinks: ByteSink[] = [];

/** How the table is cut and compressed. */
export interface FileOptions {
  readonly rowGroupSize: number;
  readonly codec: Codec;
  readonly createdBy: string;
}

/**
 * Writes `table` as a complete Parquet file to `handle` (from its current position), with `schema` (root
 * first) describing its columns. Row groups never span record batches.
 */
export async function writeTableTo(handle: FileHandle, table: Table, schema: readonly SchemaElement[], options: FileOptions): Promise<void> {
  const fields = table.schema.fields;
  // check and view every column of every batch before the first byte is written
  const batches = table.batches.map((batch) =>
    fields.map((field, j) => new ColumnChunkWriter(columnSource(field, batch.data.children[j]!), options.codec)),
  );
  const sink = idleSinks.pop() ?? new ByteSink(1 << 22);
  sink.reset();
  try {
    await writeRowGroups(handle, table, schema, options, batches, sink);
  } finally {
    idleSinks.push(sink);
  }
}

async function writeRowGroups(
  handle: FileHandle,
  table: Table,
  schema: readonly SchemaElement[],
  options: FileOptions,
  batches: ColumnChunkWriter[][],
  sink: ByteSink,
): Promise<void> {
  const rowGroups: RowGroupMeta[] = [];
  let fileOffset = 0;
  const flush = async (): Promise<void> => {
    await writeAll(handle, sink.view());
    fileOffset += sink.length;
    sink.reset();
  };
  sink.append(MAGIC);
  await flush();
  for (let b = 0; b < batches.length; b++) {
    const writers = batches[b]!;
    const rows = table.batches[b]!.numRows;
    for (let start = 0; start < rows; start += options.rowGroupSize) {
      const end = Math.min(rows, start + options.rowGroupSize);
      const columns: ChunkMeta[] = writers.map((writer) => writer.write(sink, start, end, fileOffset));
      rowGroups.push({ fileOffset, numRows: end - start, columns });
      await flush();
    }
  }
  writeFooter(sink, { schema, numRows: table.numRows, rowGroups, codec: options.codec, createdBy: options.createdBy });
  await flush();
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
    written += bytesWritten;
  }
}

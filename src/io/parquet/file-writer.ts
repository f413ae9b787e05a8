/**
 * File assembly: `PAR1`, then each row group's column chunks written to the file handle as soon as the row
 * group is encoded (memory stays bounded by one row group), then the footer. Tables may be appended one after
 * another (a file written as a stream of batches); each record batch starts new row groups.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Table } from 'apache-arrow';
import type { SchemaElement } from 'hyparquet';
import { ByteSink } from './byte-sink.js';
import { ChunkEncoder, ColumnChunkWriter, type ChunkMeta } from './column-chunk.js';
import { columnSource } from './column-source.js';
import { writeFooter, type RowGroupMeta } from './footer.js';
import { MAGIC, type Codec } from './format.js';

/** How the table is cut and compressed. */
export interface FileOptions {
  readonly rowGroupSize: number;
  readonly codec: Codec;
  readonly createdBy: string;
}

/**
 * Writes a Parquet file to an open handle as a sequence of tables; `finish` writes the footer. Every buffer it
 * encodes with is its own (the row group sink, page bodies, compression and dictionary scratch), so writers
 * running at once never share one.
 */
export class ParquetFileWriter {
  private readonly rowGroups: RowGroupMeta[] = [];
  private readonly encoder: ChunkEncoder;
  /** One row group's encoded column chunks, flushed to the file after each row group. */
  private readonly sink = new ByteSink(1 << 16); // grows to a row group's size; small tables stay small
  private fileOffset = 0;
  private numRows = 0;
  private started = false;

  constructor(
    private readonly handle: FileHandle,
    private readonly schema: readonly SchemaElement[],
    private readonly options: FileOptions,
  ) {
    this.encoder = new ChunkEncoder(options.codec);
  }

  /** Appends the rows of `table` (its columns in schema order) as new row groups; one append at a time. */
  async append(table: Table): Promise<void> {
    const fields = table.schema.fields;
    // check and view every column of every batch before the first byte is written
    let firstRow = this.numRows;
    const batches = table.batches.map((batch) => {
      const writers = fields.map(
        (field, j) => new ColumnChunkWriter(columnSource(field, batch.data.children[j]!, firstRow), this.encoder),
      );
      firstRow += batch.numRows;
      return writers;
    });
    const sink = this.sink;
    sink.reset();
    if (!this.started) {
      sink.append(MAGIC);
      await this.flush();
      this.started = true;
    }
    for (let b = 0; b < batches.length; b++) {
      const writers = batches[b]!;
      const rows = table.batches[b]!.numRows;
      for (let start = 0; start < rows; start += this.options.rowGroupSize) {
        const end = Math.min(rows, start + this.options.rowGroupSize);
        const columns: ChunkMeta[] = writers.map((writer) => writer.write(sink, start, end, this.fileOffset));
        this.rowGroups.push({ fileOffset: this.fileOffset, numRows: end - start, columns });
        await this.flush();
      }
    }
    this.numRows += table.numRows;
  }

  /** Writes the footer (and the header, when no table was appended). */
  async finish(): Promise<void> {
    const sink = this.sink;
    sink.reset();
    if (!this.started) sink.append(MAGIC);
    this.started = true;
    writeFooter(sink, {
      schema: this.schema,
      numRows: this.numRows,
      rowGroups: this.rowGroups,
      codec: this.options.codec,
      createdBy: this.options.createdBy,
    });
    await this.flush();
  }

  /** Writes the sink's bytes to the file and empties it. */
  private async flush(): Promise<void> {
    await writeAll(this.handle, this.sink.view());
    this.fileOffset += this.sink.length;
    this.sink.reset();
  }
}

/**
 * Writes `table` as a complete Parquet file to `handle` (from its current position), with `schema` (root
 * first) describing its columns. Row groups never span record batches.
 */
export async function writeTableTo(
  handle: FileHandle,
  table: Table,
  schema: readonly SchemaElement[],
  options: FileOptions,
): Promise<void> {
  const writer = new ParquetFileWriter(handle, schema, options);
  await writer.append(table);
  await writer.finish();
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
    written += bytesWritten;
  }
}

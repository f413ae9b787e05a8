/**
 * The raw table of a source read in batches, written to one Parquet file as the batches come. The file's
 * columns are the first batch's: a column that first appears later cannot join it (`json.late_column`).
 */
import type { Table } from 'apache-arrow';
import { InputError, SchemaError } from '../../errors.js';
import { openParquetStream, type ParquetStream } from './write-parquet.js';

/** Appends raw batches of `sourceFile` to the Parquet file `file`. */
export class RawBatchWriter {
  private out: ParquetStream | null = null;
  private rows = 0;

  constructor(
    private readonly file: string,
    private readonly sourceFile: string,
  ) {}

  /** Appends one batch (the first one fixes the file's columns). */
  async append(batch: Table): Promise<void> {
    this.out ??= await openParquetStream(this.file, batch);
    await this.out.append(batch).catch((error: unknown) => {
      // only a batch whose columns differ is the source's fault; a write that fails (a full disk…) is not
      if (!(error instanceof SchemaError && error.rule === 'parquet.stream_schema')) throw error;
      throw new InputError(
        'json.late_column',
        `${(error as Error).message}: a column first seen after the first ${this.rows} lines ` +
          'cannot join a file written in batches',
        { file: this.sourceFile },
      );
    });
    this.rows += batch.numRows;
  }

  /** Finishes the file; `columns` (an empty table of the source's columns) shapes it when no batch came. */
  async close(columns: Table): Promise<void> {
    if (this.out === null) await this.append(columns);
    await this.out!.close();
  }

  /** Removes the unfinished file. */
  async abort(): Promise<void> {
    await this.out?.abort();
  }
}

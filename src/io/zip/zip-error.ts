/** The one error the zip module throws: what is wrong with the archive, for the reader to name its file. */

/** `damaged`: truncated, corrupt, CRC mismatch; `unsafe`: an entry name that points outside the archive. */
export type ZipFault = 'damaged' | 'unsafe';

/** A zip archive that cannot be read as it is; `message` says what is wrong, without the file name. */
export class ZipError extends Error {
  constructor(
    readonly fault: ZipFault,
    message: string,
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

/**
 * Per-row-group dictionaries: the codes of one row group renumbered to the dictionary entries it uses,
 * in first-use order, so each column chunk's DICTIONARY_PAGE holds only what its pages reference.
 */

/**
 * A row group's dictionary: `used[l]` is the Arrow code of local entry l; `codes` are the local codes of its
 * non-null rows.
 */
export interface LocalDictionary {
  readonly used: Int32Array;
  readonly usedCount: number;
  readonly codes: Int32Array;
  readonly codeCount: number;
}

/** Renumbers Arrow dictionary codes to compact per-row-group codes, reusing its buffers between row groups. */
export class DictionaryCompactor {
  private readonly localOf: Int32Array;
  private used = new Int32Array(1024);
  private codes = new Int32Array(1024);

  constructor(dictionarySize: number) {
    this.localOf = new Int32Array(dictionarySize).fill(-1);
  }

  /**
   * Local codes of rows `[start, end)` of `arrowCodes`, skipping rows whose validity bit (`bitOffset + row`)
   * is clear. The result's arrays are reused by the next call.
   */
  compact(
    arrowCodes: Int32Array,
    start: number,
    end: number,
    validity: Uint8Array | null,
    bitOffset: number,
  ): LocalDictionary {
    const rows = end - start;
    if (this.codes.length < rows) this.codes = new Int32Array(rows);
    if (this.used.length < Math.min(rows, this.localOf.length))
      this.used = new Int32Array(Math.min(rows, this.localOf.length));
    const { localOf, used, codes } = this;
    let usedCount = 0;
    let codeCount = 0;
    for (let i = start; i < end; i++) {
      if (validity !== null) {
        const pos = bitOffset + i;
        if (((validity[pos >> 3]! >> (pos & 7)) & 1) === 0) continue;
      }
      const code = arrowCodes[i]!;
      let local = localOf[code]!;
      if (!(local >= 0)) {
        // undefined (code outside the dictionary) lands here too
        if (code >>> 0 >= localOf.length)
          throw new RangeError(`dictionary code ${code} at row ${i} is outside the dictionary`);
        local = usedCount++;
        localOf[code] = local;
        used[local] = code;
      }
      codes[codeCount++] = local;
    }
    // forget this row group's numbering for the next one
    for (let l = 0; l < usedCount; l++) localOf[used[l]!] = -1;
    return { used, usedCount, codes, codeCount };
  }
}

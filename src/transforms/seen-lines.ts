/**
 * The order lines already kept, by row id, across the batches of one run: each id's source row and a 64-bit
 * hash of the line's text (to tell an exact duplicate from a conflicting line without keeping the line).
 * Ids in [0, 2^26) live in typed arrays indexed by id (8 bytes per id, 4 more for orders of several files, to
 * name the first line's file); others in a Map.
 */
const DENSE_LIMIT = 2 ** 26;

/** Lines kept by one step run, to be merged into the run's `SeenLines` by the caller. */
export interface SeenLineAdditions {
  readonly ids: readonly number[];
  readonly sourceRows: readonly number[];
  readonly hashA: readonly number[];
  readonly hashB: readonly number[];
  /** Orders of several files: each line's file (its index in the run's file list); absent means file 0. */
  readonly files?: readonly number[];
}

/** Row ids seen so far, with the first line's source row and text hash. */
export class SeenLines {
  private rows = new Int32Array(0); // source row + 1; 0 = unseen
  private hashA = new Int32Array(0);
  private hashB = new Int32Array(0);
  /** The file index of each id's line; allocated only once a line of a file other than the first is kept. */
  private files: Int32Array | null = null;
  private readonly sparse = new Map<number, readonly [number, number, number, number]>();

  /** The source row of the line first kept with `id`, or -1. */
  sourceRow(id: number): number {
    if (id >= 0 && id < DENSE_LIMIT && Number.isInteger(id)) return id < this.rows.length ? this.rows[id]! - 1 : -1;
    return this.sparse.get(id)?.[0] ?? -1;
  }

  /** The file (its index in the run's file list) of the line first kept with `id`; 0 for a single file. */
  fileOf(id: number): number {
    if (id >= 0 && id < DENSE_LIMIT && Number.isInteger(id)) return this.files?.[id] ?? 0;
    return this.sparse.get(id)?.[3] ?? 0;
  }

  /** Whether the line first kept with `id` has the text hash (a, b). */
  sameHash(id: number, a: number, b: number): boolean {
    if (id >= 0 && id < DENSE_LIMIT && Number.isInteger(id)) return this.hashA[id] === a && this.hashB[id] === b;
    const e = this.sparse.get(id);
    return e !== undefined && e[1] === a && e[2] === b;
  }

  /** Records the line kept with `id` (from file `file` of the run's file list). */
  add(id: number, sourceRow: number, a: number, b: number, file = 0): void {
    if (id >= 0 && id < DENSE_LIMIT && Number.isInteger(id)) {
      if (id >= this.rows.length) this.growTo(id + 1);
      this.rows[id] = sourceRow + 1;
      this.hashA[id] = a;
      this.hashB[id] = b;
      if (file !== 0 || this.files !== null) {
        this.files ??= new Int32Array(this.rows.length);
        this.files[id] = file;
      }
    } else {
      this.sparse.set(id, [sourceRow, a, b, file]);
    }
  }

  /** Records every line of `additions` (what a `dedupe_lines` step returned). */
  merge(additions: SeenLineAdditions): void {
    for (let k = 0; k < additions.ids.length; k++) {
      const file = additions.files?.[k] ?? 0;
      this.add(additions.ids[k]!, additions.sourceRows[k]!, additions.hashA[k]!, additions.hashB[k]!, file);
    }
  }

  private growTo(n: number): void {
    const size = Math.min(DENSE_LIMIT, Math.max(n, this.rows.length * 2, 1024));
    for (const key of ['rows', 'hashA', 'hashB'] as const) {
      const next = new Int32Array(size);
      next.set(this[key]);
      this[key] = next;
    }
    if (this.files !== null) {
      const next = new Int32Array(size);
      next.set(this.files);
      this.files = next;
    }
  }
}

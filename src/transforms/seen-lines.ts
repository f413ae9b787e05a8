/**
 * The order lines already kept, by row id, across the batches of one run: each id's source row and a 64-bit
 * hash of the line's text (to tell an exact duplicate from a conflicting line without keeping the line).
 * Ids in [base, base + 2^26) live in typed arrays indexed by id - base (12 bytes per id, 4 more for orders of
 * several files, to name the first line's file); others in a Map. The run's lines use base 0; one batch's lines
 * (`SeenLines.forIds`) start at the batch's least id, so its arrays span the batch's ids, not every id before it.
 */
const DENSE_LIMIT = 2 ** 26;

/** Lines kept by one step run, to be merged into the run's `SeenLines` by the caller. */
export interface SeenLineAdditions {
  readonly ids: ArrayLike<number>;
  readonly sourceRows: ArrayLike<number>;
  readonly hashA: ArrayLike<number>;
  readonly hashB: ArrayLike<number>;
  /** Orders of several files: each line's file (its index in the run's file list); absent means file 0. */
  readonly files?: ArrayLike<number>;
}

/** Row ids seen so far, with the first line's source row and text hash. */
export class SeenLines {
  private rows = new Int32Array(0); // source row + 1; 0 = unseen
  private hashA = new Int32Array(0);
  private hashB = new Int32Array(0);
  /** The file index of each id's line; allocated only once a line of a file other than the first is kept. */
  private files: Int32Array | null = null;
  private readonly sparse = new Map<number, readonly [number, number, number, number]>();

  /** Ids from `base` on are held densely; `size` ids are made room for at once. */
  constructor(
    private readonly base = 0,
    size = 0,
  ) {
    if (size > 0) this.growTo(Math.min(size, DENSE_LIMIT));
  }

  /**
   * An empty SeenLines sized for lines with these ids (one batch's row ids): dense from the least integer id
   * ≥ 0 to the largest, within 2^26 of each other.
   */
  static forIds(ids: ArrayLike<number>): SeenLines {
    let least = Infinity;
    let most = -Infinity;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id >= 0 && Number.isInteger(id)) {
        if (id < least) least = id;
        if (id > most) most = id;
      }
    }
    return least > most ? new SeenLines() : new SeenLines(least, Math.min(most - least + 1, DENSE_LIMIT));
  }

  /** The dense index of `id`, or -1 when it is kept in the Map. */
  private slot(id: number): number {
    const at = id - this.base;
    return at >= 0 && at < DENSE_LIMIT && Number.isInteger(at) ? at : -1;
  }

  /** The source row of the line first kept with `id`, or -1. */
  sourceRow(id: number): number {
    const at = this.slot(id);
    if (at >= 0) return at < this.rows.length ? this.rows[at]! - 1 : -1;
    return this.sparse.get(id)?.[0] ?? -1;
  }

  /** The file (its index in the run's file list) of the line first kept with `id`; 0 for a single file. */
  fileOf(id: number): number {
    const at = this.slot(id);
    if (at >= 0) return this.files?.[at] ?? 0;
    return this.sparse.get(id)?.[3] ?? 0;
  }

  /** Whether the line first kept with `id` has the text hash (a, b). */
  sameHash(id: number, a: number, b: number): boolean {
    const at = this.slot(id);
    if (at >= 0) return this.hashA[at] === a && this.hashB[at] === b;
    const e = this.sparse.get(id);
    return e !== undefined && e[1] === a && e[2] === b;
  }

  /** Records the line kept with `id` (from file `file` of the run's file list). */
  add(id: number, sourceRow: number, a: number, b: number, file = 0): void {
    const at = this.slot(id);
    if (at >= 0) {
      if (at >= this.rows.length) this.growTo(at + 1);
      this.rows[at] = sourceRow + 1;
      this.hashA[at] = a;
      this.hashB[at] = b;
      if (file !== 0 || this.files !== null) {
        this.files ??= new Int32Array(this.rows.length);
        this.files[at] = file;
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

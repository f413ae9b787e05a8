/** The shape of quality.json, which the pipeline writes and the report reads. */

/** How many values a cleaning rule changed (kept, but different) and nulled (made null). */
export interface FixCount {
  changed: number;
  nulled: number;
}

/** quality.json's entry for one source table: its trip from file to enriched. */
export interface TableQuality {
  readonly source_file: string;
  /** Source rows seen by the reader. */
  readonly rows_read: number;
  /** Rows in the raw table (every readable source row). */
  readonly rows_raw: number;
  /** Rows in the enriched table. */
  readonly rows_written: number;
  readonly rows_rejected: number;
  readonly rejected_by_reason: Readonly<Record<string, number>>;
  /** Fix counts by rule name, e.g. `{ "name.clean": { changed: 65, nulled: 0 } }`. */
  readonly fixes: Readonly<Record<string, FixCount>>;
  /** Further counts (e.g. order lines whose product is unknown). */
  readonly counts: Readonly<Record<string, number>>;
  /**
   * Orders of several files (a folder or a glob; `source_file` then names it as given): each file, in read order,
   * with the rows its reader saw. Absent for a source of one file.
   */
  readonly files?: readonly { readonly source_file: string; readonly rows_read: number }[];
}

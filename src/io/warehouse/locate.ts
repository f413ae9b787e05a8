/** Where a warehouse folder really is, and whether it carries the marker that makes it an ecomflow warehouse. */
import { realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WAREHOUSE_MARKER } from '../../schemas/warehouse-layout.js';

/** A warehouse folder found on disk. */
export interface LocatedWarehouse {
  /** The folder with every symlink followed. */
  readonly root: string;
  /** Whether `_ecomflow_warehouse.json` is in it. */
  readonly marked: boolean;
}

/**
 * The real path of the folder `warehouse` and whether it holds the marker; null when there is no such folder
 * (absent, a file, or a path that cannot be followed).
 * @example
 * await locateWarehouse('warehouse'); // { root: '/home/me/project/warehouse', marked: true }
 * await locateWarehouse('notes.txt'); // null
 */
export async function locateWarehouse(warehouse: string): Promise<LocatedWarehouse | null> {
  let root: string;
  try {
    root = await realpath(warehouse);
    if (!(await stat(root)).isDirectory()) return null;
  } catch {
    return null;
  }
  const marked = await stat(join(root, WAREHOUSE_MARKER)).then(
    () => true,
    () => false,
  );
  return { root, marked };
}

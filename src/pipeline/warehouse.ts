/**
 * The warehouse steps a run takes, by name: recover what a killed run left, check `--out` may be replaced, lock,
 * stage, then commit (swap) or discard. The file work, and the protocol that makes a kill at any point safe, is
 * io's: src/io/warehouse/replace.ts, recover.ts and marker.ts.
 */
export { WAREHOUSE_MARKER } from '../schemas/warehouse-layout.js';
export type { WarehouseMarker } from '../io/warehouse/marker.js';
export { recoverWarehouse, type Recovery } from '../io/warehouse/recover.js';
export {
  assertReplaceable,
  commitStaging,
  createStaging,
  discardStaging,
  lockWarehouse,
} from '../io/warehouse/replace.js';

/** The pure transforms: Table in, Table out; no I/O, no clock, no globals. */
export { applyRule, type CleanedColumn } from './apply-rule.js';
export { cleanCustomers, cleanKeyed } from './clean-customers.js';
export { cleanProducts } from './clean-products.js';
export type { Cleaned } from './cleaned.js';
export { firstRowPerKey, type KeyedRows } from './dedupe-keys.js';
export { enrichOrders, type EnrichedOrders } from './enrich-orders.js';
export { groupBy, type Aggregation } from './group-by.js';
export {
  aggregatesFromSummary,
  mergeProfitSummaries,
  partialProfitSummary,
  profitAggregates,
  type ProfitAggregates,
} from './profit-aggregates.js';
export { SeenLines } from './seen-lines.js';
export { lineHashes } from './line-hash.js';
export { addFix, countBy, type FixCount, type Fixes } from './quality.js';
export { REJECT_TEXT_CHARS, RejectsBuilder, cutMessage, type Reject } from './rejects-builder.js';
export { CodeRemap, DictionaryGather, textVector } from './build-columns.js';
export * from './rules/index.js';
export * from './values/index.js';

/** The named steps of the pipeline, each with its Arrow and Spark SQL forms side by side (see step.ts). */
export { STEP_NAMES, sqlIdent, sqlString, type SqlViews, type Step, type StepName, type StepOptions } from './step.js';
export { addOrderYear, orderYearColumn, orderYearStep } from './order-year.js';
export { lookUp, lookUpSql, type LookedUp, type LookupSpec } from './lookup.js';
export { customerLookup, lookupCustomer, lookupCustomerStep, type CustomerLookupInput } from './lookup-customer.js';
export { lookupProduct, lookupProductStep, productLookup, type ProductLookupInput } from './lookup-product.js';
export {
  aggregateKeys,
  profitByCategoryStep,
  profitByCustomerStep,
  profitBySubCategoryStep,
  profitByYearStep,
  profitSummaryStep,
  sumSummary,
  summariseProfit,
  type AggregateName,
  type SummaryLines,
  type SummedMap,
} from './aggregates.js';
export {
  lineColumnsOf,
  stageOrders,
  stageOrdersSql,
  stageOrdersStep,
  type ParsedCodes,
  type TrimmedCodes,
  type RawOrderLines,
  type StageSpec,
  type StagedOrders,
} from './stage-orders.js';
export {
  PROFIT_SCALE,
  fractionBeyond,
  profitRoundedSql,
  roundProfit,
  roundProfitSql,
  roundProfitStep,
  type RoundedProfits,
} from './round-profit.js';
export {
  dedupeLines,
  dedupeLinesSql,
  dedupeLinesStep,
  dedupedLineColumns,
  type DedupeSpec,
  type DedupedLinesTable,
  type DedupedLines,
} from './dedupe-lines.js';
export { dedupeCustomersStep, dedupeKeyedSql, dedupeProductsStep } from './dedupe-keyed.js';

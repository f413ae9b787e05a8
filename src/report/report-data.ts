/** What the report shows, read from one warehouse: plain rows whose money values are exact decimal text. */
import type { TableQuality } from '../schemas/quality-file.js';
import type { RunFacts } from './run-facts.js';

/** The three source tables. */
export type SourceTable = 'customers' | 'products' | 'orders';

/** Profit of one order year (null: lines without a year, if any). */
export interface YearProfit {
  readonly year: number | null;
  readonly profit: string;
  readonly lines: number;
}

/** Profit of one year and product category (category null: the product is unknown). */
export interface YearCategoryProfit {
  readonly year: number | null;
  readonly category: string | null;
  readonly profit: string;
}

/**
 * Why a customer has (or lacks) a name, kept apart because they mean different things to fix:
 * `named`; `unknown` (the id is not in the customer list); `no-name` (in the list, with an empty name cell);
 * `name-cleaned` (in the list, but cleaning left no letter of the name).
 */
export type CustomerStatus = 'named' | 'unknown' | 'no-name' | 'name-cleaned';

/** Profit of one customer (name null: see `status`). */
export interface CustomerProfit {
  readonly customerId: string | null;
  readonly customerName: string | null;
  readonly profit: string;
  readonly status: CustomerStatus;
}

/** Profit of one sub-category. */
export interface SubCategoryProfit {
  readonly category: string | null;
  readonly subCategory: string | null;
  readonly profit: string;
}

/** quality.json's entry for one source table. */
export type QualityTable = TableQuality;

/** One rejected source row, as rejects/<table>.parquet holds it. */
export interface RejectExample {
  readonly sourceRow: number;
  readonly key: string | null;
  readonly column: string | null;
  readonly value: string | null;
  readonly message: string;
}

/** The rejects of one table for one rule: how many, and the first few. */
export interface RejectGroup {
  readonly table: SourceTable;
  readonly rule: string;
  readonly count: number;
  readonly examples: readonly RejectExample[];
}

/** Order lines whose customer (or product) is not in the enriched table: how many lines, which ids. */
export interface UnknownKeys {
  readonly lines: number;
  readonly distinct: number;
  /** The ids with most lines first, at most a handful. */
  readonly examples: readonly { readonly id: string; readonly lines: number }[];
}

/** One fix: the source row, the raw value and the enriched value (null: the rule emptied it). */
export interface FixExample {
  readonly sourceRow: number;
  readonly before: string | null;
  readonly after: string | null;
}

/** The examples of one fix rule on one table (empty when the warehouse does not show the rule's effect). */
export interface FixExamples {
  readonly table: SourceTable;
  readonly rule: string;
  readonly examples: readonly FixExample[];
}

/** One table written to the warehouse and its row count. */
export interface TableCount {
  readonly name: string;
  readonly rows: number;
}

/** Everything the report needs from a warehouse. */
export interface ReportData {
  /** Exact total profit of enriched/orders (the sum of profit_by_year). */
  readonly totalProfit: string;
  readonly byYear: readonly YearProfit[];
  readonly byYearCategory: readonly YearCategoryProfit[];
  /** Every customer, most profitable first. */
  readonly byCustomer: readonly CustomerProfit[];
  /** Every sub-category, most profitable first. */
  readonly bySubCategory: readonly SubCategoryProfit[];
  readonly quality: Readonly<Record<SourceTable, QualityTable>>;
  readonly rejects: readonly RejectGroup[];
  /** Before → after examples of every fix counted in quality.json. */
  readonly fixExamples: readonly FixExamples[];
  /** Order lines whose customer is not in the customer list. */
  readonly unknownCustomers: UnknownKeys;
  /** Order lines whose customer is in the list but whose name cleaning emptied. */
  readonly nameCleanedCustomers: UnknownKeys;
  /** Order lines whose customer is in the list with an empty name cell. */
  readonly noNameCustomers: UnknownKeys;
  readonly unknownProducts: UnknownKeys;
  /** Rows of each aggregates/*.parquet table. */
  readonly aggregates: readonly TableCount[];
  /** Rows of each sql/*.csv answer; null when the warehouse has no sql/ folder. */
  readonly sqlAnswers: readonly TableCount[] | null;
  /** run.json; null when the run did not record it. */
  readonly run: RunFacts | null;
  /** The version of ecomflow building the report. */
  readonly version: string;
}

/** What the charts draw: the profit by year, by year and category, by customer and by sub-category. */
export type ChartData = Pick<ReportData, 'byYear' | 'byYearCategory' | 'byCustomer' | 'bySubCategory'>;

/** The report's data read from the warehouse's tables: all of it but the SQL answers' sizes, run.json and version. */
export type ReportTables = Omit<ReportData, 'sqlAnswers' | 'run' | 'version'>;

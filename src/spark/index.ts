/** The Spark Connect client: sessions, connection strings, and the typed error. */
export { connectSpark, SparkSession, type SparkSessionOptions, type TempViewOptions } from './session.js';
export {
  parseConnectionString,
  describeRemote,
  redact,
  DEFAULT_SPARK_CONNECT_PORT,
  type SparkRemote,
} from './connection-string.js';
export { SparkError, cleanServerMessage, type SparkErrorRule, type SparkErrorDetails } from './spark-error.js';
export { sqlString, sqlIdentifier } from './sql-text.js';
export { toProjectTable } from './project-table.js';

/**
 * A Spark Connect session: SQL queries and commands sent as ExecutePlan requests, results read as Arrow
 * batches, small client-side tables handed to Spark as local relations, server errors raised as SparkError,
 * and a clean close (ReleaseSession) that lets the process exit.
 */
import { randomUUID } from 'node:crypto';
import type { RecordBatch, Table } from 'apache-arrow';
import { parseConnectionString, type SparkRemote } from './connection-string.js';
import { joinResults, localRelationBytes, readArrowStream } from './arrow-ipc.js';
import type { Message } from './proto/messages.js';
import { SparkError } from './spark-error.js';
import { toSparkError } from './server-error.js';
import { DEFAULT_MAX_MESSAGE_BYTES, Transport, isServiceError } from './transport.js';

/** How to open a session. */
export interface SparkSessionOptions {
  /** Names the application in the client type the server logs (default `ecomflow`; `user_agent=` wins). */
  readonly userAgent?: string;
  /** Largest gRPC message sent or received, in bytes (default 128 MiB, as pyspark). */
  readonly maxMessageBytes?: number;
  /** How long `connectSpark` waits for the channel to connect (default 30 s). */
  readonly connectTimeoutMs?: number;
  /** Where `SPARK_CONNECT_AUTHENTICATE_TOKEN` is looked up (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Options of `createTempView`. */
export interface TempViewOptions {
  /** Replace a view of the same name (default true). */
  readonly replace?: boolean;
  /** A global temp view (`global_temp.<name>`), visible to other sessions of the server (default false). */
  readonly global?: boolean;
}

type Plan = Message<'spark.connect.Plan'>;
type Relation = Message<'spark.connect.Relation'>;
type Response = Message<'spark.connect.ExecutePlanResponse'>;

/**
 * Opens a session on a Spark Connect server and waits until it is reachable; throws SparkError
 * (`spark.unreachable`) when it is not, UsageError when the connection string is malformed.
 * @example
 * const spark = await connectSpark('sc://127.0.0.1:15002');
 * const t = await spark.sql('SELECT 1 AS one'); // Arrow table: one | 1
 * await spark.close();
 */
export async function connectSpark(
  remote: string | SparkRemote,
  options: SparkSessionOptions = {},
): Promise<SparkSession> {
  const parsed = typeof remote === 'string' ? parseConnectionString(remote, options.env ?? process.env) : remote;
  const session = new SparkSession(parsed, options);
  try {
    await session.transport.ready(options.connectTimeoutMs ?? 30_000);
  } catch (e) {
    session.transport.close();
    throw e;
  }
  return session;
}

/** One server-side Spark session, identified by a UUID; create it with `connectSpark`. */
export class SparkSession {
  /** The session's UUID (from `session_id=` or new). */
  readonly sessionId: string;
  /** @internal the gRPC channel. */
  readonly transport: Transport;
  private readonly userContext: Message<'spark.connect.UserContext'>;
  private readonly clientType: string;
  private serverSideSessionId: string | null = null;
  private closed = false;

  /** Use `connectSpark`, which also checks that the server is reachable. */
  constructor(
    readonly remote: SparkRemote,
    options: SparkSessionOptions = {},
  ) {
    this.sessionId = remote.sessionId ?? randomUUID();
    const agent = remote.userAgent ?? options.userAgent ?? 'ecomflow';
    this.clientType = `${agent} spark-connect-ts node/${process.versions.node} os/${process.platform}`;
    this.userContext = { user_id: remote.userId ?? '' };
    this.transport = new Transport(remote, options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES, agent);
  }

  /**
   * Runs a SQL query (sent as `Relation.sql`) and returns its rows as an Arrow table (Spark's types: Utf8,
   * Int32/Int64, Decimal128, Date32…; several record batches when the result is large).
   * @example
   * await spark.sql("SELECT try_cast('12.5' AS DECIMAL(18,2)) AS d"); // d: Decimal128(18, 2) = 12.50
   */
  async sql(query: string): Promise<Table> {
    return this.collect({ root: { sql: { query } } });
  }

  /** Runs a SQL query and yields its result batches as they arrive (for results too large to hold at once). */
  async *sqlBatches(query: string): AsyncGenerator<RecordBatch> {
    for await (const response of this.execute({ root: { sql: { query } } })) {
      const data = response.arrow_batch?.data;
      if (data !== undefined) yield* readArrowStream(data).batches;
    }
  }

  /**
   * Runs a SQL statement as a command (`Command.sql_command`): DDL and DML such as `CREATE TABLE … USING parquet
   * LOCATION …`, `INSERT`, `SET`, `CREATE TEMP VIEW`. Runs it eagerly and returns what it printed (e.g. the rows
   * of `SHOW TABLES`; often no rows). A query sent here is run too, as pyspark's `spark.sql` does.
   * @example
   * await spark.command("CREATE TABLE shop.orders USING parquet LOCATION '/lake/enriched/orders'");
   */
  async command(statement: string): Promise<Table> {
    const parts: Table[] = [];
    let relation: Relation | undefined;
    for await (const response of this.execute({ command: { sql_command: { input: { sql: { query: statement } } } } })) {
      if (response.sql_command_result !== undefined) relation = response.sql_command_result.relation;
      const data = response.arrow_batch?.data;
      if (data !== undefined) parts.push(readArrowStream(data));
    }
    const local = relation?.local_relation?.data;
    if (local !== undefined) parts.push(readArrowStream(local));
    else if (relation?.sql !== undefined) return this.collect({ root: { sql: relation.sql } });
    else if (relation?.local_relation === undefined && relation !== undefined) {
      throw new SparkError('spark.protocol', 'the server answered the command with a relation this client cannot read');
    }
    return joinResults(parts, null);
  }

  /**
   * Hands a client-side table (e.g. cleaned customers) to Spark as an Arrow local relation and registers it as
   * a temp view; dictionary text is sent as plain strings. Keep such tables small (well under the 128 MiB
   * message limit): large inputs belong in files Spark reads itself.
   * @example
   * await spark.createTempView('customers', customersTable);
   * await spark.sql('SELECT count(*) FROM customers');
   */
  async createTempView(name: string, table: Table, options: TempViewOptions = {}): Promise<void> {
    const input: Relation = { local_relation: { data: localRelationBytes(table) } };
    const view = { input, name, is_global: options.global ?? false, replace: options.replace ?? true };
    const responses = this.execute({ command: { create_dataframe_view: view } });
    while (!(await responses.next()).done) {
      // creating a view answers with nothing to read
    }
  }

  /**
   * Releases the server-side session (its temp views and state) and closes the channel, so the process can exit.
   * Safe to call twice; a server that is already gone does not make it fail.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.transport.unary('ReleaseSession', {
        session_id: this.sessionId,
        user_context: this.userContext,
        client_type: this.clientType,
      });
    } catch {
      // The session ends with the channel anyway; a server that went away has nothing left to release.
    } finally {
      this.transport.close();
    }
  }

  private async collect(plan: Plan): Promise<Table> {
    const parts: Table[] = [];
    for await (const response of this.execute(plan)) {
      const data = response.arrow_batch?.data;
      if (data !== undefined) parts.push(readArrowStream(data));
    }
    return joinResults(parts, null);
  }

  /** Sends one plan and yields the server's responses until the stream ends; errors become SparkError. */
  private async *execute(plan: Plan): AsyncGenerator<Response> {
    if (this.closed) throw new SparkError('spark.closed', 'the Spark session is closed');
    const request: Message<'spark.connect.ExecutePlanRequest'> = {
      session_id: this.sessionId,
      user_context: this.userContext,
      plan,
      client_type: this.clientType,
      operation_id: randomUUID(),
      ...(this.serverSideSessionId === null
        ? {}
        : { client_observed_server_side_session_id: this.serverSideSessionId }),
    };
    try {
      for await (const response of this.transport.executePlan(request)) {
        if (response.server_side_session_id) this.serverSideSessionId ??= response.server_side_session_id;
        yield response;
      }
    } catch (e) {
      if (isServiceError(e)) throw await toSparkError(e, this.transport, this.sessionId, this.userContext);
      throw e;
    }
  }
}

/** The client against a fake gRPC server: requests, metadata, results, stream end, errors, close. */
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterEach, describe, expect, it } from 'vitest';
import { connectSpark, parseConnectionString, SparkError, type SparkSession } from '../../src/spark/index.js';
import { tableRows } from '../../src/table/index.js';
import { startFakeServer, status, type FakeServer } from './fake-server.js';

let server: FakeServer | undefined;
let session: SparkSession | undefined;
afterEach(async () => {
  await session?.close();
  await server?.stop();
  session = undefined;
  server = undefined;
});

const batch = (columns: Record<string, number[] | string[]>): Uint8Array =>
  tableToIPC(tableFromArrays(columns), 'stream');

async function caught(p: Promise<unknown>): Promise<SparkError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SparkError) return e;
    throw e;
  }
  throw new Error('expected a SparkError');
}

describe('SparkSession (fake server)', () => {
  it('sends the session, user, client type and plan; joins the Arrow batches of the stream', async () => {
    server = await startFakeServer(() => ({
      responses: [
        { server_side_session_id: 'srv-1', arrow_batch: { row_count: 2n, data: batch({ x: [1, 2] }) } },
        { server_side_session_id: 'srv-1', execution_progress: undefined },
        { arrow_batch: { row_count: 1n, data: batch({ x: [3] }) } },
        { result_complete: {} },
      ],
    }));
    session = await connectSpark(`${server.remote}/;user_id=ana;x-databricks-cluster-id=0123-abc`);
    const t = await session.sql('SELECT x FROM t');
    expect(tableRows(t)).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
    const sent = server.requests[0]!;
    expect(sent.session_id).toBe(session.sessionId);
    expect(sent.session_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sent.user_context).toEqual({ user_id: 'ana' });
    expect(sent.client_type).toMatch(/^ecomflow spark-connect-ts node\//);
    expect(sent.plan).toEqual({ root: { sql: { query: 'SELECT x FROM t' } } });
    expect(sent.client_observed_server_side_session_id).toBeUndefined();
    expect(server.metadata[0]!.get('x-databricks-cluster-id')).toEqual(['0123-abc']);
    // the server-side session id seen in the first answer is echoed on the next request
    await session.sql('SELECT 1');
    expect(server.requests[1]!.client_observed_server_side_session_id).toBe('srv-1');
  });

  it('ends a result when the stream ends, with or without ResultComplete', async () => {
    server = await startFakeServer(() => ({
      responses: [{ arrow_batch: { row_count: 1n, data: batch({ y: ['a'] }) } }],
    }));
    session = await connectSpark(server.remote);
    expect(tableRows(await session.sql('q'))).toEqual([{ y: 'a' }]);
    server.script = () => ({ responses: [] });
    const empty = await session.sql('q');
    expect(empty.numRows).toBe(0);
  });

  it('sends a bearer token as authorization metadata', async () => {
    server = await startFakeServer(() => ({ responses: [] }));
    // a token normally implies TLS; the fake server is plaintext, so the parsed remote is adjusted by hand
    const remote = { ...parseConnectionString(`${server.remote}/;token=s3cret`), useSsl: false };
    session = await connectSpark(remote);
    await session.command('SET a=b');
    expect(server.metadata[0]!.get('authorization')).toEqual(['Bearer s3cret']);
    expect(server.requests[0]!.plan).toEqual({ command: { sql_command: { input: { sql: { query: 'SET a=b' } } } } });
  });

  it('returns a command result sent as a local relation', async () => {
    server = await startFakeServer(() => ({
      responses: [
        { sql_command_result: { relation: { local_relation: { data: batch({ key: ['k'], value: ['v'] }) } } } },
      ],
    }));
    session = await connectSpark(server.remote);
    expect(tableRows(await session.command('SET k'))).toEqual([{ key: 'k', value: 'v' }]);
  });

  it('maps the ErrorInfo and the fetched root error to a SparkError without the stack trace', async () => {
    server = await startFakeServer(() => ({
      responses: [],
      error: {
        code: status.INTERNAL,
        message: '[DIVIDE_BY_ZERO] Division by zero (truncated…',
        info: {
          errorClass: 'DIVIDE_BY_ZERO',
          sqlState: '22012',
          errorId: 'e-1',
          classes: '["org.apache.spark.SparkArithmeticException"]',
        },
        fetched: {
          root_error_idx: 0,
          errors: [
            {
              message: '[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012\n\tat org.apache.spark.X.y(X.scala:1)',
              error_type_hierarchy: ['org.apache.spark.SparkArithmeticException', 'java.lang.ArithmeticException'],
              spark_throwable: {
                error_class: 'DIVIDE_BY_ZERO',
                sql_state: '22012',
                message_parameters: { config: 'x' },
              },
            },
          ],
        },
      },
    }));
    session = await connectSpark(server.remote);
    const e = await caught(session.sql('SELECT 1/0'));
    expect(server.fetchedErrorIds).toEqual(['e-1']);
    expect(e.rule).toBe('spark.server');
    expect(e.message).toBe('Spark: [DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012');
    expect([e.errorClass, e.sqlState, e.grpcCode]).toEqual(['DIVIDE_BY_ZERO', '22012', status.INTERNAL]);
    expect(e.messageParameters).toEqual({ config: 'x' });
    expect(e.exceptionClasses).toEqual(['org.apache.spark.SparkArithmeticException', 'java.lang.ArithmeticException']);
  });

  it('uses the status message and ErrorInfo when there is no error id', async () => {
    server = await startFakeServer(() => ({
      responses: [],
      error: {
        code: status.INVALID_ARGUMENT,
        message: '[INVALID_HANDLE.SESSION_CLOSED] The handle is invalid.',
        info: { errorClass: 'INVALID_HANDLE.SESSION_CLOSED', messageParameters: '{"handle":"abc"}' },
      },
    }));
    session = await connectSpark(server.remote);
    const e = await caught(session.sql('q'));
    expect(server.fetchedErrorIds).toEqual([]);
    expect([e.errorClass, e.messageParameters]).toEqual(['INVALID_HANDLE.SESSION_CLOSED', { handle: 'abc' }]);
  });

  it('a failed call without details is still a SparkError with its gRPC code', async () => {
    server = await startFakeServer(() => ({ responses: [], error: { code: status.PERMISSION_DENIED, message: 'no' } }));
    session = await connectSpark(server.remote);
    const e = await caught(session.sql('q'));
    expect([e.rule, e.errorClass, e.grpcCode, e.message]).toEqual([
      'spark.server',
      null,
      status.PERMISSION_DENIED,
      'Spark: no',
    ]);
  });

  it('close releases the session once', async () => {
    server = await startFakeServer(() => ({ responses: [] }));
    session = await connectSpark(server.remote);
    await session.close();
    await session.close();
    expect(server.released).toEqual([session.sessionId]);
  });
});

describe('connectSpark', () => {
  it('names the server it cannot reach (spark.unreachable) within the timeout', async () => {
    const gone = await startFakeServer(() => ({ responses: [] }));
    await gone.stop();
    const started = Date.now();
    const e = await caught(connectSpark(gone.remote, { connectTimeoutMs: 1500 }));
    expect(e.rule).toBe('spark.unreachable');
    expect(e.message).toMatch(
      new RegExp(`^Spark: cannot reach Spark Connect at ${gone.remote}: no connection within 2 s`),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

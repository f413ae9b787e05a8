/**
 * A fake Spark Connect server for offline tests: a real gRPC server on 127.0.0.1 speaking the declared
 * messages, whose ExecutePlan answers are scripted by the test. It records what it received.
 */
import { Metadata, Server, ServerCredentials, status, type ServerWritableStream } from '@grpc/grpc-js';
import { decodeMessage, encodeMessage } from '../../src/spark/proto/codec.js';
import type { Message } from '../../src/spark/proto/messages.js';

type Request = Message<'spark.connect.ExecutePlanRequest'>;
type Response = Message<'spark.connect.ExecutePlanResponse'>;

/** A scripted failure: the gRPC status and the ErrorInfo metadata (and the error fetched by its errorId). */
export interface ScriptedError {
  code: number;
  message: string;
  info?: Record<string, string>;
  fetched?: Message<'spark.connect.FetchErrorDetailsResponse'>;
}

/** What ExecutePlan does with a request: responses to send, then optionally an error. */
export type Script = (request: Request) => { responses: Response[]; error?: ScriptedError };

/** The fake server: its address, what it received, and stop(). */
export interface FakeServer {
  readonly remote: string;
  readonly requests: Request[];
  readonly metadata: Metadata[];
  readonly released: string[];
  readonly fetchedErrorIds: string[];
  script: Script;
  stop(): Promise<void>;
}

function statusDetails(error: ScriptedError): Buffer {
  const details = error.info
    ? [
        {
          type_url: 'type.googleapis.com/google.rpc.ErrorInfo',
          value: encodeMessage('google.rpc.ErrorInfo', {
            reason: 'x',
            domain: 'org.apache.spark',
            metadata: error.info,
          }),
        },
      ]
    : [];
  return Buffer.from(encodeMessage('google.rpc.Status', { code: error.code, message: error.message, details }));
}

/** Starts a fake server on a free loopback port. */
export async function startFakeServer(script: Script): Promise<FakeServer> {
  const server = new Server();
  const state: FakeServer = {
    remote: '',
    requests: [],
    metadata: [],
    released: [],
    fetchedErrorIds: [],
    script,
    stop: () =>
      new Promise<void>((done) => {
        server.tryShutdown(() => {
          done();
        });
      }),
  };
  let lastError: ScriptedError | undefined;
  const codec = <N extends Parameters<typeof decodeMessage>[0]>(name: N) => ({
    serialize: (v: Message<N>) => Buffer.from(encodeMessage(name, v)),
    deserialize: (b: Buffer) => decodeMessage(name, b),
  });
  const req = codec('spark.connect.ExecutePlanRequest');
  const res = codec('spark.connect.ExecutePlanResponse');
  server.addService(
    {
      ExecutePlan: {
        path: '/spark.connect.SparkConnectService/ExecutePlan',
        requestStream: false,
        responseStream: true,
        requestSerialize: req.serialize,
        requestDeserialize: req.deserialize,
        responseSerialize: res.serialize,
        responseDeserialize: res.deserialize,
      },
      FetchErrorDetails: {
        path: '/spark.connect.SparkConnectService/FetchErrorDetails',
        requestStream: false,
        responseStream: false,
        ...pair('spark.connect.FetchErrorDetailsRequest', 'spark.connect.FetchErrorDetailsResponse'),
      },
      ReleaseSession: {
        path: '/spark.connect.SparkConnectService/ReleaseSession',
        requestStream: false,
        responseStream: false,
        ...pair('spark.connect.ReleaseSessionRequest', 'spark.connect.ReleaseSessionResponse'),
      },
    },
    {
      ExecutePlan: (call: ServerWritableStream<Request, Response>) => {
        state.requests.push(call.request);
        state.metadata.push(call.metadata);
        const { responses, error } = state.script(call.request);
        for (const r of responses) call.write(r);
        if (error === undefined) {
          call.end();
          return;
        }
        lastError = error;
        const trailers = new Metadata();
        trailers.set('grpc-status-details-bin', statusDetails(error));
        call.emit('error', { code: error.code, details: error.message, metadata: trailers });
      },
      FetchErrorDetails: (
        call: { request: Message<'spark.connect.FetchErrorDetailsRequest'> },
        done: (e: null, r: Message<'spark.connect.FetchErrorDetailsResponse'>) => void,
      ) => {
        state.fetchedErrorIds.push(call.request.error_id ?? '');
        done(null, lastError?.fetched ?? {});
      },
      ReleaseSession: (
        call: { request: Message<'spark.connect.ReleaseSessionRequest'> },
        done: (e: null, r: Message<'spark.connect.ReleaseSessionResponse'>) => void,
      ) => {
        state.released.push(call.request.session_id ?? '');
        done(null, { session_id: call.request.session_id ?? '' });
      },
    },
  );
  const port = await new Promise<number>((done, fail) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => {
      if (e) fail(e);
      else done(p);
    });
  });
  return Object.assign(state, { remote: `sc://127.0.0.1:${port}` });
}

function pair<I extends Parameters<typeof decodeMessage>[0], O extends Parameters<typeof decodeMessage>[0]>(
  i: I,
  o: O,
) {
  return {
    requestSerialize: (v: Message<I>) => Buffer.from(encodeMessage(i, v)),
    requestDeserialize: (b: Buffer) => decodeMessage(i, b),
    responseSerialize: (v: Message<O>) => Buffer.from(encodeMessage(o, v)),
    responseDeserialize: (b: Buffer) => decodeMessage(o, b),
  };
}

export { status };

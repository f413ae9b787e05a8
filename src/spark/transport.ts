/**
 * The gRPC side of the client: one channel to the server, the declared RPCs as typed calls, and the
 * server's error status decoded (google.rpc.Status → ErrorInfo) into what SparkError needs.
 */
import type { Client, Metadata, ServiceError } from '@grpc/grpc-js';
import { grpc } from './grpc-api.js';
import type { SparkRemote } from './connection-string.js';
import { decodeMessage, encodeMessage } from './proto/codec.js';
import { service, type Message } from './proto/messages.js';
import { WireFormatError } from './proto/wire.js';
import { SparkError } from './spark-error.js';

/** The largest message sent or received by default: 128 MiB, as pyspark. */
export const DEFAULT_MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

type Methods = typeof service.methods;
type MethodName = keyof Methods;
type Request<M extends MethodName> = Message<Methods[M]['input']>;
type Response<M extends MethodName> = Message<Methods[M]['output']>;

/** What the server attached to a failed call: the status message and the ErrorInfo metadata, if any. */
export interface ErrorStatus {
  readonly code: number;
  readonly message: string;
  /** ErrorInfo.metadata (`errorClass`, `sqlState`, `messageParameters`, `classes`, `errorId`…), or null. */
  readonly info: Readonly<Record<string, string>> | null;
}

const ERROR_INFO_TYPE = 'type.googleapis.com/google.rpc.ErrorInfo';

/** A gRPC channel to one Spark Connect server, sending the connection string's metadata on every call. */
export class Transport {
  private readonly client: Client;
  private readonly metadata: Metadata;

  constructor(
    readonly remote: SparkRemote,
    maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
    userAgent = 'ecomflow',
  ) {
    const { Client, Metadata, credentials } = grpc();
    const channel = remote.useSsl ? credentials.createSsl() : credentials.createInsecure();
    this.client = new Client(`${remote.host}:${remote.port}`, channel, {
      'grpc.max_send_message_length': maxMessageBytes,
      'grpc.max_receive_message_length': maxMessageBytes,
      'grpc.primary_user_agent': userAgent,
    });
    this.metadata = new Metadata();
    for (const [key, value] of Object.entries(remote.headers)) this.metadata.set(key, value);
    if (remote.token !== null) this.metadata.set('authorization', `Bearer ${remote.token}`);
  }

  /** Waits until the channel is connected, or throws `spark.unreachable` after `timeoutMs`. */
  async ready(timeoutMs: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.client.waitForReady(Date.now() + timeoutMs, (error) => {
        if (error === undefined) resolve();
        else reject(this.unreachable(`no connection within ${Math.round(timeoutMs / 1000)} s (${error.message})`));
      });
    });
  }

  /** Calls a unary RPC; a failure rejects with the raw ServiceError (see `errorStatus`). */
  unary<M extends 'FetchErrorDetails' | 'ReleaseSession'>(method: M, request: Request<M>): Promise<Response<M>> {
    const def = service.methods[method];
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        `/${service.name}/${method}`,
        (value: Request<M>) => Buffer.from(encodeMessage(def.input, value as never)),
        (bytes: Buffer) => decodeMessage(def.output, bytes) as Response<M>,
        request,
        this.metadata,
        {},
        (error, response) => {
          if (error) reject(error);
          else resolve(response!);
        },
      );
    });
  }

  /**
   * Calls the server-streaming ExecutePlan RPC and yields each response; a failure throws the raw ServiceError.
   * Stopping the iteration early cancels the call (the server then interrupts the execution).
   */
  async *executePlan(request: Request<'ExecutePlan'>): AsyncGenerator<Response<'ExecutePlan'>> {
    const def = service.methods.ExecutePlan;
    const call = this.client.makeServerStreamRequest(
      `/${service.name}/ExecutePlan`,
      (value: Request<'ExecutePlan'>) => Buffer.from(encodeMessage(def.input, value)),
      (bytes: Buffer) => decodeMessage(def.output, bytes),
      request,
      this.metadata,
    );
    let finished = false;
    try {
      for await (const response of call as AsyncIterable<Response<'ExecutePlan'>>) yield response;
      finished = true;
    } finally {
      if (!finished) call.cancel();
    }
  }

  /** A `spark.unreachable` error naming this server. */
  unreachable(why: string, code: number = grpc().status.UNAVAILABLE): SparkError {
    const where = `sc://${this.remote.host}:${this.remote.port}`;
    return new SparkError('spark.unreachable', `cannot reach Spark Connect at ${where}: ${why}`, { grpcCode: code });
  }

  /** Closes the channel; pending calls fail. */
  close(): void {
    this.client.close();
  }
}

/** True for an error raised by grpc-js for a failed call. */
export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number' && 'metadata' in error;
}

/** The server's error status of a failed call: code, message and ErrorInfo metadata (from grpc-status-details-bin). */
export function errorStatus(error: ServiceError): ErrorStatus {
  const details = error.metadata.get('grpc-status-details-bin')[0];
  if (details instanceof Buffer) {
    try {
      const decoded = decodeMessage('google.rpc.Status', details);
      const any = decoded.details?.find((d) => d.type_url === ERROR_INFO_TYPE);
      const info = any?.value === undefined ? null : (decodeMessage('google.rpc.ErrorInfo', any.value).metadata ?? {});
      return { code: decoded.code ?? error.code, message: decoded.message ?? error.details, info };
    } catch (e) {
      if (!(e instanceof WireFormatError)) throw e;
    }
  }
  return { code: error.code, message: error.details, info: null };
}

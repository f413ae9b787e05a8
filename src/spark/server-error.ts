/**
 * A failed gRPC call → SparkError: the ErrorInfo the server attached (error class, SQL state, parameters) and,
 * when it gave an error id, the full root error fetched with FetchErrorDetails (the status message may be
 * truncated). Transport failures become `spark.unreachable`.
 */
import type { ServiceError } from '@grpc/grpc-js';
import { grpc } from './grpc-api.js';
import type { Message } from './proto/messages.js';
import { SparkError } from './spark-error.js';
import { errorStatus, isServiceError, type Transport } from './transport.js';

/** Whether a gRPC code means the server was not reached or the connection dropped, not that it refused. */
function isTransportCode(code: number): boolean {
  const { status } = grpc();
  return new Set<number>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]).has(code);
}

/** Turns a failed call into a SparkError, asking the server for the error's details when it offers them. */
export async function toSparkError(
  error: ServiceError,
  transport: Transport,
  sessionId: string,
  userContext: Message<'spark.connect.UserContext'>,
): Promise<SparkError> {
  const s = errorStatus(error);
  if (s.info === null) {
    if (isTransportCode(s.code)) return transport.unreachable(s.message || error.message, s.code);
    return new SparkError('spark.server', s.message || error.message, { grpcCode: s.code });
  }
  const info = s.info;
  const fromInfo = {
    errorClass: info.errorClass ?? null,
    sqlState: info.sqlState ?? null,
    messageParameters: parseJsonObject(info.messageParameters),
    exceptionClasses: parseJsonStrings(info.classes),
    grpcCode: s.code,
  };
  const errorId = info.errorId;
  if (errorId !== undefined && errorId !== '') {
    const fetched = await fetchRootError(transport, sessionId, userContext, errorId);
    if (fetched !== null) {
      const throwable = fetched.spark_throwable;
      return new SparkError('spark.server', fetched.message ?? s.message, {
        ...fromInfo,
        errorClass: throwable?.error_class ?? fromInfo.errorClass,
        sqlState: throwable?.sql_state ?? fromInfo.sqlState,
        messageParameters: throwable?.message_parameters ?? fromInfo.messageParameters,
        exceptionClasses: fetched.error_type_hierarchy ?? fromInfo.exceptionClasses,
      });
    }
  }
  return new SparkError('spark.server', s.message, fromInfo);
}

type ErrorDetail = Message<'spark.connect.FetchErrorDetailsResponse.Error'>;

/** The root error of an error id, or null when the server no longer has it (or the call fails). */
async function fetchRootError(
  transport: Transport,
  sessionId: string,
  userContext: Message<'spark.connect.UserContext'>,
  errorId: string,
): Promise<ErrorDetail | null> {
  try {
    const response = await transport.unary('FetchErrorDetails', {
      session_id: sessionId,
      user_context: userContext,
      error_id: errorId,
    });
    const index = response.root_error_idx;
    return index === undefined ? null : (response.errors?.[index] ?? null);
  } catch (e) {
    if (isServiceError(e)) return null;
    throw e;
  }
}

function parseJsonObject(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  } catch {
    return {};
  }
}

function parseJsonStrings(text: string | undefined): string[] {
  if (text === undefined) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

/**
 * Spark Connect connection strings, as Spark's client connection string spec defines them
 * (`connector/connect/docs/client-connection-string.md`): `sc://host[:port][/;key=value;…]`.
 */
import { UsageError } from '../errors.js';

/** The port a connection string without one connects to. */
export const DEFAULT_SPARK_CONNECT_PORT = 15002;

/** A parsed connection string: where to connect, how, and the gRPC metadata to send. */
export interface SparkRemote {
  readonly host: string;
  readonly port: number;
  /** TLS: `use_ssl=true`, or implied by a token. */
  readonly useSsl: boolean;
  /** Bearer token (`token=`), sent as `Authorization: Bearer <token>`; never printed. */
  readonly token: string | null;
  /** `user_id=`: goes into every request's UserContext. */
  readonly userId: string | null;
  /** `user_agent=`: the application acting for the user; leads the client type sent to the server. */
  readonly userAgent: string | null;
  /** `session_id=`: a UUID naming the server-side session to use (shared with other clients); else a new one. */
  readonly sessionId: string | null;
  /** Every other parameter (e.g. `x-databricks-cluster-id`), sent as gRPC metadata on every call. */
  readonly headers: Readonly<Record<string, string>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A gRPC metadata key a parameter may become (lower-case token characters; not reserved). */
const METADATA_KEY = /^[0-9a-z_.-]+$/;
const RESERVED_KEYS = new Set(['authorization', 'content-type', 'te', 'user-agent', 'grpc-timeout']);

/**
 * Parses a Spark Connect connection string; throws UsageError naming what is wrong. The token may also come
 * from `SPARK_CONNECT_AUTHENTICATE_TOKEN` (as pyspark reads it) when `env` holds it.
 * @example
 * parseConnectionString('sc://localhost');
 * // { host: 'localhost', port: 15002, useSsl: false, token: null, userId: null, …, headers: {} }
 * parseConnectionString('sc://dbc-1.cloud.databricks.com:443/;token=dapi1;x-databricks-cluster-id=0123-abc');
 * // { host: 'dbc-1.cloud.databricks.com', port: 443, useSsl: true, token: 'dapi1', …,
 * //   headers: { 'x-databricks-cluster-id': '0123-abc' } }
 */
export function parseConnectionString(
  remote: string,
  env: Readonly<Record<string, string | undefined>> = {},
): SparkRemote {
  const bad = (why: string): UsageError =>
    new UsageError(`--remote "${redact(remote)}" is not a Spark Connect connection string: ${why}`);
  if (!remote.startsWith('sc://')) throw bad('it must start with sc:// (e.g. sc://localhost:15002)');
  const rest = remote.slice('sc://'.length);
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const tail = slash < 0 ? '' : rest.slice(slash + 1);
  if (tail !== '' && !tail.startsWith(';')) throw bad(`the path "/${tail.split(';')[0]}" must be empty`);
  const { host, port } = parseAuthority(authority, bad);

  const params = new Map<string, string>();
  for (const part of tail.split(';').slice(1)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0 || part.indexOf('=', eq + 1) >= 0) throw bad(`parameter "${redact(part)}" must be key=value`);
    const key = part.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1));
    } catch {
      throw bad(`parameter "${key}" is not valid percent-encoding`);
    }
    if (params.has(key)) throw bad(`parameter "${key}" is given twice`);
    params.set(key, value);
  }

  const token = take(params, 'token') ?? env.SPARK_CONNECT_AUTHENTICATE_TOKEN ?? null;
  const useSslText = take(params, 'use_ssl');
  if (useSslText !== null && !/^(true|false)$/i.test(useSslText)) throw bad('use_ssl must be true or false');
  const sessionId = take(params, 'session_id');
  if (sessionId !== null && !UUID.test(sessionId)) throw bad('session_id must be a UUID');
  const userId = take(params, 'user_id');
  const userAgent = take(params, 'user_agent');
  if (userAgent !== null && encodeURIComponent(userAgent).length > 2048)
    throw bad('user_agent is over 2048 characters');

  const headers: Record<string, string> = {};
  for (const [key, value] of params) {
    if (!METADATA_KEY.test(key) || key.startsWith('grpc-') || key.endsWith('-bin') || RESERVED_KEYS.has(key)) {
      throw bad(`parameter "${key}" cannot be sent as gRPC metadata (use lower-case letters, digits, - _ .)`);
    }
    headers[key] = value;
  }
  return {
    host,
    port,
    useSsl: token !== null || useSslText?.toLowerCase() === 'true',
    token,
    userId,
    userAgent,
    sessionId,
    headers,
  };
}

function parseAuthority(authority: string, bad: (why: string) => UsageError): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]@]+)(?::(\d+))?$/.exec(authority);
  if (m === null) throw bad('it must name host or host:port');
  const host = m[1]!;
  if (m[2] === undefined) return { host, port: DEFAULT_SPARK_CONNECT_PORT };
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw bad(`port ${m[2]} is not 1–65535`);
  return { host, port };
}

function take(params: Map<string, string>, key: string): string | null {
  const value = params.get(key);
  params.delete(key);
  return value ?? null;
}

/** The connection string with any token value replaced by `…`, for messages and logs. */
export function redact(remote: string): string {
  return remote.replace(/(;token=)[^;]*/g, '$1…');
}

/**
 * Describes a remote for a person: `sc://host:port` plus how it connects, never the token.
 * @example
 * describeRemote(parseConnectionString('sc://h:443/;token=x')); // 'sc://h:443 (TLS, token)'
 */
export function describeRemote(remote: SparkRemote): string {
  const how = [remote.useSsl ? 'TLS' : 'plaintext', ...(remote.token === null ? [] : ['token'])];
  return `sc://${remote.host}:${remote.port} (${how.join(', ')})`;
}

/**
 * The Databricks cluster's connection string from `DATABRICKS_HOST`, `DATABRICKS_TOKEN` and
 * `DATABRICKS_CLUSTER_ID` (as Databricks Connect names them), or null unless all three are set. The host may be
 * given as a URL (`https://dbc-….cloud.databricks.com/`).
 * @example
 * databricksRemote({ DATABRICKS_HOST: 'https://dbc-1.cloud.databricks.com', DATABRICKS_TOKEN: 'dapi1',
 *   DATABRICKS_CLUSTER_ID: '0123-abc' });
 * // 'sc://dbc-1.cloud.databricks.com:443/;token=dapi1;x-databricks-cluster-id=0123-abc'
 */
export function databricksRemote(env: Readonly<Record<string, string | undefined>>): string | null {
  const host = (env['DATABRICKS_HOST'] ?? '')
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '');
  const token = (env['DATABRICKS_TOKEN'] ?? '').trim();
  const cluster = (env['DATABRICKS_CLUSTER_ID'] ?? '').trim();
  if (host === '' || token === '' || cluster === '') return null;
  const at = host.includes(':') ? host : `${host}:443`;
  return `sc://${at}/;token=${encodeURIComponent(token)};x-databricks-cluster-id=${encodeURIComponent(cluster)}`;
}

import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { describeRemote, parseConnectionString, redact } from '../../src/spark/index.js';
import { databricksRemote } from '../../src/spark/connection-string.js';

describe('parseConnectionString', () => {
  it('defaults the port to 15002 and connects in plaintext', () => {
    expect(parseConnectionString('sc://localhost')).toEqual({
      host: 'localhost',
      port: 15002,
      useSsl: false,
      token: null,
      userId: null,
      userAgent: null,
      sessionId: null,
      headers: {},
    });
    expect(parseConnectionString('sc://127.0.0.1:15099/').port).toBe(15099);
  });

  it('reads the spec parameters; a token implies TLS; other parameters become gRPC metadata', () => {
    const r = parseConnectionString(
      'sc://dbc-1.cloud.databricks.com:443/;token=dapi%3D1;x-databricks-cluster-id=0123-456789-abc;user_id=ana;' +
        'user_agent=my%20app;session_id=550E8400-e29b-41d4-a716-446655440000',
    );
    expect(r).toEqual({
      host: 'dbc-1.cloud.databricks.com',
      port: 443,
      useSsl: true,
      token: 'dapi=1',
      userId: 'ana',
      userAgent: 'my app',
      sessionId: '550E8400-e29b-41d4-a716-446655440000',
      headers: { 'x-databricks-cluster-id': '0123-456789-abc' },
    });
    expect(parseConnectionString('sc://h:1/;use_ssl=TRUE').useSsl).toBe(true);
    expect(parseConnectionString('sc://h:1/;use_ssl=false').useSsl).toBe(false);
    expect(parseConnectionString('sc://[::1]:15002').host).toBe('[::1]');
  });

  it('takes the token from SPARK_CONNECT_AUTHENTICATE_TOKEN, as pyspark does', () => {
    const r = parseConnectionString('sc://h', { SPARK_CONNECT_AUTHENTICATE_TOKEN: 't0k' });
    expect([r.token, r.useSsl]).toEqual(['t0k', true]);
  });

  it.each([
    ['http://localhost:15002', /must start with sc:\/\//],
    ['sc://host:99999', /port 99999/],
    ['sc://host:1:2', /host or host:port/],
    ['sc://host/path;token=x', /path "\/path" must be empty/],
    ['sc://host/;token', /must be key=value/],
    ['sc://host/;a=b=c', /must be key=value/],
    ['sc://host/;session_id=123', /session_id must be a UUID/],
    ['sc://host/;use_ssl=yes', /use_ssl must be true or false/],
    ['sc://host/;X-Upper=1', /cannot be sent as gRPC metadata/],
    ['sc://host/;authorization=x', /cannot be sent as gRPC metadata/],
    ['sc://host/;a=1;a=2', /given twice/],
    ['sc://host/;a=%zz', /percent-encoding/],
  ])('rejects %s with a UsageError', (remote, why) => {
    expect(() => parseConnectionString(remote)).toThrow(UsageError);
    expect(() => parseConnectionString(remote)).toThrow(why);
  });

  it('never puts a token in an error message or a description', () => {
    expect(() => parseConnectionString('sc://h:1:2/;token=secret')).toThrow(/token=…/);
    expect(() => parseConnectionString('sc://h:1:2/;token=secret')).not.toThrow(/secret/);
    expect(redact('sc://h/;token=abc;x=1')).toBe('sc://h/;token=…;x=1');
    expect(describeRemote(parseConnectionString('sc://h:443/;token=abc'))).toBe('sc://h:443 (TLS, token)');
    expect(describeRemote(parseConnectionString('sc://h'))).toBe('sc://h:15002 (plaintext)');
  });

  it('builds a Databricks remote from DATABRICKS_HOST, DATABRICKS_TOKEN, DATABRICKS_CLUSTER_ID (all three)', () => {
    const env = {
      DATABRICKS_HOST: 'https://dbc-1.cloud.databricks.com/',
      DATABRICKS_TOKEN: 'dapi=1',
      DATABRICKS_CLUSTER_ID: '0123-abc',
    };
    const remote = databricksRemote(env);
    expect(remote).toBe('sc://dbc-1.cloud.databricks.com:443/;token=dapi%3D1;x-databricks-cluster-id=0123-abc');
    const parsed = parseConnectionString(remote!);
    expect([parsed.port, parsed.useSsl, parsed.token, parsed.headers]).toEqual([
      443,
      true,
      'dapi=1',
      { 'x-databricks-cluster-id': '0123-abc' },
    ]);
    expect(databricksRemote({ ...env, DATABRICKS_CLUSTER_ID: '' })).toBeNull();
    expect(databricksRemote({})).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../src/spark/proto/codec.js';
import { ProtoReader, ProtoWriter, WireFormatError } from '../../src/spark/proto/wire.js';

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

describe('protobuf wire primitives', () => {
  it('writes varints as protobuf does, incl. negative int32 as 10 bytes', () => {
    const w = new ProtoWriter();
    w.uint32(300);
    w.int32(-1);
    w.int64(-2n);
    w.int64(2n ** 63n - 1n);
    expect([...w.finish()]).toEqual([
      0xac,
      0x02,
      ...[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
      ...[0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
      ...[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
    ]);
    const r = new ProtoReader(w.finish());
    expect([r.int32(), r.int32(), r.int64(), r.int64()]).toEqual([300, -1, -2n, 2n ** 63n - 1n]);
    expect(r.done).toBe(true);
  });

  it('grows its buffer for large byte strings', () => {
    const big = new Uint8Array(1_000_000).map((_, i) => i % 251);
    const w = new ProtoWriter();
    w.bytes(big);
    expect(new ProtoReader(w.finish()).bytes()).toEqual(big);
  });

  it('rejects truncated and malformed input', () => {
    expect(() => new ProtoReader(bytes(0x80)).varint()).toThrow(WireFormatError);
    expect(() => new ProtoReader(bytes(0x05, 1, 2)).bytes()).toThrow(/past the end/);
    expect(() => new ProtoReader(bytes(0x00)).tag()).toThrow(/field number 0/);
    expect(() => new ProtoReader(bytes(0x02, 0xc3, 0x28)).string()).toThrow(/UTF-8/);
  });
});

describe('encodeMessage / decodeMessage', () => {
  it('round-trips nested messages, oneofs, optional fields and bigints', () => {
    const request = {
      session_id: 'abc',
      user_context: { user_id: 'ana', user_name: '' },
      plan: { command: { sql_command: { input: { sql: { query: 'SELECT 1' } } } } },
      client_type: '',
      operation_id: 'op',
    };
    const decoded = decodeMessage(
      'spark.connect.ExecutePlanRequest',
      encodeMessage('spark.connect.ExecutePlanRequest', request),
    );
    // a plain singular field at its default (user_name: '') is not written; an optional one ('') is
    expect(decoded).toEqual({ ...request, user_context: { user_id: 'ana' } });
  });

  it('writes fields in number order, as protoc does', () => {
    const b = encodeMessage('spark.connect.ExecutePlanResponse.ArrowBatch', {
      start_offset: 0n,
      data: bytes(9),
      row_count: 1n,
    });
    expect([...b]).toEqual([0x08, 1, 0x12, 1, 9, 0x18, 0]);
  });

  it('writes and reads string maps', () => {
    const info = { reason: 'r', metadata: { errorClass: 'X', messageParameters: '{"a":"b"}' } };
    expect(decodeMessage('google.rpc.ErrorInfo', encodeMessage('google.rpc.ErrorInfo', info))).toEqual(info);
  });

  it('refuses two members of one oneof', () => {
    expect(() =>
      encodeMessage('spark.connect.Plan', { root: { sql: { query: 'x' } }, command: { sql_command: {} } }),
    ).toThrow(/root and command are both set in oneof op_type/);
  });

  it('skips undeclared fields of every wire type', () => {
    // field 99 varint, 98 fixed64, 97 bytes, 96 group (with a varint inside), 95 fixed32, then query = 'q'
    const encoded = bytes(
      ...[0x98, 0x06, 0x05],
      ...[0x91, 0x06, 1, 2, 3, 4, 5, 6, 7, 8],
      ...[0x8a, 0x06, 2, 0xaa, 0xbb],
      ...[0x83, 0x06, 0x08, 0x01, 0x84, 0x06],
      ...[0xfd, 0x05, 1, 2, 3, 4],
      ...[0x0a, 1, 0x71],
    );
    expect(decodeMessage('spark.connect.SQL', encoded)).toEqual({ query: 'q' });
  });

  it('the last member of a oneof on the wire wins; a message seen twice is merged', () => {
    const root = encodeMessage('spark.connect.Plan', { root: { sql: { query: 'a' } } });
    const command = encodeMessage('spark.connect.Plan', { command: { sql_command: {} } });
    expect(decodeMessage('spark.connect.Plan', new Uint8Array([...root, ...command]))).toEqual({
      command: { sql_command: {} },
    });
    const a = encodeMessage('spark.connect.ExecutePlanRequest', { user_context: { user_id: 'u' } });
    const b = encodeMessage('spark.connect.ExecutePlanRequest', { user_context: { user_name: 'n' } });
    expect(decodeMessage('spark.connect.ExecutePlanRequest', new Uint8Array([...a, ...b]))).toEqual({
      user_context: { user_id: 'u', user_name: 'n' },
    });
  });

  it('reads a field sent with the wrong wire type as an error', () => {
    expect(() => decodeMessage('spark.connect.SQL', bytes(0x08, 0x01))).toThrow(/SQL.query: wire type 0/);
  });

  it('reads map keys like __proto__ as plain keys', () => {
    const info = { metadata: { ['__proto__']: 'x' } };
    const decoded = decodeMessage('google.rpc.ErrorInfo', encodeMessage('google.rpc.ErrorInfo', info));
    expect(Object.keys(decoded.metadata!)).toEqual(['__proto__']);
  });
});

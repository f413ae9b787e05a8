/**
 * The declared wire messages (src/spark/proto/messages.ts) against the descriptors inside the installed pyspark
 * wheel and Google's protobuf runtime: every declared field must exist there with the same number, type,
 * label and oneof; and bytes written by one side must read back the same on the other.
 */
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../../src/spark/proto/codec.js';
import { messages, service, type FieldDecl } from '../../../src/spark/proto/messages.js';
import { askProtobuf } from './spark.js';

interface Described {
  no: number;
  type: string;
  label: string | null;
  oneof: string | null;
}
interface Descriptors {
  messages: Record<string, Record<string, Described>>;
  services: Record<string, Record<string, { input: string; output: string; serverStreaming: boolean }>>;
}

const declared = messages as Record<string, Record<string, FieldDecl>>;

function asDescribed(decl: FieldDecl): Described {
  return { no: decl.no, type: decl.type, label: decl.label ?? null, oneof: decl.oneof ?? null };
}

describe('wire descriptors', () => {
  it('every declared message and field matches pyspark 4 and google.rpc', () => {
    const names = Object.keys(declared);
    const found = askProtobuf({ describe: names }) as Descriptors;
    expect(Object.keys(found.messages).sort()).toEqual([...names].sort());
    const mismatches: string[] = [];
    for (const name of names) {
      for (const [field, decl] of Object.entries(declared[name]!)) {
        const actual = found.messages[name]![field];
        if (actual === undefined) mismatches.push(`${name}.${field}: not in the descriptor`);
        else if (JSON.stringify(actual) !== JSON.stringify(asDescribed(decl))) {
          mismatches.push(
            `${name}.${field}: declared ${JSON.stringify(asDescribed(decl))}, is ${JSON.stringify(actual)}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('the called RPCs exist with the declared request and response types', () => {
    const found = askProtobuf({ describe: [] }) as Descriptors;
    const methods = found.services[service.name]!;
    for (const [method, def] of Object.entries(service.methods)) expect(methods[method], method).toEqual(def);
  });

  it('requests the client writes parse in protobuf as the same message', () => {
    const request = {
      session_id: '7a15232a-80bd-406d-be10-2215a4a036cd',
      user_context: { user_id: 'ana' },
      operation_id: 'c1d2e3f4-0000-4000-8000-000000000001',
      client_type: 'ecomflow test',
      plan: { command: { sql_command: { input: { sql: { query: "SELECT 'é', 1" } } } } },
    };
    const view = {
      session_id: 's',
      plan: {
        command: {
          create_dataframe_view: {
            name: 'customers',
            replace: true,
            is_global: false,
            input: { local_relation: { data: new Uint8Array([0, 1, 2, 255]) } },
          },
        },
      },
    };
    const encoded = [request, view].map((r) =>
      Buffer.from(encodeMessage('spark.connect.ExecutePlanRequest', r)).toString('base64'),
    );
    const { decoded } = askProtobuf({
      decode: encoded.map((b64) => ['spark.connect.ExecutePlanRequest', b64]),
    }) as { decoded: unknown[] };
    expect(decoded[0]).toEqual(request);
    // protobuf's JSON mapping leaves out proto3 defaults (is_global: false) and writes bytes as base64
    expect(decoded[1]).toEqual({
      session_id: 's',
      plan: {
        command: {
          create_dataframe_view: { name: 'customers', replace: true, input: { local_relation: { data: 'AAEC/w==' } } },
        },
      },
    });
  });

  it('responses protobuf writes decode to the same values, skipping undeclared fields', () => {
    const { encoded } = askProtobuf({
      encode: [
        [
          'spark.connect.ExecutePlanResponse',
          {
            session_id: 's1',
            server_side_session_id: 'srv',
            operation_id: 'op',
            response_id: 'r1',
            arrow_batch: { row_count: '-9000000000', data: 'AQID', start_offset: '5' },
            metrics: { metrics: [{ name: 'undeclared', plan_id: '3' }] },
          },
        ],
        ['spark.connect.ExecutePlanResponse', { execution_progress: { num_inflight_tasks: '2' } }],
        ['spark.connect.ExecutePlanResponse', { result_complete: {}, observed_metrics: [{ name: 'm' }] }],
        [
          'spark.connect.FetchErrorDetailsResponse',
          {
            root_error_idx: 1,
            errors: [
              { message: 'cause', error_type_hierarchy: ['java.lang.Exception'] },
              {
                message: '[X] boom',
                cause_idx: 0,
                error_type_hierarchy: ['a.B', 'java.lang.Exception'],
                stack_trace: [{ declaring_class: 'a.B', method_name: 'm', line_number: 3 }],
                spark_throwable: { error_class: 'X', sql_state: '42000', message_parameters: { p: 'v', q: 'ü' } },
              },
            ],
          },
        ],
        ['google.rpc.ErrorInfo', { reason: 'r', domain: 'org.apache.spark', metadata: { errorClass: 'X', a: '' } }],
        ['google.rpc.Status', { code: -3, message: 'm', details: [] }],
      ],
    }) as { encoded: string[] };
    const bytes = encoded.map((b64) => new Uint8Array(Buffer.from(b64, 'base64')));
    expect(decodeMessage('spark.connect.ExecutePlanResponse', bytes[0]!)).toEqual({
      session_id: 's1',
      server_side_session_id: 'srv',
      operation_id: 'op',
      response_id: 'r1',
      arrow_batch: { row_count: -9000000000n, data: new Uint8Array([1, 2, 3]), start_offset: 5n },
    });
    // a response type this client does not declare reads as a response with none of the declared ones
    expect(decodeMessage('spark.connect.ExecutePlanResponse', bytes[1]!)).toEqual({});
    expect(decodeMessage('spark.connect.ExecutePlanResponse', bytes[2]!)).toEqual({ result_complete: {} });
    expect(decodeMessage('spark.connect.FetchErrorDetailsResponse', bytes[3]!)).toEqual({
      root_error_idx: 1,
      errors: [
        { message: 'cause', error_type_hierarchy: ['java.lang.Exception'] },
        {
          message: '[X] boom',
          cause_idx: 0,
          error_type_hierarchy: ['a.B', 'java.lang.Exception'],
          spark_throwable: { error_class: 'X', sql_state: '42000', message_parameters: { p: 'v', q: 'ü' } },
        },
      ],
    });
    expect(decodeMessage('google.rpc.ErrorInfo', bytes[4]!)).toEqual({
      reason: 'r',
      domain: 'org.apache.spark',
      metadata: { errorClass: 'X', a: '' },
    });
    expect(decodeMessage('google.rpc.Status', bytes[5]!)).toEqual({ code: -3, message: 'm' });
  });
});

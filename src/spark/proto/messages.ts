/**
 * The Spark Connect wire messages this client uses — only the fields it reads or writes. Names, numbers, types,
 * labels and oneofs are facts of the protocol (spark/connect/*.proto in Spark 4.0, google/rpc/*.proto); the
 * wire-descriptor test (test/spark/live/wire-descriptors.test.ts) compares every entry here with the
 * descriptors inside the installed pyspark wheel, so a drift fails loudly. Fields not declared here are
 * skipped when decoding and never written.
 */

/** Scalar field types, named as in .proto files. */
export type ScalarType = 'string' | 'bytes' | 'bool' | 'int32' | 'int64';

/** One declared field: its number, its type (a scalar, a string map, or a declared message), label and oneof. */
export interface FieldDecl {
  readonly no: number;
  readonly type: ScalarType | 'map<string,string>' | (string & {});
  /** `repeated`, or `optional` for proto3 explicit presence; absent for a plain singular field. */
  readonly label?: 'repeated' | 'optional';
  /** The oneof the field belongs to (setting one member clears the others). */
  readonly oneof?: string;
}

/** Every message the client declares, by full protobuf name; each maps its field names to their declarations. */
export const messages = {
  'spark.connect.UserContext': {
    user_id: { no: 1, type: 'string' },
    user_name: { no: 2, type: 'string' },
  },
  'spark.connect.Plan': {
    root: { no: 1, type: 'spark.connect.Relation', oneof: 'op_type' },
    command: { no: 2, type: 'spark.connect.Command', oneof: 'op_type' },
  },
  'spark.connect.Relation': {
    sql: { no: 10, type: 'spark.connect.SQL', oneof: 'rel_type' },
    local_relation: { no: 11, type: 'spark.connect.LocalRelation', oneof: 'rel_type' },
  },
  'spark.connect.SQL': {
    query: { no: 1, type: 'string' },
  },
  'spark.connect.LocalRelation': {
    data: { no: 1, type: 'bytes', label: 'optional' },
    schema: { no: 2, type: 'string', label: 'optional' },
  },
  'spark.connect.Command': {
    create_dataframe_view: { no: 3, type: 'spark.connect.CreateDataFrameViewCommand', oneof: 'command_type' },
    sql_command: { no: 5, type: 'spark.connect.SqlCommand', oneof: 'command_type' },
  },
  'spark.connect.SqlCommand': {
    input: { no: 6, type: 'spark.connect.Relation' },
  },
  'spark.connect.CreateDataFrameViewCommand': {
    input: { no: 1, type: 'spark.connect.Relation' },
    name: { no: 2, type: 'string' },
    is_global: { no: 3, type: 'bool' },
    replace: { no: 4, type: 'bool' },
  },
  'spark.connect.ExecutePlanRequest': {
    session_id: { no: 1, type: 'string' },
    user_context: { no: 2, type: 'spark.connect.UserContext' },
    plan: { no: 3, type: 'spark.connect.Plan' },
    client_type: { no: 4, type: 'string', label: 'optional' },
    operation_id: { no: 6, type: 'string', label: 'optional' },
    client_observed_server_side_session_id: { no: 8, type: 'string', label: 'optional' },
  },
  'spark.connect.ExecutePlanResponse': {
    session_id: { no: 1, type: 'string' },
    arrow_batch: { no: 2, type: 'spark.connect.ExecutePlanResponse.ArrowBatch', oneof: 'response_type' },
    sql_command_result: {
      no: 5,
      type: 'spark.connect.ExecutePlanResponse.SqlCommandResult',
      oneof: 'response_type',
    },
    operation_id: { no: 12, type: 'string' },
    response_id: { no: 13, type: 'string' },
    result_complete: { no: 14, type: 'spark.connect.ExecutePlanResponse.ResultComplete', oneof: 'response_type' },
    server_side_session_id: { no: 15, type: 'string' },
  },
  'spark.connect.ExecutePlanResponse.ArrowBatch': {
    row_count: { no: 1, type: 'int64' },
    data: { no: 2, type: 'bytes' },
    start_offset: { no: 3, type: 'int64', label: 'optional' },
  },
  'spark.connect.ExecutePlanResponse.SqlCommandResult': {
    relation: { no: 1, type: 'spark.connect.Relation' },
  },
  'spark.connect.ExecutePlanResponse.ResultComplete': {},
  'spark.connect.ReleaseSessionRequest': {
    session_id: { no: 1, type: 'string' },
    user_context: { no: 2, type: 'spark.connect.UserContext' },
    client_type: { no: 3, type: 'string', label: 'optional' },
  },
  'spark.connect.ReleaseSessionResponse': {
    session_id: { no: 1, type: 'string' },
    server_side_session_id: { no: 2, type: 'string' },
  },
  'spark.connect.FetchErrorDetailsRequest': {
    session_id: { no: 1, type: 'string' },
    user_context: { no: 2, type: 'spark.connect.UserContext' },
    error_id: { no: 3, type: 'string' },
    client_type: { no: 4, type: 'string', label: 'optional' },
    client_observed_server_side_session_id: { no: 5, type: 'string', label: 'optional' },
  },
  'spark.connect.FetchErrorDetailsResponse': {
    root_error_idx: { no: 1, type: 'int32', label: 'optional' },
    errors: { no: 2, type: 'spark.connect.FetchErrorDetailsResponse.Error', label: 'repeated' },
    server_side_session_id: { no: 3, type: 'string' },
    session_id: { no: 4, type: 'string' },
  },
  'spark.connect.FetchErrorDetailsResponse.Error': {
    error_type_hierarchy: { no: 1, type: 'string', label: 'repeated' },
    message: { no: 2, type: 'string' },
    cause_idx: { no: 4, type: 'int32', label: 'optional' },
    spark_throwable: { no: 5, type: 'spark.connect.FetchErrorDetailsResponse.SparkThrowable', label: 'optional' },
  },
  'spark.connect.FetchErrorDetailsResponse.SparkThrowable': {
    error_class: { no: 1, type: 'string', label: 'optional' },
    message_parameters: { no: 2, type: 'map<string,string>', label: 'repeated' },
    sql_state: { no: 4, type: 'string', label: 'optional' },
  },
  'google.rpc.Status': {
    code: { no: 1, type: 'int32' },
    message: { no: 2, type: 'string' },
    details: { no: 3, type: 'google.protobuf.Any', label: 'repeated' },
  },
  'google.protobuf.Any': {
    type_url: { no: 1, type: 'string' },
    value: { no: 2, type: 'bytes' },
  },
  'google.rpc.ErrorInfo': {
    reason: { no: 1, type: 'string' },
    domain: { no: 2, type: 'string' },
    metadata: { no: 3, type: 'map<string,string>', label: 'repeated' },
  },
} as const satisfies Record<string, Record<string, FieldDecl>>;

/** The RPCs of `spark.connect.SparkConnectService` this client calls, with their request and response types. */
export const service = {
  name: 'spark.connect.SparkConnectService',
  methods: {
    ExecutePlan: {
      input: 'spark.connect.ExecutePlanRequest',
      output: 'spark.connect.ExecutePlanResponse',
      serverStreaming: true,
    },
    FetchErrorDetails: {
      input: 'spark.connect.FetchErrorDetailsRequest',
      output: 'spark.connect.FetchErrorDetailsResponse',
      serverStreaming: false,
    },
    ReleaseSession: {
      input: 'spark.connect.ReleaseSessionRequest',
      output: 'spark.connect.ReleaseSessionResponse',
      serverStreaming: false,
    },
  },
} as const;

type Decls = typeof messages;
/** The full name of a declared message. */
export type MessageName = keyof Decls;

type ValueOf<T> = T extends 'string'
  ? string
  : T extends 'bytes'
    ? Uint8Array
    : T extends 'bool'
      ? boolean
      : T extends 'int32'
        ? number
        : T extends 'int64'
          ? bigint
          : T extends MessageName
            ? Message<T>
            : never;
type FieldValue<F> = F extends { type: 'map<string,string>' }
  ? Record<string, string>
  : F extends { label: 'repeated'; type: infer T }
    ? ValueOf<T>[]
    : F extends { type: infer T }
      ? ValueOf<T>
      : never;

/** A declared message as a plain object: every field optional (absent = the protobuf default). */
export type Message<N extends MessageName> = { -readonly [K in keyof Decls[N]]?: FieldValue<Decls[N][K]> };

type ReferencedTypes = {
  [N in MessageName]: { [K in keyof Decls[N]]: Decls[N][K] extends { type: infer T } ? T : never }[keyof Decls[N]];
}[MessageName];
/** Compile-time check: every message a field refers to is declared too. */
export type UndeclaredReferences = Exclude<ReferencedTypes, MessageName | ScalarType | 'map<string,string>'>;
type Assert<T extends true> = T;
/** Fails to compile when a field refers to an undeclared message (see `UndeclaredReferences` for which). */
export type EveryReferenceDeclared = Assert<[UndeclaredReferences] extends [never] ? true : false>;

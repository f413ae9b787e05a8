"""The protobuf oracle for the wire tests: pyspark's generated *_pb2 descriptors and Google's protobuf runtime.

Reads one JSON request on stdin and writes one JSON answer on stdout:
  {"describe": ["spark.connect.Plan", ...]}
      -> {"messages": {name: {field: {"no", "type", "label", "oneof"}}}, "services": {name: {method: {...}}}}
  {"encode": [[message, json_object], ...]}   (json_object in protobuf's JSON mapping)
      -> {"encoded": [base64, ...]}
  {"decode": [[message, base64], ...]}
      -> {"decoded": [json_object, ...]}   (protobuf's JSON mapping, field names as in the .proto)
Run with the Spark venv's python (scripts/spark/venv.sh).
"""
import base64
import importlib
import importlib.util
import json
import os
import sys
import types

# Load pyspark's generated modules without running pyspark's package __init__ files (which need grpc, pandas...).
_base = os.path.dirname(importlib.util.find_spec("pyspark").origin)
for _name, _sub in [("pyspark", ""), ("pyspark.sql", "sql"), ("pyspark.sql.connect", "sql/connect"),
                    ("pyspark.sql.connect.proto", "sql/connect/proto")]:
    _module = types.ModuleType(_name)
    _module.__path__ = [os.path.join(_base, _sub)]
    sys.modules[_name] = _module
for _proto in ["base", "commands", "relations", "common", "expressions", "types", "catalog", "ml", "ml_common"]:
    importlib.import_module("pyspark.sql.connect.proto.%s_pb2" % _proto)
import google.rpc.error_details_pb2  # noqa: E402,F401  (registers google.rpc.ErrorInfo)
import google.rpc.status_pb2  # noqa: E402,F401  (registers google.rpc.Status)
from google.protobuf import descriptor_pool, json_format, message_factory  # noqa: E402
from google.protobuf.descriptor import FieldDescriptor  # noqa: E402

pool = descriptor_pool.Default()
SCALARS = {
    FieldDescriptor.TYPE_STRING: "string", FieldDescriptor.TYPE_BYTES: "bytes", FieldDescriptor.TYPE_BOOL: "bool",
    FieldDescriptor.TYPE_INT32: "int32", FieldDescriptor.TYPE_INT64: "int64", FieldDescriptor.TYPE_UINT32: "uint32",
    FieldDescriptor.TYPE_UINT64: "uint64", FieldDescriptor.TYPE_SINT32: "sint32", FieldDescriptor.TYPE_SINT64: "sint64",
    FieldDescriptor.TYPE_FIXED32: "fixed32", FieldDescriptor.TYPE_FIXED64: "fixed64", FieldDescriptor.TYPE_FLOAT: "float",
    FieldDescriptor.TYPE_DOUBLE: "double", FieldDescriptor.TYPE_SFIXED32: "sfixed32",
    FieldDescriptor.TYPE_SFIXED64: "sfixed64",
}


def field_type(f):
    if f.message_type is not None:
        if f.message_type.GetOptions().map_entry:
            key, value = f.message_type.fields_by_name["key"], f.message_type.fields_by_name["value"]
            return "map<%s,%s>" % (field_type(key), field_type(value))
        return f.message_type.full_name
    if f.enum_type is not None:
        return f.enum_type.full_name
    return SCALARS[f.type]


def describe_field(f):
    oneof = f.containing_oneof
    # proto3 `optional` is a synthetic oneof named _<field> holding only that field
    synthetic = oneof is not None and len(oneof.fields) == 1 and oneof.name == "_" + f.name
    if f.label == FieldDescriptor.LABEL_REPEATED:
        label = "repeated"
    elif synthetic:
        label = "optional"
    else:
        label = None
    return {"no": f.number, "type": field_type(f), "label": label,
            "oneof": None if oneof is None or synthetic else oneof.name}


def describe(names):
    messages = {}
    for name in names:
        try:
            d = pool.FindMessageTypeByName(name)
        except KeyError:
            continue
        messages[name] = {f.name: describe_field(f) for f in d.fields}
    services = {}
    for s in ["spark.connect.SparkConnectService"]:
        sd = pool.FindServiceByName(s)
        services[s] = {m.name: {"input": m.input_type.full_name, "output": m.output_type.full_name,
                                "serverStreaming": bool(m.server_streaming)} for m in sd.methods}
    return {"messages": messages, "services": services}


def message_class(name):
    return message_factory.GetMessageClass(pool.FindMessageTypeByName(name))


def main():
    request = json.load(sys.stdin)
    if "describe" in request:
        answer = describe(request["describe"])
    elif "encode" in request:
        answer = {"encoded": [
            base64.b64encode(json_format.ParseDict(obj, message_class(name)()).SerializeToString()).decode()
            for name, obj in request["encode"]]}
    elif "decode" in request:
        decoded = []
        for name, b64 in request["decode"]:
            msg = message_class(name)()
            msg.ParseFromString(base64.b64decode(b64))
            decoded.append(json_format.MessageToDict(msg, preserving_proto_field_name=True))
        answer = {"decoded": decoded}
    else:
        raise SystemExit("unknown request: %s" % sorted(request))
    json.dump(answer, sys.stdout)


main()

/**
 * Encodes and decodes the declared messages (messages.ts) to and from protobuf bytes. Fields are written in
 * field-number order, proto3 defaults of plain singular fields are left out (as protoc's encoders do), and
 * fields a message does not declare are skipped on reading.
 */
import { messages, type FieldDecl, type Message, type MessageName } from './messages.js';
import { ProtoReader, ProtoWriter, WireFormatError, WireType } from './wire.js';

type Plain = Record<string, unknown>;
type Declared = readonly (readonly [string, FieldDecl])[];

const byName = new Map<string, Declared>();
const byNumber = new Map<string, Map<number, readonly [string, FieldDecl]>>();

function fieldsOf(name: string): Declared {
  let fields = byName.get(name);
  if (fields === undefined) {
    const decls = (messages as Record<string, Record<string, FieldDecl> | undefined>)[name];
    if (decls === undefined) throw new Error(`message ${name} is not declared`);
    fields = Object.entries(decls).sort((a, b) => a[1].no - b[1].no);
    byName.set(name, fields);
    byNumber.set(name, new Map(fields.map((f) => [f[1].no, f] as const)));
  }
  return fields;
}

function isMessageType(type: string): boolean {
  return type.includes('.');
}

/**
 * Encodes a declared message to protobuf bytes.
 * @example
 * encodeMessage('spark.connect.SQL', { query: 'SELECT 1' }); // Uint8Array [10, 8, 83, 69, 76, ...]
 */
export function encodeMessage<N extends MessageName>(name: N, value: Message<N>): Uint8Array {
  const w = new ProtoWriter();
  writeMessage(w, name, value);
  return w.finish();
}

function writeMessage(w: ProtoWriter, name: string, value: Plain): void {
  const oneofs = new Map<string, string>();
  for (const [field, decl] of fieldsOf(name)) {
    const v = value[field];
    if (v === undefined) continue;
    if (decl.oneof !== undefined) {
      const other = oneofs.get(decl.oneof);
      if (other !== undefined) throw new Error(`${name}: ${other} and ${field} are both set in oneof ${decl.oneof}`);
      oneofs.set(decl.oneof, field);
    }
    if (decl.type === 'map<string,string>') {
      for (const [key, entry] of Object.entries(v as Record<string, string>)) {
        const e = new ProtoWriter();
        e.tag(1, WireType.bytes);
        e.string(key);
        e.tag(2, WireType.bytes);
        e.string(entry);
        w.tag(decl.no, WireType.bytes);
        w.bytes(e.finish());
      }
    } else if (decl.label === 'repeated') {
      for (const item of v as unknown[]) writeValue(w, decl, item);
    } else {
      const present = decl.label === 'optional' || decl.oneof !== undefined || isMessageType(decl.type);
      if (present || !isDefault(v)) writeValue(w, decl, v);
    }
  }
}

function isDefault(v: unknown): boolean {
  return v === '' || v === 0 || v === 0n || v === false || (v instanceof Uint8Array && v.length === 0);
}

function writeValue(w: ProtoWriter, decl: FieldDecl, v: unknown): void {
  switch (decl.type) {
    case 'string':
      w.tag(decl.no, WireType.bytes);
      w.string(v as string);
      return;
    case 'bytes':
      w.tag(decl.no, WireType.bytes);
      w.bytes(v as Uint8Array);
      return;
    case 'bool':
      w.tag(decl.no, WireType.varint);
      w.bool(v as boolean);
      return;
    case 'int32':
      w.tag(decl.no, WireType.varint);
      w.int32(v as number);
      return;
    case 'int64':
      w.tag(decl.no, WireType.varint);
      w.int64(v as bigint);
      return;
    default: {
      const inner = new ProtoWriter();
      writeMessage(inner, decl.type, v as Plain);
      w.tag(decl.no, WireType.bytes);
      w.bytes(inner.finish());
    }
  }
}

/**
 * Decodes protobuf bytes as a declared message; undeclared fields are skipped, a malformed encoding throws
 * `WireFormatError`.
 * @example
 * decodeMessage('spark.connect.SQL', new Uint8Array([10, 1, 49])); // { query: '1' }
 */
export function decodeMessage<N extends MessageName>(name: N, bytes: Uint8Array): Message<N> {
  return readMessage(new ProtoReader(bytes), name, Object.create(null) as Plain) as Message<N>;
}

function readMessage(r: ProtoReader, name: string, target: Plain): Plain {
  fieldsOf(name);
  const numbers = byNumber.get(name)!;
  while (!r.done) {
    const [no, wireType] = r.tag();
    const found = numbers.get(no);
    if (found === undefined) {
      r.skip(wireType, no);
      continue;
    }
    const [field, decl] = found;
    if (decl.type === 'map<string,string>') {
      expectWire(wireType, WireType.bytes, name, field);
      const map = (target[field] ??= Object.create(null)) as Record<string, string>;
      const [key, value] = readStringEntry(new ProtoReader(r.bytes()));
      map[key] = value;
    } else if (decl.label === 'repeated') {
      const list = (target[field] ??= []) as unknown[];
      if (wireType === WireType.bytes && isPackable(decl.type)) {
        const packed = new ProtoReader(r.bytes());
        while (!packed.done) list.push(readScalar(packed, decl.type));
      } else list.push(readValue(r, wireType, decl, undefined, name, field));
    } else {
      if (decl.oneof !== undefined) {
        for (const [other, d] of numbers.values())
          if (d.oneof === decl.oneof && other !== field) Reflect.deleteProperty(target, other);
      }
      target[field] = readValue(r, wireType, decl, target[field], name, field);
    }
  }
  return target;
}

function isPackable(type: string): boolean {
  return type === 'int32' || type === 'int64' || type === 'bool';
}

function readStringEntry(r: ProtoReader): [string, string] {
  let key = '';
  let value = '';
  while (!r.done) {
    const [no, wireType] = r.tag();
    if (no === 1 && wireType === WireType.bytes) key = r.string();
    else if (no === 2 && wireType === WireType.bytes) value = r.string();
    else r.skip(wireType, no);
  }
  return [key, value];
}

function readScalar(r: ProtoReader, type: string): unknown {
  switch (type) {
    case 'int32':
      return r.int32();
    case 'int64':
      return r.int64();
    default:
      return r.bool();
  }
}

function readValue(r: ProtoReader, wireType: number, decl: FieldDecl, prior: unknown, msg: string, field: string) {
  switch (decl.type) {
    case 'string':
      expectWire(wireType, WireType.bytes, msg, field);
      return r.string();
    case 'bytes':
      expectWire(wireType, WireType.bytes, msg, field);
      return r.bytes(); // a view into the received message: Arrow batches are not copied
    case 'bool':
    case 'int32':
    case 'int64':
      expectWire(wireType, WireType.varint, msg, field);
      return readScalar(r, decl.type);
    default: {
      expectWire(wireType, WireType.bytes, msg, field);
      // A message field seen twice is merged, as protobuf parsers do.
      const into = (prior ?? Object.create(null)) as Plain;
      return readMessage(new ProtoReader(r.bytes()), decl.type, into);
    }
  }
}

function expectWire(actual: number, expected: number, msg: string, field: string): void {
  if (actual !== expected) {
    throw new WireFormatError(`${msg}.${field}: wire type ${actual}, expected ${expected}`);
  }
}

/**
 * Protobuf with a schema the user supplies as `.proto` text (or a compiled
 * descriptor set, protobuf-descriptor.ts).
 *
 * protobufjs parses the `.proto` into reflected types; its own decode, verify
 * and toObject generate code with `new Function`, which the extension's CSP
 * forbids, so this file never calls them and walks the wire format over the
 * reflected fields itself. (Importing protobufjs runs no eval: v8 dropped the
 * `inquire` eval trick; protobuf.test.ts proves it under a no-codegen realm.)
 *
 * The decoded value keeps the `.proto` field names; only fields on the wire
 * appear (no defaults). 64-bit integers are decimal strings, bytes Uint8Array,
 * enums their value's name (the number when unknown), unknown fields keyed by
 * number as the wire view reads them. Timestamp, Duration, the wrappers,
 * Struct/Value/ListValue and Any read as in proto3's JSON mapping.
 */
import { Enum, MapField, Root, Type, common, parse, type Field } from 'protobufjs';
import { BY_URL, type ConnectionDecoder, type Decoder, type DecoderFrame, type FrameDecoding } from './types';
import { truncatedReason, utf8OrUndefined } from './bytes';
import { setOwn } from './plain-value';
import {
  WIRE_32BIT,
  WIRE_64BIT,
  WIRE_END_GROUP,
  WIRE_LENGTH_DELIMITED,
  WIRE_START_GROUP,
  WIRE_VARINT,
} from './protobuf-wire';
import { WireError, WireReader } from './protobuf-wire';
import { decodeRawMessage, int64Text, sint64Text, uint64Text, unsupportedWireType } from './protobuf-wire';
import { wellKnownValue } from './protobuf-well-known';
import { rootFromDescriptorSet } from './protobuf-descriptor';

const MAX_DEPTH = 64;

export interface ProtobufSchemaOptions {
  /** One `.proto` file's text, or several that import one another. */
  protoText?: string | readonly string[];
  /** Or a compiled FileDescriptorSet (`protoc --descriptor_set_out --include_imports`). */
  descriptorSet?: Uint8Array;
  /** The message every frame holds, with its package: `chat.Envelope`. */
  messageType: string;
  /** Connections whose URL matches (`*` matches anything) pick this decoder. */
  urlPattern?: string;
}

const WIRE_TYPES: Record<string, number> = {
  double: WIRE_64BIT,
  float: WIRE_32BIT,
  int32: WIRE_VARINT,
  uint32: WIRE_VARINT,
  sint32: WIRE_VARINT,
  int64: WIRE_VARINT,
  uint64: WIRE_VARINT,
  sint64: WIRE_VARINT,
  bool: WIRE_VARINT,
  fixed32: WIRE_32BIT,
  sfixed32: WIRE_32BIT,
  fixed64: WIRE_64BIT,
  sfixed64: WIRE_64BIT,
  string: WIRE_LENGTH_DELIMITED,
  bytes: WIRE_LENGTH_DELIMITED,
};

function wireTypeOf(typeName: string, resolved: Type | Enum | null | undefined): number {
  if (resolved instanceof Type) return WIRE_LENGTH_DELIMITED;
  return WIRE_TYPES[typeName] ?? WIRE_VARINT;
}

/** Reads one field of `type` (a scalar name, or a resolved enum / message). */
export class SchemaReader {
  /** protobufjs computes `fullName` by walking parents on every read. */
  private readonly fullNames = new Map<Type, string>();

  constructor(private readonly root: Root) {}

  message(type: Type, bytes: Uint8Array, depth: number): unknown {
    if (depth > MAX_DEPTH) throw new WireError(`messages nest deeper than ${MAX_DEPTH}`);
    const reader = new WireReader(bytes);
    const out: Record<string, unknown> = {};
    const byId = type.fieldsById;
    let unknownFields: Map<number, unknown[]> | undefined;
    while (!reader.done) {
      const start = reader.pos;
      const { field: number, wireType } = reader.tag();
      const field = byId[number];
      if (!field) {
        reader.pos = start;
        unknownFields ??= new Map();
        const seen = unknownFields.get(number);
        if (seen) seen.push(this.unknown(reader));
        else unknownFields.set(number, [this.unknown(reader)]);
        continue;
      }
      try {
        this.field(field, wireType, reader, out, depth);
      } catch (error) {
        if (error instanceof WireError) throw new WireError(`${type.name}.${field.name}: ${error.message}`);
        throw error;
      }
    }
    for (const [number, values] of unknownFields ?? []) out[number] = values.length === 1 ? values[0] : values;
    let fullName = this.fullNames.get(type);
    if (fullName === undefined) this.fullNames.set(type, (fullName = type.fullName));
    return wellKnownValue(fullName, out, this, depth);
  }

  private field(field: Field, wireType: number, reader: WireReader, out: Record<string, unknown>, depth: number): void {
    const name = field.protoName || field.name;
    field.resolve();
    if (field instanceof MapField) {
      if (wireType !== WIRE_LENGTH_DELIMITED) throw new WireError(`a map entry with wire type ${wireType}`);
      const [key, value] = this.mapEntry(field, reader.lengthDelimited(), depth);
      const map = (Object.hasOwn(out, name) ? out[name] : define(out, name, Object.create(null))) as Record<
        string,
        unknown
      >;
      map[key] = value;
      return;
    }
    let values: unknown[];
    if (
      field.repeated &&
      wireType === WIRE_LENGTH_DELIMITED &&
      wireTypeOf(field.type, field.resolvedType) !== wireType
    ) {
      // Packed: parsers accept packed and unpacked encodings whatever the .proto says.
      const packed = new WireReader(reader.lengthDelimited());
      const itemWireType = wireTypeOf(field.type, field.resolvedType);
      values = [];
      while (!packed.done) values.push(this.scalar(field, itemWireType, packed, depth));
    } else {
      values = [this.scalar(field, wireType, reader, depth)];
    }
    if (!field.repeated) define(out, name, values[0]);
    else if (Object.hasOwn(out, name)) for (const value of values) (out[name] as unknown[]).push(value);
    else define(out, name, values);
  }

  private mapEntry(field: MapField, bytes: Uint8Array, depth: number): [string, unknown] {
    const entry = new WireReader(bytes);
    let key: unknown = '';
    let value: unknown;
    while (!entry.done) {
      const { field: number, wireType } = entry.tag();
      if (number === 1) key = this.scalarOfType(field.keyType, undefined, wireType, entry, depth);
      else if (number === 2) value = this.scalar(field, wireType, entry, depth);
      else entry.skip(wireType);
    }
    return [String(key), value];
  }

  private scalar(
    field: Pick<Field, 'type' | 'resolvedType'>,
    wireType: number,
    reader: WireReader,
    depth: number,
  ): unknown {
    return this.scalarOfType(field.type, field.resolvedType, wireType, reader, depth);
  }

  scalarOfType(
    typeName: string,
    resolved: Type | Enum | null | undefined,
    wireType: number,
    reader: WireReader,
    depth: number,
  ): unknown {
    const expected = wireTypeOf(typeName, resolved);
    if (wireType !== expected) {
      if (wireType === WIRE_START_GROUP || wireType === WIRE_END_GROUP || wireType > 5) {
        throw unsupportedWireType(wireType, reader.pos);
      }
      throw new WireError(`wire type ${wireType} on the wire, but a ${typeName} has wire type ${expected}`);
    }
    if (resolved instanceof Type) return this.message(resolved, reader.lengthDelimited(), depth + 1);
    if (resolved instanceof Enum) {
      const number = reader.varint()[0] | 0;
      return resolved.valuesById[number] ?? number;
    }
    switch (typeName) {
      case 'double':
        return reader.double();
      case 'float':
        return reader.float();
      case 'int32':
        return reader.varint()[0] | 0;
      case 'uint32':
        return reader.varint()[0];
      case 'sint32': {
        const n = reader.varint()[0];
        return (n >>> 1) ^ -(n & 1);
      }
      case 'bool':
        return reader.varint().some((half) => half !== 0);
      case 'int64':
        return int64Text(...reader.varint());
      case 'uint64':
        return uint64Text(...reader.varint());
      case 'sint64':
        return sint64Text(...reader.varint());
      case 'fixed32':
        return reader.fixed32();
      case 'sfixed32':
        return reader.fixed32() | 0;
      case 'fixed64':
        return uint64Text(...reader.fixed64());
      case 'sfixed64':
        return int64Text(...reader.fixed64());
      case 'string': {
        const text = utf8OrUndefined(reader.lengthDelimited());
        if (text === undefined) throw new WireError('a string that is not valid UTF-8');
        return text;
      }
      default:
        return reader.lengthDelimited();
    }
  }

  /** A field the schema does not name: read as the wire view would. */
  private unknown(reader: WireReader): unknown {
    const start = reader.pos;
    reader.skip(reader.tag().wireType);
    const raw = decodeRawMessage(reader.bytes.subarray(start, reader.pos));
    if ('error' in raw) throw new WireError(raw.error);
    return Object.values(raw.value)[0];
  }

  lookup(typeUrl: string): Type | undefined {
    const name = typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
    try {
      return this.root.lookupType(name);
    } catch {
      return undefined;
    }
  }
}

/** Sets a key even when it is `__proto__` (a .proto may name a field so). */
function define(out: Record<string, unknown>, key: string, value: unknown): unknown {
  setOwn(out, key, value);
  return value;
}

/** The .proto texts as one resolved Root, or why not. */
export function parseProto(protoText: string | readonly string[]): Root | { error: string } {
  const root = new Root();
  try {
    const texts = typeof protoText === 'string' ? [protoText] : protoText;
    for (const text of texts) {
      const parsed = parse(text, root, { keepCase: true });
      for (const file of parsed.imports ?? []) {
        const bundled = common.get(file);
        if (bundled) root.addJSON((bundled as { nested: Record<string, never> }).nested);
      }
    }
    root.resolveAll();
    return root;
  } catch (error) {
    return { error: `the .proto does not parse: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

class SchemaConnection implements ConnectionDecoder {
  constructor(
    private readonly reader: SchemaReader,
    private readonly type: Type,
    private readonly name: string,
  ) {}

  decode(frame: DecoderFrame): FrameDecoding {
    if (frame.truncated) return { error: truncatedReason(frame) };
    if (typeof frame.data === 'string') return { error: 'protobuf travels in binary frames; this is a text frame' };
    try {
      const body = this.reader.message(this.type, frame.data, 0);
      return { messages: [{ protocol: 'protobuf', kind: 'message', name: this.name, body }] };
    } catch (error) {
      const reason = error instanceof WireError ? error.message : String(error);
      return { error: `not a ${this.name}: ${reason}` };
    }
  }
}

/** A decoder for one message type of a user's schema, or why the schema cannot be used. */
export function createProtobufDecoder(options: ProtobufSchemaOptions): Decoder | { error: string } {
  const root = options.descriptorSet
    ? rootFromDescriptorSet(options.descriptorSet)
    : options.protoText !== undefined
      ? parseProto(options.protoText)
      : { error: 'a protobuf schema needs .proto text or a descriptor set' };
  if ('error' in root) return root;
  let type: Type;
  try {
    type = root.lookupType(options.messageType);
  } catch {
    return { error: `the .proto has no message type ${options.messageType}` };
  }
  const name = type.fullName.replace(/^\./, '');
  const reader = new SchemaReader(root);
  const pattern = options.urlPattern ? globToRegExp(options.urlPattern) : undefined;
  return {
    protocol: 'protobuf',
    label: `Protobuf (${name})`,
    detect: (info) => (pattern?.test(info.url) ? BY_URL : 0),
    create: () => new SchemaConnection(reader, type, name),
  };
}

/**
 * A compiled schema (`protoc --descriptor_set_out=… --include_imports`) as the
 * protobufjs Root the .proto path builds, so both decode the same way.
 * @bufbuild/protobuf reads the FileDescriptorSet (reflectively: protobufjs's
 * own descriptor extension decodes with generated code, which the CSP forbids);
 * the files become protobufjs JSON definitions.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import type { DescriptorProto, EnumDescriptorProto, FieldDescriptorProto } from '@bufbuild/protobuf/wkt';
import { Root, common } from 'protobufjs';

/** FieldDescriptorProto.Type → the .proto name of the scalar (message and enum use the type name). */
const SCALARS = [
  '',
  'double',
  'float',
  'int64',
  'uint64',
  'int32',
  'fixed64',
  'fixed32',
  'bool',
  'string',
  'group',
  'message',
  'bytes',
  'uint32',
  'enum',
  'sfixed32',
  'sfixed64',
  'sint32',
  'sint64',
];
const TYPE_MESSAGE = 11;
const TYPE_ENUM = 14;
const TYPE_GROUP = 10;
const LABEL_REPEATED = 3;

type Json = Record<string, unknown>;

function typeOf(field: FieldDescriptorProto): string {
  const named = field.type === TYPE_MESSAGE || field.type === TYPE_ENUM || field.type === TYPE_GROUP;
  return named ? field.typeName : (SCALARS[field.type] ?? 'bytes');
}

function enumJson(descriptor: EnumDescriptorProto): Json {
  return { values: Object.fromEntries(descriptor.value.map((value) => [value.name, value.number])) };
}

function messageJson(descriptor: DescriptorProto): Json {
  const entries = new Map(descriptor.nestedType.filter((n) => n.options?.mapEntry).map((n) => [n.name, n]));
  const fields: Json = {};
  for (const field of descriptor.field) {
    const entry =
      field.type === TYPE_MESSAGE ? entries.get(field.typeName.slice(field.typeName.lastIndexOf('.') + 1)) : undefined;
    const [key, value] = entry?.field ?? [];
    if (entry && key && value && field.label === LABEL_REPEATED) {
      fields[field.name] = { keyType: typeOf(key), type: typeOf(value), id: field.number };
    } else {
      fields[field.name] = {
        type: typeOf(field),
        id: field.number,
        ...(field.label === LABEL_REPEATED ? { rule: 'repeated' } : {}),
      };
    }
  }
  const nested: Json = {};
  for (const child of descriptor.nestedType) if (!entries.has(child.name)) nested[child.name] = messageJson(child);
  for (const child of descriptor.enumType) nested[child.name] = enumJson(child);
  return Object.keys(nested).length > 0 ? { fields, nested } : { fields };
}

/** A namespace path (`a.b`) down from `root`, made as needed. */
function namespaceAt(root: Json, path: string): Json {
  let nested = root;
  for (const part of path ? path.split('.') : []) {
    const next = (nested[part] ??= { nested: {} }) as { nested?: Json };
    nested = next.nested ??= {};
  }
  return nested;
}

export function rootFromDescriptorSet(bytes: Uint8Array): Root | { error: string } {
  try {
    const set = fromBinary(FileDescriptorSetSchema, bytes);
    const json: Json = {};
    const names = new Set(set.file.map((file) => file.name));
    for (const file of set.file) {
      const nested = namespaceAt(json, file.package);
      for (const message of file.messageType) nested[message.name] = messageJson(message);
      for (const enumType of file.enumType) nested[enumType.name] = enumJson(enumType);
    }
    const root = Root.fromJSON({ nested: json } as never);
    // Google's types a set was compiled without (no --include_imports) come from protobufjs's copies.
    for (const dependency of new Set(set.file.flatMap((file) => file.dependency))) {
      const bundled = names.has(dependency) ? null : common.get(dependency);
      if (bundled) root.addJSON((bundled as { nested: Record<string, never> }).nested);
    }
    root.resolveAll();
    return root;
  } catch (error) {
    return { error: `the descriptor set cannot be used: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * The user's protobuf schemas: a .proto text, the message type its frames
 * carry, and the socket URLs it applies to (a glob). Kept in localStorage like
 * the layout. The decoder module (protobufjs to parse the .proto) is loaded
 * only when a schema exists, so a panel without one does not pay for it.
 */
import { signal } from '@preact/signals';
import type { Decoder } from '../lib/decoders/types';

export interface ProtobufSchema {
  urlPattern: string;
  messageType: string;
  protoText: string;
}

const KEY = 'wsl.protobufSchemas';
/** What all schemas may take in storage, in characters. */
export const MAX_SCHEMA_CHARS = 2_000_000;

/** Decoders made from the saved schemas, first match wins (added before the built-in ones). */
export const protobufDecoders = signal<readonly Decoder[]>([]);
export const protobufSchemas = signal<readonly ProtobufSchema[]>(load());

function load(): ProtobufSchema[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (s): s is ProtobufSchema =>
        !!s && typeof s.urlPattern === 'string' && typeof s.messageType === 'string' && typeof s.protoText === 'string',
    );
  } catch {
    return [];
  }
}

/** Makes a decoder from a schema, or says why it cannot be used (bad .proto, unknown type). */
export async function compileSchema(schema: ProtobufSchema): Promise<Decoder | { error: string }> {
  const { createProtobufDecoder } = await import('../lib/decoders/protobuf');
  return createProtobufDecoder(schema);
}

/** The message types a .proto defines, for the user to pick from; an error when it does not parse. */
export async function messageTypesOf(protoText: string): Promise<string[] | { error: string }> {
  const { parseProto } = await import('../lib/decoders/protobuf');
  const root = parseProto(protoText);
  if ('error' in root) return root;
  const types: string[] = [];
  const walk = (namespace: { nestedArray?: unknown[] }) => {
    for (const nested of namespace.nestedArray ?? []) {
      const item = nested as { fullName: string; fields?: object; nestedArray?: unknown[] };
      if (item.fields) types.push(item.fullName.replace(/^\./, ''));
      walk(item);
    }
  };
  walk(root as unknown as { nestedArray?: unknown[] });
  return types.filter((t) => !t.startsWith('google.protobuf.'));
}

/** Compiles every saved schema (skipping any that no longer compiles) into `protobufDecoders`. */
export async function loadSchemaDecoders(schemas: readonly ProtobufSchema[] = protobufSchemas.value): Promise<void> {
  if (schemas.length === 0) {
    protobufDecoders.value = [];
    return;
  }
  const compiled = await Promise.all(schemas.map(compileSchema));
  protobufDecoders.value = compiled.filter((d): d is Decoder => !('error' in d));
}

/** Saves a schema (replacing one with the same URL pattern) once it compiles; returns why not otherwise. */
export async function saveSchema(schema: ProtobufSchema): Promise<string | null> {
  const compiled = await compileSchema(schema);
  if ('error' in compiled) return compiled.error;
  const next = [...protobufSchemas.value.filter((s) => s.urlPattern !== schema.urlPattern), schema];
  const text = JSON.stringify(next);
  if (text.length > MAX_SCHEMA_CHARS)
    return `the schemas would take ${text.length.toLocaleString('en-US')} characters; the limit is ${MAX_SCHEMA_CHARS.toLocaleString('en-US')}`;
  try {
    localStorage.setItem(KEY, text);
  } catch {
    // Not remembered for the next session, but used in this one.
  }
  protobufSchemas.value = next;
  await loadSchemaDecoders(next);
  return null;
}

export async function removeSchema(urlPattern: string): Promise<void> {
  const next = protobufSchemas.value.filter((s) => s.urlPattern !== urlPattern);
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // As above.
  }
  protobufSchemas.value = next;
  await loadSchemaDecoders(next);
}

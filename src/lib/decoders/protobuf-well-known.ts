/**
 * Google's well-known types read as proto3's JSON mapping shows them: a
 * Timestamp as RFC 3339 text, a Duration as "1.5s", wrappers as their value,
 * Struct / Value / ListValue as plain JSON, Any with its packed message decoded
 * when the schema knows its type. Fields arrive already decoded (snake_case).
 */
import type { Type } from 'protobufjs';

interface AnyDecoder {
  lookup(typeUrl: string): Type | undefined;
  message(type: Type, bytes: Uint8Array, depth: number): unknown;
}

const WRAPPER_DEFAULTS: Record<string, unknown> = {
  '.google.protobuf.DoubleValue': 0,
  '.google.protobuf.FloatValue': 0,
  '.google.protobuf.Int64Value': '0',
  '.google.protobuf.UInt64Value': '0',
  '.google.protobuf.Int32Value': 0,
  '.google.protobuf.UInt32Value': 0,
  '.google.protobuf.BoolValue': false,
  '.google.protobuf.StringValue': '',
  '.google.protobuf.BytesValue': new Uint8Array(0),
};

const VALUE_KINDS = ['null_value', 'number_value', 'string_value', 'bool_value', 'struct_value', 'list_value'];

export function wellKnownValue(
  fullName: string,
  fields: Record<string, unknown>,
  any: AnyDecoder,
  depth: number,
): unknown {
  if (!fullName.startsWith('.google.protobuf.')) return fields;
  if (fullName in WRAPPER_DEFAULTS) return 'value' in fields ? fields.value : WRAPPER_DEFAULTS[fullName];
  switch (fullName) {
    case '.google.protobuf.Timestamp':
      return timestampText(fields) ?? fields;
    case '.google.protobuf.Duration':
      return durationText(fields);
    case '.google.protobuf.Struct':
      return fields.fields ?? {};
    case '.google.protobuf.ListValue':
      return fields.values ?? [];
    case '.google.protobuf.Value': {
      const kind = VALUE_KINDS.find((name) => name in fields);
      return kind === undefined || kind === 'null_value' ? null : fields[kind];
    }
    case '.google.protobuf.FieldMask':
      return Array.isArray(fields.paths) ? fields.paths.join(',') : '';
    case '.google.protobuf.Any':
      return anyValue(fields, any, depth);
    default:
      return fields;
  }
}

function fraction(nanos: unknown): string {
  if (typeof nanos !== 'number' || nanos === 0) return '';
  const digits = String(Math.abs(nanos)).padStart(9, '0');
  return '.' + (digits.endsWith('000000') ? digits.slice(0, 3) : digits.endsWith('000') ? digits.slice(0, 6) : digits);
}

function timestampText(fields: Record<string, unknown>): string | undefined {
  const seconds = Number(fields.seconds ?? 0);
  const date = new Date(seconds * 1000);
  if (!Number.isFinite(date.getTime())) return undefined;
  return date.toISOString().replace('.000Z', `${fraction(fields.nanos)}Z`);
}

function durationText(fields: Record<string, unknown>): string {
  const seconds = String(fields.seconds ?? '0');
  const nanos = typeof fields.nanos === 'number' ? fields.nanos : 0;
  const sign = nanos < 0 && !seconds.startsWith('-') ? '-' : '';
  return `${sign}${seconds}${fraction(nanos)}s`;
}

function anyValue(fields: Record<string, unknown>, any: AnyDecoder, depth: number): unknown {
  const typeUrl = typeof fields.type_url === 'string' ? fields.type_url : '';
  const bytes = fields.value instanceof Uint8Array ? fields.value : new Uint8Array(0);
  const type = typeUrl ? any.lookup(typeUrl) : undefined;
  if (!type) return { '@type': typeUrl, value: bytes };
  const decoded = any.message(type, bytes, depth + 1);
  const isObject =
    typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded) && !(decoded instanceof Uint8Array);
  return isObject ? { '@type': typeUrl, ...decoded } : { '@type': typeUrl, value: decoded };
}

/**
 * What MessagePack and CBOR decoders return, made plain for the Decoded tab and
 * exports: Maps become objects (keys as text), bigints a number when exact and
 * else decimal text ending in `n` ("18446744073709551615n"), Dates ISO text,
 * undefined null; byte strings stay Uint8Array. Arrays and plain objects are
 * converted in place. Depth is bounded, so a hostile frame cannot exhaust the stack here.
 */
export class TooDeep extends Error {}

export const MAX_PLAIN_DEPTH = 100;

export function toPlainValue(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return bigintValue(value);
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Uint8Array) return value;
  if (depth >= MAX_PLAIN_DEPTH) throw new TooDeep(`values nest deeper than ${MAX_PLAIN_DEPTH}`);
  // Arrays and plain objects are fresh from the decoder and ours: converted in place, not copied.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = toPlainValue(value[i], depth + 1);
    return value;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = toPlainValue(record[key], depth + 1);
    return record;
  }
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString() : String(value);
  const out: Record<string, unknown> = {};
  const entries = value instanceof Map ? value.entries() : Object.entries(value);
  for (const [key, item] of entries) setOwn(out, keyText(key, depth), toPlainValue(item, depth + 1));
  return out;
}

/** `out[key] = value`, also when the key is `__proto__` (which would set the prototype instead). */
export function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

export function bigintValue(value: bigint): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : `${value}n`;
}

/** A map key as object key text: strings as they are, bytes as h'0a0b' (CBOR diagnostic style). */
export function keyText(key: unknown, depth = 0): string {
  if (typeof key === 'string') return key;
  if (key instanceof Uint8Array) {
    let hex = '';
    for (const byte of key.subarray(0, 64)) hex += byte.toString(16).padStart(2, '0');
    return `h'${hex}${key.length > 64 ? '…' : ''}'`;
  }
  if (typeof key !== 'object' || key === null) return String(typeof key === 'bigint' ? bigintValue(key) : key);
  return JSON.stringify(toPlainValue(key, depth + 1)) ?? String(key);
}

/** A type's own word for the value: map, array, binary, null, string, number, boolean. */
export function valueKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'binary';
  return typeof value === 'object' ? 'map' : typeof value;
}

const NAME_KEYS = ['type', 'event', 'method', 'action', 'op', 'cmd', 'topic', 'channel'];

/** A name for stats and filters: a map's `type`/`event`/… text, or an array's leading text. */
export function guessName(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    return typeof first === 'string' && first.length <= 64 ? first : undefined;
  }
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of NAME_KEYS) {
    const name = record[key];
    if (typeof name === 'string' && name.length <= 64) return name;
  }
  return undefined;
}

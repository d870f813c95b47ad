/**
 * Helpers every decoder shares: a frame's bytes whatever its type, strict
 * UTF-8, the reason given for a cut frame, directions, subprotocol checks, and
 * a map that forgets its oldest entries so per-connection state stays bounded
 * on long sessions. (json-text.ts adds the text decoders' own.)
 */
import type { DecoderFrame } from './types';

export type Direction = 'sent' | 'received';

const encoder = new TextEncoder();
// Fatal: a string that is not UTF-8 is a sign the bytes are not what we think.
// ignoreBOM keeps a leading U+FEFF as a character, as MQTT and protobuf expect.
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The frame's payload as bytes (text frames as the UTF-8 the socket sent). */
export function frameBytes(frame: DecoderFrame): Uint8Array {
  return typeof frame.data === 'string' ? encoder.encode(frame.data) : frame.data;
}

/** The bytes as text, or undefined when they are not valid UTF-8. */
export function utf8OrUndefined(bytes: Uint8Array): string | undefined {
  // Short ASCII (topics, names, ids) skips TextDecoder, whose call costs more than the loop.
  if (bytes.length <= 32) {
    let text = '';
    for (const byte of bytes) {
      if (byte >= 0x80) return decodeStrict(bytes);
      text += String.fromCharCode(byte);
    }
    return text;
  }
  return decodeStrict(bytes);
}

function decodeStrict(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** A payload as JSON when it reads as JSON, else as text, else as bytes. */
export function payloadValue(bytes: Uint8Array): unknown {
  const text = utf8OrUndefined(bytes);
  if (text === undefined) return bytes;
  const first = text.charCodeAt(0);
  if (first === 0x7b || first === 0x5b) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

export function opposite(dir: Direction): Direction {
  return dir === 'sent' ? 'received' : 'sent';
}

/** The reason every decoder gives for a payload the recorder cut. */
export function truncatedReason(frame: DecoderFrame): string {
  const size = typeof frame.data === 'string' ? `${frame.data.length} characters` : `${frame.data.length} bytes`;
  return `the recorder kept only the first ${size} of this frame, not enough to decode it`;
}

/** Per-connection lookups (request id → method, subscription → topic) stay this small. */
export const PENDING_LIMIT = 10_000;

/** A Map that forgets its oldest entries past `limit`, so a long session cannot grow it without end. */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly limit = PENDING_LIMIT) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A negotiated subprotocol, or before open one the page asked for, matching one of `names`. */
export function speaksSubprotocol(
  info: { protocol: string; protocols: readonly string[] },
  names: readonly string[],
): boolean {
  if (info.protocol) return names.includes(info.protocol.toLowerCase());
  return info.protocols.some((p) => names.includes(p.toLowerCase()));
}

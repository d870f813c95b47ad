/**
 * Small pieces the text-protocol decoders share: a frame's text, a JSON.parse
 * that reports instead of throwing, URL query reading. What binary decoders
 * need too (cut frames, directions, the bounded map, subprotocols) is in
 * bytes.ts and re-exported here for the text decoders.
 */
import type { DecoderFrame } from './types';

export { BoundedMap, opposite, PENDING_LIMIT, speaksSubprotocol, truncatedReason } from './bytes';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** The frame's text: text frames as they are, binary frames read as UTF-8. */
export function frameText(frame: DecoderFrame): string {
  return typeof frame.data === 'string' ? frame.data : utf8.decode(frame.data);
}

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text when they are valid UTF-8, else undefined. */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export type JsonResult = { value: unknown } | { error: string };

/**
 * JSON.parse without throwing. Callers check the first character before
 * calling when the text may well not be JSON, which is cheaper than a throw.
 */
export function parseJson(text: string): JsonResult {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { error: `not valid JSON (${detail})` };
  }
}

/**
 * A short, safe description of an unexpected value for an error reason. Never
 * String() or JSON.stringify an unknown value: a deeply nested array overflows
 * the stack, a huge one makes a huge reason.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field of a parsed object, or undefined when absent or of another type. */
export function stringField(object: Record<string, unknown>, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

/** An id as text: numbers and strings as written; anything else has no id. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The query parameters of a WebSocket URL; an unreadable URL has none. */
export function urlParts(url: string): { path: string; query: URLSearchParams } {
  try {
    const parsed = new URL(url);
    return { path: parsed.pathname, query: parsed.searchParams };
  } catch {
    return { path: '', query: new URLSearchParams() };
  }
}

/** The first frame in a direction, for content detection. */
export function firstFrameIn(frames: readonly DecoderFrame[], dir: 'sent' | 'received'): DecoderFrame | undefined {
  return frames.find((frame) => frame.dir === dir);
}

/**
 * A WebSocket's opening handshake as the browser saw it (webRequest, in the
 * background): the request's and the response's headers, the status, and why
 * it failed. The page hook cannot see any of it. Header names and values come
 * from the page, the browser and the server, so they are cut at limits.ts with
 * their true lengths kept, as the hook's own fields are.
 */
import * as v from 'valibot';
import {
  MAX_HEADER_NAME_CHARS,
  MAX_HEADER_VALUE_CHARS,
  MAX_HEADERS,
  MAX_NET_ERROR_CHARS,
  MAX_STATUS_LINE_CHARS,
  MAX_URL_CHARS,
} from './limits';
import { count, time } from './fields';

const trueLength = v.optional(count);

export const HeaderSchema = v.object({
  name: v.pipe(v.string(), v.maxLength(MAX_HEADER_NAME_CHARS)),
  nameLength: trueLength,
  value: v.pipe(v.string(), v.maxLength(MAX_HEADER_VALUE_CHARS)),
  valueLength: trueLength,
});
export type Header = v.InferOutput<typeof HeaderSchema>;

const headers = v.pipe(v.array(HeaderSchema), v.maxLength(MAX_HEADERS));

/**
 * Who opened the socket, as far as anyone can tell: 'document' when the page
 * hook saw the same socket; 'worker' when the browser says the request came
 * from no document (Firefox says so for workers); 'unknown' otherwise (Chrome
 * files a dedicated worker's request under its page's document).
 */
export const HandshakeContextSchema = v.picklist(['document', 'worker', 'unknown']);
export type HandshakeContext = v.InferOutput<typeof HandshakeContextSchema>;

/** One handshake, from the request's start to its end (response or error); times are epoch ms. */
export const HandshakeSchema = v.object({
  /** When the browser began the request. */
  t: time,
  url: v.pipe(v.string(), v.maxLength(MAX_URL_CHARS)),
  urlLength: trueLength,
  method: v.pipe(v.string(), v.maxLength(16)),
  requestHeaders: headers,
  /** How many request headers there were, when more than MAX_HEADERS. */
  requestHeaderCount: trueLength,
  /** The response's status, 0 when none came (or the browser did not say: Chrome on a failed handshake). */
  status: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999)),
  statusLine: v.pipe(v.string(), v.maxLength(MAX_STATUS_LINE_CHARS)),
  responseHeaders: headers,
  responseHeaderCount: trueLength,
  /** The browser's name for the failure ('net::ERR_FAILED', 'NS_ERROR_CONNECTION_REFUSED'), '' when none. */
  error: v.pipe(v.string(), v.maxLength(MAX_NET_ERROR_CHARS)),
  /** When the headers went out, and when the response's headers came (absent when they did not). */
  sentAt: v.optional(time),
  respondedAt: v.optional(time),
  /** When the handshake ended: completed, or failed. */
  endedAt: time,
  context: HandshakeContextSchema,
  /**
   * Chrome sent the request's headers without `extraHeaders` (no panel open,
   * the allHandshakeHeaders setting off): Cookie, Origin and others are not listed.
   */
  hiddenHeaders: v.optional(v.literal(true)),
});
export type Handshake = v.InferOutput<typeof HandshakeSchema>;

export const HandshakeRecordSchema = v.object({
  kind: v.literal('handshake'),
  sid: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
  ...HandshakeSchema.entries,
});
export type HandshakeRecord = v.InferOutput<typeof HandshakeRecordSchema>;

/** A header as the browser hands it over: Chrome gives bytes it cannot read as text in `binaryValue`. */
export interface RawHeader {
  name: string;
  value?: string;
  binaryValue?: ArrayLike<number>;
}

/** Headers cut to the limits, true lengths and count kept; bytes read as Latin-1, as HTTP reads them. */
export function cutHeaders(raw: readonly RawHeader[] | undefined): { headers: Header[]; count?: number } {
  const list = raw ?? [];
  const headers = list.slice(0, MAX_HEADERS).map(({ name, value, binaryValue }) => {
    const text = value ?? (binaryValue ? String.fromCharCode(...Array.from(binaryValue)) : '');
    const header: Header = { name: name.slice(0, MAX_HEADER_NAME_CHARS), value: text.slice(0, MAX_HEADER_VALUE_CHARS) };
    if (name.length > MAX_HEADER_NAME_CHARS) header.nameLength = name.length;
    if (text.length > MAX_HEADER_VALUE_CHARS) header.valueLength = text.length;
    return header;
  });
  return list.length > MAX_HEADERS ? { headers, count: list.length } : { headers };
}

/** The value of the first header named `name` (case-insensitive), if any. */
export function headerValue(headers: readonly Header[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find((header) => header.name.toLowerCase() === wanted)?.value;
}
